// Save load on the workspace and the class page (kvlab#15): 100 trainees each save a 2 KB VM
// file every 2 s through /workspace/file while a class page listens on /trainer/events. Prints
// the gateway's CPU (share of one core over the window) and peak RSS against the stated bounds,
// the save-to-class-page latency (PUT sent → that trainee's `row` event) as p50/p95, and how many
// checks ran. Every save is a new file version, so each one costs a full check (the worst case).
// CPU is counted with the trainees' file helpers (uid-io.ts) and what they ran (cat, mv); the
// machine's load average is printed too: on a shared 2-core machine a loaded neighbour, not the
// gateway, sets most of the latency. Exits 1 when a save failed or a bound is exceeded.
import { loadavg, cpus } from 'node:os';
import { children, pssKiB } from '../gateway/procfs.ts';
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
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

/** utime + stime (own) and cutime + cstime (waited-for children), in clock ticks (100 a second). */
const ticks = (pid: number): { own: number; kids: number } => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { own: Number(f[11]) + Number(f[12]), kids: Number(f[13]) + Number(f[14]) };
  } catch {
    return { own: 0, kids: 0 };
  }
};
/** The gateway alone, and the gateway with its helpers (live ones, and those it reaped). */
const cpuTicks = (pid: number) => {
  const gw = ticks(pid);
  const helpers = children(pid).reduce((n, c) => {
    const t = ticks(c);
    return n + t.own + t.kids;
  }, 0);
  return { gateway: gw.own, all: gw.own + gw.kids + helpers };
};
const rssMiB = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return 0;
  }
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

const gw = await startGateway(['--content', join(ROOT, 'content')]);
const http = `http://127.0.0.1:${gw.port}`;
const users = Array.from({ length: TRAINEES }, (_, i) => `load-${String(i).padStart(3, '0')}`);
// Each trainee is their own client with one keep-alive connection, as a lab page in a browser
// tab: not one pool shared by the whole class, which opens a new connection whenever its
// others are busy (hundreds at once when the gateway falls behind).
const agents = new Map(users.map((u) => [u, new HttpAgent({ keepAlive: true, maxSockets: 1 })]));
const putOnce = (u: string, n: number) =>
  new Promise<void>((ok, fail) => {
    const body = JSON.stringify({ text: fileOf(n) });
    const req = httpRequest(
      `${http}/workspace/file?path=${PATH}`,
      { method: 'PUT', agent: agents.get(u), headers: { authorization: `Bearer ${token(u)}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`PUT for ${u}: HTTP ${res.statusCode}`))));
        res.on('error', (e) => fail(new Error('fetch failed', { cause: e })));
      },
    );
    req.on('error', (e) => fail(new Error('fetch failed', { cause: e })));
    req.end(body);
  });
/** Resets the client met (each retried once, as the lab page retries a save: it is idempotent). */
const resets = new Map<string, number>();
const put = (u: string, n: number) =>
  putOnce(u, n).catch((e: Error) => {
    if (!/fetch failed/.test(e.message)) throw e;
    const why = String((e as { cause?: unknown }).cause ?? e.message);
    resets.set(why, (resets.get(why) ?? 0) + 1);
    return putOnce(u, n);
  });
// homes first (each is made once, as the trainee's uid)
for (let i = 0; i < users.length; i += 10) await Promise.all(users.slice(i, i + 10).map((u) => put(u, 0)));

// the class page's stream
interface Save {
  at: number;
  /** when that trainee's next row arrived */
  row?: number;
  ok?: boolean;
}
const sent = new Map<string, Save[]>();
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
          for (const x of q) x.row ??= now;
          sent.set(user!, q.filter((x) => x.row === undefined));
        }
      }
    }
  } catch {
    /* aborted */
  }
})();

const all: Save[] = [];
const failures = new Map<string, number>();
const t0Ticks = cpuTicks(gw.pid);
const t0 = performance.now();
let peak = rssMiB(gw.pid);
const timers = users.map((u, i) =>
  setTimeout(() => {
    let n = 1;
    const tick = () => {
      if (performance.now() - t0 > WINDOW_MS) return;
      const save: Save = { at: performance.now() };
      all.push(save);
      (sent.get(u) ?? sent.set(u, []).get(u)!).push(save);
      put(u, n++).then(
        () => (save.ok = true),
        (e: Error) => {
          save.ok = false;
          const why = `${e.message}${(e as { cause?: unknown }).cause ? `: ${String((e as { cause?: unknown }).cause)}` : ''}`;
          failures.set(why, (failures.get(why) ?? 0) + 1);
        },
      );
      setTimeout(tick, PERIOD_MS);
    };
    tick();
  }, (i * PERIOD_MS) / users.length),
);
const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(gw.pid))), 250);
await new Promise((r) => setTimeout(r, WINDOW_MS + 3000));
clearInterval(sampler);
timers.forEach(clearTimeout);
// saves still on their way are waited for (up to 30 s), not cut off by the gateway's stop
for (let i = 0; i < 300 && all.some((x) => x.ok === undefined); i++) await new Promise((r) => setTimeout(r, 100));
const seconds = (performance.now() - t0) / 1000;
const t1Ticks = cpuTicks(gw.pid);
const load = loadavg()[0]!;
const helperPids = children(gw.pid);
const helpersMiB = helperPids.reduce((n, p) => n + pssKiB(p), 0) / 1024;
const health = (await (await fetch(`${http}/healthz`)).json()) as Record<string, unknown>;
ac.abort();
for (const a of agents.values()) a.destroy();
await gw.stop();

const cpu = (t1Ticks.gateway - t0Ticks.gateway) / 100 / seconds;
const cpuAll = (t1Ticks.all - t0Ticks.all) / 100 / seconds;
const ok = all.filter((x) => x.ok);
const failed = all.filter((x) => x.ok !== true).length; // unanswered 30 s after the window counts too
const latencies = ok.filter((x) => x.row !== undefined).map((x) => x.row! - x.at);
const perSave = ((t1Ticks.all - t0Ticks.all) * 10) / Math.max(1, ok.length);
const within = cpuAll <= CPU_BOUND && peak <= RSS_BOUND_MIB;
console.log(`${TRAINEES} trainees, a ${Math.round(fileOf(1).length / 1024)} KB save each every ${PERIOD_MS / 1000} s for ${WINDOW_MS / 1000} s, class page open: ${all.length} saves, ${failed} failed, ${latencies.length} of the ${ok.length} saved answered by a row`);
for (const [why, n] of failures) console.log(`  failed ×${n}: ${why}`);
for (const [why, n] of resets) console.log(`  a connection error, retried once ×${n}: ${why}`);
console.log(`CPU: gateway ${(cpu * 100).toFixed(0)}% of one core, with its ${helperPids.length} file helpers ${(cpuAll * 100).toFixed(0)}% (bound ${CPU_BOUND * 100}%: ${(cpuAll / CPU_BOUND).toFixed(2)} of it) ${cpuAll <= CPU_BOUND ? 'within' : 'OVER'}; ${perSave.toFixed(1)} ms of CPU per save`);
console.log(`memory: gateway peak RSS ${peak.toFixed(0)} MiB (bound ${RSS_BOUND_MIB} MiB: ${(peak / RSS_BOUND_MIB).toFixed(2)} of it) ${peak <= RSS_BOUND_MIB ? 'within' : 'OVER'}; file helpers ${helpersMiB.toFixed(0)} MiB PSS in all (${(helpersMiB / Math.max(1, helperPids.length)).toFixed(1)} MiB each; they end after 60 s idle)`);
console.log(`save → class page row: p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms, max ${pct(latencies, 100).toFixed(0)} ms (machine load average ${load.toFixed(1)} on ${cpus().length} cores)`);
console.log(`healthz after: ${JSON.stringify(health)}`);
if (failed > 0) console.log(`the gateway's log:\n${gw.log.join('').split('\n').slice(-15).join('\n')}`);
if (failed > 0 || !within) process.exitCode = 1;
