// Save load on the workspace and the class page (kvlab#15): 100 trainees each save a 2 KB VM
// file every 2 s through /workspace/file while a class page listens on /trainer/events. Prints
// the gateway's CPU (share of one core over the window) and peak RSS against the stated bounds,
// the save-to-class-page latency (PUT sent → that trainee's `row` event) as p50/p95, and how many
// checks ran. Every save is a new file version, so each one costs a full check (the worst case).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGateway, token, SECRET } from '../gateway/harness.ts';
import { issueToken } from '../../scripts/gateway/token.ts';
import { loadClassLabs } from '../../scripts/gateway/trainer-class.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TRAINEES = Number(process.env.KVLAB_BENCH_TRAINEES ?? 100);
const PERIOD_MS = 2000;
const WINDOW_MS = Number(process.env.KVLAB_BENCH_WINDOW_MS ?? 30_000);
/** Stated bounds: one core at most on average, and the gateway's RSS. */
const CPU_BOUND = 1.0;
const RSS_BOUND_MIB = 400;
const PATH = 'labs/lab08/vm_lab08-probe.yaml';

const lab = loadClassLabs(join(ROOT, 'content'), undefined).labs.find((l) => l.key === '08')!;
const solution = lab.lab.tasks[1].files.find((f) => f.path === PATH)!.solution;
const fileOf = (n: number) => {
  const head = `${solution.trimEnd()}\n# save ${n}\n`;
  return `${head}${'#'.repeat(Math.max(0, 2048 - head.length - 1))}\n`;
};

const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 a second)
};
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

const gw = await startGateway(['--content', join(ROOT, 'content')]);
const http = `http://127.0.0.1:${gw.port}`;
const users = Array.from({ length: TRAINEES }, (_, i) => `load-${String(i).padStart(3, '0')}`);
const put = (u: string, n: number) =>
  fetch(`${http}/workspace/file?path=${PATH}`, { method: 'PUT', headers: { authorization: `Bearer ${token(u)}` }, body: JSON.stringify({ text: fileOf(n) }) }).then((r) => {
    if (r.status !== 200) throw new Error(`PUT for ${u}: HTTP ${r.status}`);
  });
// homes first (each is made once, as the trainee's uid)
for (let i = 0; i < users.length; i += 10) await Promise.all(users.slice(i, i + 10).map((u) => put(u, 0)));

// the class page's stream
const sent = new Map<string, number[]>();
const latencies: number[] = [];
const ac = new AbortController();
const res = await fetch(`${http}/trainer/events?token=${issueToken(SECRET, 'tom', 3600, Date.now(), 'trainer')}`, { signal: ac.signal });
void (async () => {
  const reader = res.body!.getReader();
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += Buffer.from(value).toString('utf8');
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!block.startsWith('event: row')) continue;
        const user = /"user":"([^"]+)"/.exec(block)?.[1];
        const q = user ? sent.get(user) : undefined;
        // the row answers every save sent before it
        if (q?.length) {
          const now = performance.now();
          for (const t of q) latencies.push(now - t);
          q.length = 0;
        }
      }
    }
  } catch {
    /* aborted */
  }
})();

let saves = 0;
let failures = 0;
const t0Ticks = ticks(gw.pid);
const t0 = performance.now();
let peak = rssMiB(gw.pid);
const timers = users.map((u, i) =>
  setTimeout(() => {
    let n = 1;
    const tick = () => {
      if (performance.now() - t0 > WINDOW_MS) return;
      (sent.get(u) ?? sent.set(u, []).get(u)!).push(performance.now());
      saves++;
      put(u, n++).catch((e: Error) => {
        if (failures++ === 0) console.log(`first failed save: ${e.message} ${String((e as { cause?: unknown }).cause ?? "")}`);
      });
      setTimeout(tick, PERIOD_MS);
    };
    tick();
  }, (i * PERIOD_MS) / users.length),
);
const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(gw.pid))), 250);
await new Promise((r) => setTimeout(r, WINDOW_MS + 3000));
clearInterval(sampler);
timers.forEach(clearTimeout);
const cpu = (ticks(gw.pid) - t0Ticks) / 100 / ((performance.now() - t0) / 1000);
const health = (await (await fetch(`${http}/healthz`)).json()) as Record<string, unknown>;
ac.abort();
await gw.stop();

console.log(`${TRAINEES} trainees, a ${Math.round(fileOf(1).length / 1024)} KB save each every ${PERIOD_MS / 1000} s for ${WINDOW_MS / 1000} s, class page open: ${saves} saves (${failures} failed), ${latencies.length} answered by a row`);
console.log(`gateway CPU ${(cpu * 100).toFixed(0)}% of one core (bound ${CPU_BOUND * 100}%) ${cpu <= CPU_BOUND ? 'within' : 'OVER'}; peak RSS ${peak.toFixed(0)} MiB (bound ${RSS_BOUND_MIB} MiB) ${peak <= RSS_BOUND_MIB ? 'within' : 'OVER'}`);
console.log(`save → class page row: p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms, max ${pct(latencies, 100).toFixed(0)} ms`);
console.log(`healthz after: ${JSON.stringify(health)}`);
