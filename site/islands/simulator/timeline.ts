// The timeline as SVG: phase and Ready as bands, probe results as marks per probe, restarts,
// endpoint changes and watchdog actions as markers. Pure DOM building; no framework.
import type { SimEvent } from '../../../simulator/index.ts';

const NS = 'http://www.w3.org/2000/svg';
/** Width when the chart's box is not laid out (hidden): the SVG then scales to fit. */
const DEFAULT_WIDTH = 960;
const LEFT = 92;
const RIGHT = 12;
const ROW = 26;
/** More probe runs than this are drawn per pixel column (an hour at 1 s periods is 7,200). */
const MAX_MARKS = 1500;

export const PHASE_COLORS: Record<string, string> = {
  Pending: '#c9c9c9',
  Scheduling: '#f2d16b',
  Scheduled: '#f0a95b',
  Running: '#6aa0d8',
  Succeeded: '#6f8fb8',
  Failed: '#c94b4b',
};
const RESULT_COLORS: Record<string, string> = { success: '#2e7d32', failure: '#c62828', timeout: '#ef6c00' };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** At most `max` intervals (labels at least 44 px apart), each a round number of s, min or h. */
export function tickStep(until: number, max = 12): number {
  for (const s of [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 10800, 21600]) if (until / s <= max) return s;
  return 43200;
}

/** One unit for the whole axis (never "60s" beside "2m"): the largest that divides the step. */
export function tickFormat(step: number): (s: number) => string {
  if (step % 3600 === 0) return (s) => `${s / 3600}h`;
  if (step % 60 === 0) return (s) => `${s / 60}m`;
  return (s) => `${s}s`;
}

let drawn = 0; // unique title/desc ids: a page can hold several timelines

/** Draw events up to `upTo` (a live replay draws a growing prefix). */
/** `width`: the chart's width in CSS pixels, so the text is drawn at its own size (11-12 px) on a phone too. */
export function drawTimeline(events: SimEvent[], until: number, upTo: number, label: string, description: string, width = DEFAULT_WIDTH): SVGSVGElement {
  const W = Math.max(240, Math.round(width));
  const rows = ['Phase', 'Ready', 'Liveness', 'Readiness', 'Events'];
  const H = 20 + rows.length * ROW + 24;
  const id = `kvlab-sim-${++drawn}`;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'kvlab-sim-svg', 'data-until': until });
  root.append(svg('title', { id: `${id}-title` }, label), svg('desc', { id: `${id}-desc` }, description));
  const x = (t: number) => LEFT + (Math.min(t, until) / until) * (W - LEFT - RIGHT);
  const y = (i: number) => 20 + i * ROW;
  rows.forEach((r, i) => {
    root.append(svg('text', { x: 6, y: y(i) + ROW / 2 + 4, class: 'kvlab-sim-label' }, r));
    root.append(svg('line', { x1: LEFT, x2: W - RIGHT, y1: y(i) + ROW - 2, y2: y(i) + ROW - 2, stroke: '#e3e3e3', class: 'kvlab-sim-grid' }));
  });
  const step = tickStep(until, Math.max(2, Math.min(12, Math.floor((W - LEFT - RIGHT) / 44))));
  const fmt = tickFormat(step);
  for (let t = 0; t <= until; t += step) {
    root.append(svg('line', { x1: x(t), x2: x(t), y1: 16, y2: y(rows.length), stroke: '#eee', class: 'kvlab-sim-grid', 'stroke-opacity': 0.6 }));
    // the last label ends at the right edge rather than being cut in half there
    root.append(svg('text', { x: x(t), y: y(rows.length) + 14, class: 'kvlab-sim-tick', 'text-anchor': t + step > until && t === until ? 'end' : 'middle' }, fmt(t)));
  }
  const shown = events.filter((e) => e.t <= upTo);
  // bands: phase and Ready, as segments between changes
  const band = (row: number, changes: { t: number; value: string }[], color: (v: string) => string, cls: string) => {
    changes.forEach((c, i) => {
      const end = Math.min(changes[i + 1]?.t ?? upTo, upTo);
      if (end < c.t) return;
      const r = svg('rect', { x: x(c.t), y: y(row) + 3, width: Math.max(1, x(end) - x(c.t)), height: ROW - 8, fill: color(c.value), class: cls, 'data-value': c.value, 'data-t': c.t });
      r.append(svg('title', {}, `${c.value} from ${c.t} s`));
      root.append(r);
    });
  };
  band(0, shown.filter((e) => e.source === 'vmi' && e.type === 'phase').map((e) => ({ t: e.t, value: String(e.detail.phase) })), (v) => PHASE_COLORS[v] ?? '#999', 'kvlab-sim-phase');
  const readyChanges = [{ t: 0, value: 'False' }, ...shown.filter((e) => e.type === 'condition').map((e) => ({ t: e.t, value: String(e.detail.status) }))];
  band(1, readyChanges, (v) => (v === 'True' ? '#5aa469' : '#d9d9d9'), 'kvlab-sim-ready');
  // probe marks: one per run while they fit, else one per pixel column and result
  const probes = shown.filter((e) => e.type === 'probe');
  const mark = (t: number, row: number, res: string, title: string, width = 2.5, count = 1) => {
    const m = svg('rect', { x: x(t) - 1, y: y(row) + (res === 'success' ? 8 : 4), width, height: res === 'success' ? ROW - 16 : ROW - 8, fill: RESULT_COLORS[res] ?? '#555', class: `kvlab-sim-probe kvlab-sim-${res}`, ...(count > 1 ? { 'data-count': count } : {}) });
    m.append(svg('title', {}, title));
    root.append(m);
  };
  if (probes.length <= MAX_MARKS) {
    for (const e of probes) {
      const res = String(e.detail.result);
      mark(e.t, e.detail.probe === 'liveness' ? 2 : 3, res, `${e.t} s: ${String(e.detail.probe)} ${String(e.detail.handler)} ${res}${e.detail.message ? ` (${String(e.detail.message)})` : ''}`);
    }
  } else {
    // bins of one pixel: a failure or timeout in a bin is drawn even among many successes
    const bins = new Map<string, { t0: number; t1: number; row: number; res: string; n: number }>();
    for (const e of probes) {
      const row = e.detail.probe === 'liveness' ? 2 : 3;
      const res = String(e.detail.result);
      const key = `${row}|${Math.floor(x(e.t))}|${res}`;
      const b = bins.get(key);
      if (b) {
        b.n++;
        b.t1 = e.t;
      } else bins.set(key, { t0: e.t, t1: e.t, row, res, n: 1 });
    }
    const order = { success: 0, timeout: 1, failure: 2 } as Record<string, number>;
    for (const b of [...bins.values()].sort((p, q) => (order[p.res] ?? 3) - (order[q.res] ?? 3))) {
      mark(b.t0, b.row, b.res, `${b.t0}–${b.t1} s: ${b.n} ${b.row === 2 ? 'liveness' : 'readiness'} ${b.res}`, 2, b.n);
    }
  }
  // markers: restarts (red), endpoint changes (blue/grey), watchdog fire (purple), kills
  for (const e of shown) {
    let cls = '';
    let color = '';
    let text = '';
    if (e.source === 'vm' && e.type === 'restart') [cls, color, text] = ['kvlab-sim-restart', '#c62828', `restart ${String(e.detail.count)}: ${String(e.detail.reason)}`];
    else if (e.source === 'endpoints') [cls, color, text] = [`kvlab-sim-endpoint kvlab-sim-endpoint-${e.type}`, e.type === 'added' ? '#1565c0' : '#90a4ae', `endpoint ${e.type}`];
    else if (e.source === 'watchdog' && e.type === 'fired') [cls, color, text] = ['kvlab-sim-watchdog', '#6a1b9a', `watchdog ${String(e.detail.action)}`];
    else if (e.type === 'kill') [cls, color, text] = ['kvlab-sim-kill', '#ef6c00', 'kubelet kills the compute container'];
    else if (e.type === 'start-error') [cls, color, text] = ['kvlab-sim-start-error', '#c62828', String(e.detail.message)];
    else continue;
    const cx = x(e.t);
    const cy = y(4) + ROW / 2 - 1;
    const shape = cls === 'kvlab-sim-restart'
      ? svg('path', { d: `M${cx} ${cy - 8} L${cx + 7} ${cy + 6} L${cx - 7} ${cy + 6} Z`, fill: color, class: cls, 'data-t': e.t })
      : svg('circle', { cx, cy, r: 4.5, fill: color, class: cls, 'data-t': e.t });
    shape.append(svg('title', {}, `${e.t} s: ${text}`));
    root.append(shape);
    if (cls === 'kvlab-sim-restart') root.append(svg('line', { x1: cx, x2: cx, y1: 16, y2: y(4), stroke: color, 'stroke-dasharray': '3 3', class: 'kvlab-sim-restart-line' }));
  }
  if (upTo < until) root.append(svg('line', { x1: x(upTo), x2: x(upTo), y1: 14, y2: y(rows.length), stroke: '#222', 'stroke-width': 1.5, class: 'kvlab-sim-cursor' }));
  return root;
}
