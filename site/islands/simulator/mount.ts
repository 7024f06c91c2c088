// The simulator island (contract 5): runs the trainee's current VM + cloud-init through the
// simulator in the page's validator worker (simulate() and the validators it runs stay off the
// main thread; the timeline comes back as two transferred arrays), draws the timeline, offers
// scenario steps and a live replay, and says the numbers in a caption. The editor mounts it
// beside the lab editor; site/pages/simulator.astro mounts it stand-alone.
import { ACTIONS } from '../../../simulator/scenario.ts';
import { formatLog } from '../../../simulator/format.ts';
import { Timeline } from '../../../simulator/timeline.ts';
import type { ScenarioStep, SimEvent } from '../../../simulator/types.ts';
import type { SimSummary } from '../../../simulator/simulate.ts';
import { pageValidators } from '../../workers/validator-client.ts';
import { captionLines } from './caption.ts';
import { drawTimeline } from './timeline.ts';
import { el } from '../../lib/dom.ts';

export interface SimulatorHost {
  getVmYaml(): string;
  getUserData(): string | undefined;
  onChange(cb: () => void): void;
}

// Colours come from the site's theme variables (site/styles/site.css), with light fallbacks for
// a page without them, so the island follows light and dark mode like the rest of the page.
const CSS = `
.kvlab-sim{font:14px/1.4 system-ui,sans-serif;border:1px solid var(--border,#d1d9e0);border-radius:6px;padding:10px;margin:10px 0;background:var(--bg,#fff);color:var(--fg,#1f2328)}
.kvlab-sim h2,.kvlab-sim h4{font-size:1.05rem;margin:.2rem 0 .5rem;border:0;padding:0}
.kvlab-sim-controls{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin-bottom:6px}
.kvlab-sim-controls label{display:inline-flex;gap:4px;align-items:center}
.kvlab-sim-controls label[hidden]{display:none}
.kvlab-sim-controls input[type=number]{width:5.5em}
.kvlab-sim select,.kvlab-sim input{font:inherit;background:var(--bg,#fff);color:var(--fg,#1f2328);border:1px solid var(--border,#d1d9e0);border-radius:4px}
.kvlab-sim-steps{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:6px}
.kvlab-sim-steps li{background:var(--panel,#f6f8fa);border:1px solid var(--border,#d1d9e0);border-radius:12px;padding:2px 8px}
.kvlab-sim-steps button{border:none;background:none;cursor:pointer;color:var(--danger,#b42318)}
.kvlab-sim-chart{min-width:0}
.kvlab-sim-svg{width:100%;height:auto;display:block}
.kvlab-sim-label{font-size:12px;fill:var(--fg,#1f2328)}
.kvlab-sim-tick{font-size:11px;fill:var(--muted,#59636e)}
.kvlab-sim-grid{stroke:var(--border,#d1d9e0)}
.kvlab-sim-cursor{stroke:var(--fg,#1f2328)}
.kvlab-sim-caption p{margin:4px 0}
.kvlab-sim-error{color:var(--danger,#b42318);white-space:pre-wrap}
.kvlab-sim-log{white-space:pre-wrap;overflow-wrap:anywhere}
.kvlab-sim-legend{font-size:12px;color:var(--muted,#59636e);display:flex;flex-wrap:wrap;gap:2px 16px}
.kvlab-sim-legend-group{display:inline-flex;flex-wrap:wrap;align-items:center;gap:0 2px}
.kvlab-sim-legend-item{white-space:nowrap}
.kvlab-sim-legend b{font-weight:600}.kvlab-sim-legend i{display:inline-block;width:10px;height:10px;margin:0 3px 0 8px;vertical-align:-1px}
`;


function ensureStyle(): void {
  if (document.getElementById('kvlab-sim-style')) return;
  document.head.append(el('style', { id: 'kvlab-sim-style', textContent: CSS }));
}

export function mountSimulator(host: HTMLElement, opts: SimulatorHost): { dispose(): void } {
  ensureStyle();
  let disposed = false;
  let steps: ScenarioStep[] = [];
  let until = 600;
  let result: { events: SimEvent[]; summary: SimSummary } | undefined;
  let runs = 0; // only the latest run draws
  let replayFrame = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  // --- controls -----------------------------------------------------------------------------
  const action = el('select', { ariaLabel: 'Scenario action' });
  for (const a of ACTIONS) action.append(el('option', { value: a, textContent: a }));
  const at = el('input', { type: 'number', min: '0', value: '400', ariaLabel: 'At (seconds)' });
  const port = el('input', { type: 'number', min: '1', max: '65535', value: '8081', ariaLabel: 'Port' });
  const interval = el('input', { type: 'number', min: '0.1', step: '0.1', value: '2', ariaLabel: 'Feeder interval (s)' });
  const timeout = el('input', { type: 'number', min: '0.1', step: '0.1', value: '10', ariaLabel: 'Watchdog timeout (s)' });
  const portLabel = el('label', {}, 'port ', port);
  const intervalLabel = el('label', {}, 'interval ', interval);
  const timeoutLabel = el('label', {}, 'timeout ', timeout);
  const syncFields = () => {
    const a = action.value;
    portLabel.hidden = a !== 'stop-server' && a !== 'start-server';
    intervalLabel.hidden = timeoutLabel.hidden = a !== 'start-watchdog-feeder';
  };
  action.addEventListener('change', syncFields);
  syncFields();
  const add = el('button', { type: 'button', textContent: 'Add step', className: 'kvlab-sim-add' });
  const list = el('ul', { className: 'kvlab-sim-steps', ariaLabel: 'Scenario steps' });
  const untilSel = el('select', { ariaLabel: 'Simulate for' });
  for (const [v, t] of [[300, '5 min'], [600, '10 min'], [1200, '20 min'], [3600, '1 h'], [21600, '6 h'], [86400, '24 h']] as const) untilSel.append(el('option', { value: String(v), textContent: t, selected: v === until }));
  const speed = el('select', { ariaLabel: 'Replay speed', className: 'kvlab-sim-speed' });
  for (const [v, t] of [[10, '10×'], [30, '30×'], [60, '60×'], [300, '300×']] as const) speed.append(el('option', { value: String(v), textContent: t, selected: v === 30 }));
  const play = el('button', { type: 'button', textContent: '▶ Replay', className: 'kvlab-sim-play' });
  const rerun = el('button', { type: 'button', textContent: 'Run again', className: 'kvlab-sim-run' });

  const controls = el('div', { className: 'kvlab-sim-controls' }, el('strong', {}, 'Scenario: '), 'at ', at, ' s ', action, portLabel, intervalLabel, timeoutLabel, add, el('span', {}, ' · simulate '), untilSel, el('span', {}, ' · replay '), speed, play, rerun);
  const chart = el('div', { className: 'kvlab-sim-chart' });
  const legend = el('div', { className: 'kvlab-sim-legend', ariaHidden: 'true' });
  // Grouped so a wrapped legend still reads "Phase: …", "Ready: …", "Probe: …", "Markers: …".
  const groups: [string, [string, string][]][] = [
    ['Phase', [['#c9c9c9', 'Pending'], ['#f2d16b', 'Scheduling'], ['#f0a95b', 'Scheduled'], ['#6aa0d8', 'Running'], ['#c94b4b', 'Failed']]],
    ['Ready', [['#5aa469', 'True']]],
    ['Probe', [['#2e7d32', 'success'], ['#c62828', 'failure'], ['#ef6c00', 'timeout']]],
    ['Markers', [['#c62828;border-radius:0', 'restart'], ['#1565c0;border-radius:50%', 'endpoint ready'], ['#90a4ae;border-radius:50%', 'endpoint not ready'], ['#6a1b9a;border-radius:50%', 'watchdog']]],
  ];
  legend.innerHTML = groups
    .map(([label, items]) => `<span class="kvlab-sim-legend-group"><b>${label}:</b>${items.map(([bg, name]) => `<span class="kvlab-sim-legend-item"><i style="background:${bg}"></i>${name}</span>`).join('')}</span>`)
    .join('');
  const caption = el('div', { className: 'kvlab-sim-caption', role: 'status', ariaLive: 'polite' });
  const log = el('pre', { className: 'kvlab-sim-log' });
  const text = el('details', { className: 'kvlab-sim-text' }, el('summary', {}, 'Timeline as text'), log);
  // Beside a lab editor (itself under an h3) the heading is an h4; stand-alone it follows the h1.
  const heading = el(host.closest('.kvlab-editor') ? 'h4' : 'h2', { textContent: 'Simulated cluster: what the probes will do' });
  const root = el('section', { className: 'kvlab-sim', ariaLabel: 'Probe simulator' }, heading, controls, list, chart, legend, caption, text);
  host.replaceChildren(root);

  const renderSteps = () => {
    list.replaceChildren(
      ...steps.map((s, i) => {
        const rm = el('button', { type: 'button', textContent: '×', ariaLabel: `Remove step ${i + 1}` });
        rm.addEventListener('click', () => {
          steps = steps.filter((_, j) => j !== i);
          renderSteps();
          void run();
        });
        const desc = `${s.at} s: ${s.action}${s.port !== undefined ? ` ${s.port}` : ''}${s.interval !== undefined ? ` every ${s.interval} s, timeout ${s.timeout} s` : ''}`;
        return el('li', {}, desc, rm);
      }),
    );
  };

  add.addEventListener('click', () => {
    const s: ScenarioStep = { at: Math.max(0, Number(at.value) || 0), action: action.value as ScenarioStep['action'] };
    if (!portLabel.hidden) s.port = Number(port.value) || 8081;
    if (!intervalLabel.hidden) {
      s.interval = Number(interval.value) || 2;
      s.timeout = Number(timeout.value) || 10;
    }
    steps = [...steps, s].sort((a, b) => a.at - b.at);
    renderSteps();
    void run();
  });
  untilSel.addEventListener('change', () => {
    until = Number(untilSel.value);
    void run();
  });
  rerun.addEventListener('click', () => void run());
  play.addEventListener('click', () => replay());

  // --- run and draw ---------------------------------------------------------------------------
  let shownUpTo = 0;
  function draw(upTo: number): void {
    if (!result) return;
    shownUpTo = upTo;
    const lines = captionLines(result.events, result.summary);
    const svg = drawTimeline(result.events, until, upTo, lines[0] ?? 'Simulated timeline', lines.join(' '), chart.clientWidth || undefined);
    svg.dataset.restarts = String(result.summary.restarts);
    if (result.summary.readyAt !== undefined) svg.dataset.readyAt = String(result.summary.readyAt);
    chart.replaceChildren(svg);
  }

  async function run(): Promise<void> {
    if (disposed) return;
    const mine = ++runs;
    const vm = opts.getVmYaml();
    const userData = opts.getUserData();
    let data;
    try {
      data = await pageValidators().request({ type: 'simulate', input: { vm, ...(userData !== undefined ? { userData } : {}), scenario: steps, until, file: 'vm.yaml' } });
    } catch (e) {
      data = { ok: false as const, error: e instanceof Error ? e.message : String(e) };
    }
    if (disposed || mine !== runs) return; // a newer edit or step started another run
    cancelAnimationFrame(replayFrame);
    if (!data.ok) {
      result = undefined;
      chart.replaceChildren();
      log.textContent = '';
      if (data.findings) {
        caption.replaceChildren(el('p', { className: 'kvlab-sim-error', textContent: `The API server would reject this VM, so nothing runs:\n${data.findings.map((f) => `line ${f.line}:${f.column}: ${f.message}`).join('\n')}` }));
      } else {
        caption.replaceChildren(el('p', { className: 'kvlab-sim-error', textContent: `The simulation could not run: ${data.error ?? 'unknown error'}` }));
      }
      return;
    }
    const timeline = Timeline.fromParts(data.timeline);
    result = { events: timeline.events, summary: data.summary };
    draw(until);
    caption.replaceChildren(...captionLines(result.events, result.summary).map((l) => el('p', { textContent: l })));
    log.textContent = formatLog(result.events, { collapseProbes: true });
  }

  /** Live replay: the simulated clock runs at `speed`× wall time (requestAnimationFrame). */
  function replay(): void {
    if (!result) return;
    cancelAnimationFrame(replayFrame);
    const factor = Number(speed.value) || 30;
    const start = performance.now();
    const frame = () => {
      if (disposed) return;
      const t = Math.min(until, ((performance.now() - start) / 1000) * factor);
      draw(t);
      if (t < until) replayFrame = requestAnimationFrame(frame);
    };
    frame();
  }

  // Drawn at the chart's own width (text at its size on a phone): redrawn when that changes.
  let drawnWidth = 0;
  const resize = new ResizeObserver(() => {
    const w = chart.clientWidth;
    if (!w || Math.abs(w - drawnWidth) < 8) return;
    drawnWidth = w;
    if (result) draw(shownUpTo);
  });
  resize.observe(chart);

  opts.onChange(() => {
    if (disposed) return;
    clearTimeout(debounce);
    debounce = setTimeout(run, 300);
  });
  void run();
  return {
    dispose() {
      disposed = true;
      clearTimeout(debounce);
      cancelAnimationFrame(replayFrame);
      resize.disconnect();
      host.replaceChildren();
    },
  };
}
