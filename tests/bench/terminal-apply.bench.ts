// What the sandbox terminal's `kubectl apply` costs the page's main thread, in headless Chromium
// on the built probes lab, a fresh browser context per run (cold caches, no saved shell):
//   - open: the trainee opens the terminal (the cloud-init Secret is then created);
//   - apply: `kubectl apply -f labs/lab08/vm_lab08-probe.yaml` typed, 1.5 s after the terminal
//     opened; then a second one (delete + apply);
//   - run: on a fresh page, "Run in terminal" on the lab's apply block before the terminal was
//     ever opened (the click opens it; the apply runs as soon as the sandbox is there).
// For each: wall time (Enter or click → the "created" line in xterm's buffer), the longest
// main-thread task (PerformanceObserver 'longtask'), and the main thread's script time (CDP
// Performance.getMetrics ScriptDuration; a worker's is not counted); for "run" also the JS the
// main thread fetched. Medians over RUNS (default 5).
//
// KVLAB_BENCH_SITES=name=DIR,name=DIR compares builds (runs interleaved, so a busy machine
// weighs on each alike); default: dist/default (built if missing). THROTTLE=N slows the page's
// CPU N times (DevTools CPU throttling), as on a slower laptop. Wall-clock figures: tests never
// assert on them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../browser/browser.ts';
import { draftKey } from '../../site/lib/progress.ts';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';

const root = join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.RUNS ?? 5);
const THROTTLE = Number(process.env.THROTTLE ?? 1);
const USER = 'bench';
const APPLY = 'kubectl apply -f labs/lab08/vm_lab08-probe.yaml';
const CREATED = 'virtualmachine\\.kubevirt\\.io\\/lab08-probe created';

interface Lab {
  tasks: { id: string; files: { path: string; solution: string }[] }[];
}

/** One measured step: wall ms, longest main-thread task ms, main-thread script ms. */
interface Step {
  ms: number;
  longest: number;
  script: number;
}
interface Run {
  open: Step;
  first: Step;
  second: Step;
  run: Step & { jsKB: number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// In every page before its own scripts: the trainee, the drafts, a long-task recorder, the times
// of Enter keydowns and "Run in terminal" clicks, and a watch for a pattern in xterm's buffer.
function initScript({ user, drafts }: { user: string; drafts: Record<string, string> }): void {
  localStorage.setItem('kvlab:v1:user', user);
  for (const [k, v] of Object.entries(drafts)) localStorage.setItem(k, v);
  type Term = { onWriteParsed(cb: () => void): { dispose(): void }; buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string } | undefined } } };
  const w = window as unknown as {
    kvlabBench: { tasks: { start: number; duration: number }[]; mark: number[]; shown?: number; watch(src: string): void; longest(a: number, b: number): number };
    kvlabTerminal?: { term: Term };
  };
  w.kvlabBench = {
    tasks: [],
    mark: [],
    watch(src) {
      const re = new RegExp(src);
      this.shown = undefined;
      const check = (): boolean => {
        const b = w.kvlabTerminal?.term.buffer.active;
        if (!b) return false;
        let text = '';
        for (let j = Math.max(0, b.length - 60); j < b.length; j++) text += `${b.getLine(j)?.translateToString(true) ?? ''}\n`;
        if (!re.test(text.replace(/\n+$/, ''))) return false;
        this.shown = performance.now();
        return true;
      };
      // the terminal may not exist yet ("Run in terminal" creates it): poll each frame until it does
      const attach = () => {
        if (!w.kvlabTerminal) return void requestAnimationFrame(attach);
        if (check()) return;
        const sub = w.kvlabTerminal.term.onWriteParsed(() => check() && sub.dispose());
      };
      attach();
    },
    longest(a, b) {
      return Math.max(0, ...this.tasks.filter((t) => t.start + t.duration > a && t.start < b).map((t) => t.duration));
    },
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.kvlabBench.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('keydown', (e) => e.key === 'Enter' && w.kvlabBench.mark.push(performance.now()), true);
  document.addEventListener('click', (e) => /^(Run in terminal|Terminal)$/.test((e.target as HTMLElement).textContent ?? '') && w.kvlabBench.mark.push(performance.now()), true);
}

async function scriptSeconds(page: Page, cdp: { send(m: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }> }): Promise<number> {
  void page;
  return (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')!.value;
}

async function oneRun(browser: Browser, base: string, drafts: Record<string, string>): Promise<Run> {
  const open = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // tsx (esbuild, keepNames) wraps named functions in __name(): the functions sent to the page need it
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    await context.addInitScript(initScript, { user: USER, drafts });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    await page.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    return { context, page, cdp };
  };
  /** Runs `act`, waits for `expect` in the terminal; the step's figures from the last mark on. */
  const step = async (page: Page, cdp: Awaited<ReturnType<typeof open>>['cdp'], expect: string, act: () => Promise<void>): Promise<Step> => {
    await page.evaluate((src) => (window as unknown as { kvlabBench: { watch(s: string): void } }).kvlabBench.watch(src), expect);
    const s0 = await scriptSeconds(page, cdp);
    await act();
    await page.waitForFunction(() => (window as unknown as { kvlabBench: { shown?: number } }).kvlabBench.shown !== undefined, undefined, { timeout: 120_000, polling: 'raf' });
    const s1 = await scriptSeconds(page, cdp);
    const { ms, longest } = await page.evaluate(() => {
      const b = (window as unknown as { kvlabBench: { shown: number; mark: number[]; longest(a: number, b: number): number } }).kvlabBench;
      const t0 = b.mark[b.mark.length - 1]!;
      return { ms: b.shown - t0, longest: b.longest(t0, b.shown) };
    });
    return { ms, longest, script: (s1 - s0) * 1000 };
  };

  const a = await open();
  const openStep = await step(a.page, a.cdp, `${USER}@sandbox:~\\$ $`, () => a.page.click('#terminal-toggle'));
  await a.page.locator('.kvlab-term .xterm').click();
  await a.page.keyboard.type('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
  await a.page.keyboard.press('Enter');
  await a.page.waitForTimeout(1500);
  await a.page.keyboard.type(APPLY);
  const first = await step(a.page, a.cdp, CREATED, () => a.page.keyboard.press('Enter'));
  await a.page.keyboard.type(`kubectl delete vm lab08-probe && ${APPLY}`);
  const second = await step(a.page, a.cdp, `deleted\\n${CREATED}`, () => a.page.keyboard.press('Enter'));
  await a.context.close();

  const b = await open();
  await b.page.waitForTimeout(500);
  const mainJs0 = await b.page.evaluate(() => performance.getEntriesByType('resource').length);
  // clicked without scrolling to it: the task's editor (Monaco) stays unloaded, so what is
  // measured is the terminal's own work
  const run = await step(b.page, b.cdp, CREATED, () =>
    b.page.evaluate((apply) => {
      const block = [...document.querySelectorAll('.code-block')].find((el) => el.textContent!.includes(apply))!;
      [...block.querySelectorAll('button')].find((el) => el.textContent === 'Run in terminal')!.click();
    }, APPLY),
  );
  const jsKB = await b.page.evaluate(
    (from) =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .slice(from)
        .filter((e) => /\.js(\?|$)/.test(e.name))
        .reduce((n, e) => n + e.decodedBodySize, 0) / 1024,
    mainJs0,
  );
  await b.context.close();
  return { open: openStep, first, second, run: { ...run, jsKB } };
}

async function main(): Promise<void> {
  let sites: [string, string][];
  if (process.env.KVLAB_BENCH_SITES) sites = process.env.KVLAB_BENCH_SITES.split(',').map((s) => s.split('=') as [string, string]);
  else {
    const dir = join(root, 'dist', 'default');
    if (!existsSync(join(dir, 'probes', 'index.html'))) {
      console.log('building the default variant into dist/default …');
      const r = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'build', '--variant', 'default'], { cwd: root, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('kvlab build failed');
    }
    sites = [['this build', dir]];
  }
  const servers: StaticServer[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  const runs = new Map<string, Run[]>();
  try {
    const bases: string[] = [];
    for (const [, dir] of sites) {
      if (!existsSync(join(dir, 'probes', 'index.html'))) throw new Error(`${dir} holds no built probes lab`);
      const s = await serveStatic(dir);
      servers.push(s);
      bases.push(s.url.replace(/\/?$/, '/'));
    }
    const lab = (await (await fetch(new URL('exercises/08.json', bases[0]))).json()) as Lab;
    const sol = (task: string, path: string) => lab.tasks.find((t) => t.id === task)!.files.find((f) => f.path === path)!.solution;
    const scope = { user: USER, lab: '08', variant: 'default' };
    const drafts = {
      [draftKey(scope, '1', 'labs/lab08/cloudinit-probe.yaml')]: JSON.stringify({ text: sol('1', 'labs/lab08/cloudinit-probe.yaml'), savedAt: 1 }),
      [draftKey(scope, '2', 'labs/lab08/vm_lab08-probe.yaml')]: JSON.stringify({ text: sol('2', 'labs/lab08/vm_lab08-probe.yaml'), savedAt: 2 }),
    };
    for (let i = 0; i < RUNS; i++) {
      for (const [k, [name]] of sites.entries()) {
        const r = await oneRun(browser, bases[k]!, drafts);
        runs.set(name, [...(runs.get(name) ?? []), r]);
        const f = (s: Step) => `${s.ms.toFixed(0)} ms (longest task ${s.longest.toFixed(0)}, script ${s.script.toFixed(0)})`;
        console.log(`[${name}] run ${i + 1}: open ${f(r.open)}; first apply ${f(r.first)}; second ${f(r.second)}; "Run in terminal" ${f(r.run)}, main-thread JS ${r.run.jsKB.toFixed(0)} KB`);
      }
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
  }
  console.log(`\nmedians of ${RUNS} runs${THROTTLE > 1 ? `, CPU ${THROTTLE}x slower` : ''} (ms; "longest" = longest main-thread task, "script" = main-thread script time):`);
  const cols = ['open', 'first', 'second', 'run'] as const;
  console.log(`  ${'build'.padEnd(12)} ${cols.map((c) => `${c}: wall / longest / script`.padEnd(32)).join('')}run: main-thread JS`);
  for (const [name, rs] of runs) {
    const m = (c: (typeof cols)[number], k: keyof Step) => median(rs.map((r) => r[c][k])).toFixed(0);
    console.log(`  ${name.padEnd(12)} ${cols.map((c) => `${m(c, 'ms')} / ${m(c, 'longest')} / ${m(c, 'script')}`.padEnd(32)).join('')}${median(rs.map((r) => r.run.jsKB)).toFixed(0)} KB`);
  }
}

await main();
