// Connected-mode terminal cost: keystroke round trip (type one character at a bash prompt,
// wait for its echo) and output throughput (32 MB through the terminal), for
//   - baseline: node-pty in this process (no network at all),
//   - kvlab gateway: `kvlab gateway` as its own process, a `ws` client over loopback,
//   - wetty (if /tmp/wetty-bench holds it: `npm install wetty` there — never a project
//     dependency): wetty's own server, a socket.io client doing wetty's flow-control commits.
// Printed as medians and ratios measured in this one run. Nothing here asserts on time.
// Then the input side (kvlab#17 item 3): a client that floods up to 1 GiB of input into a
// shell running `sleep`, and 1,000,000 pings, without reading; the gateway's RSS is printed
// (tests/gateway/flood-input.test.ts checks a small version against a bound).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty from 'node-pty';
import WebSocket from 'ws';
import { issueToken } from '../../scripts/gateway/token.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const WETTY_DIR = process.env.KVLAB_WETTY_DIR ?? '/tmp/wetty-bench';
const KEYSTROKES = 300;
const FLOOD_BYTES = 32_000_000;
const FLOOD_RUNS = 3;

interface Term {
  name: string;
  write(s: string): void;
  onData(cb: (s: string) => void): void;
  close(): Promise<void>;
}

function waitForProcessLine(child: ChildProcess, re: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((ok, fail) => {
    let out = '';
    const t = setTimeout(() => fail(new Error(`${what} did not start: ${out}`)), 30_000);
    const on = (d: Buffer) => {
      out += String(d);
      const m = re.exec(out);
      if (m) {
        clearTimeout(t);
        ok(m);
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.on('exit', (c) => fail(new Error(`${what} exited with ${c}: ${out}`)));
  });
}

function localPty(): Term {
  const p = pty.spawn('bash', [], { cols: 120, rows: 40, cwd: tmpdir(), env: { PATH: '/usr/bin:/bin', TERM: 'xterm-256color', HOME: tmpdir(), LANG: 'C.UTF-8' } });
  return {
    name: 'local node-pty',
    write: (s) => p.write(s),
    onData: (cb) => p.onData(cb),
    close: async () => p.kill(),
  };
}

async function kvlabGateway(): Promise<Term> {
  const secret = 'bench-secret-Vq3xR8tLw2ZpN6yKc1HdJ9mFs4GbT7eA';
  const state = mkdtempSync(join(tmpdir(), 'kvlab-bench-'));
  const child = spawn(NODE, [join(ROOT, 'scripts', 'kvlab.mjs'), 'gateway', '--port', '0', '--host', '127.0.0.1', '--state-dir', state], {
    env: { PATH: process.env.PATH, KVLAB_GATEWAY_SECRET: secret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const m = await waitForProcessLine(child, /listening on http:\/\/[^:]+:(\d+)/, 'kvlab gateway');
  const ws = new WebSocket(`ws://127.0.0.1:${m[1]}/terminal?cols=120&rows=40&token=${issueToken(secret, 'bench', 3600)}`, { perMessageDeflate: false });
  const cbs: ((s: string) => void)[] = [];
  const decoder = new TextDecoder();
  ws.on('message', (d, bin) => {
    if (bin) {
      const s = decoder.decode(d as Buffer, { stream: true });
      for (const cb of cbs) cb(s);
    }
  });
  await new Promise((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  return {
    name: 'kvlab gateway',
    write: (s) => ws.send(Buffer.from(s), { binary: true }),
    onData: (cb) => cbs.push(cb),
    close: async () => {
      ws.close(1000);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(state, { recursive: true, force: true });
    },
  };
}

async function wetty(): Promise<Term | string> {
  const main = join(WETTY_DIR, 'node_modules', 'wetty', 'build', 'main.js');
  if (!existsSync(main)) return `wetty not installed in ${WETTY_DIR} (mkdir -p ${WETTY_DIR} && cd ${WETTY_DIR} && npm install wetty && npm rebuild node-pty)`;
  let io: (url: string, opts: object) => any;
  try {
    io = createRequire(join(WETTY_DIR, 'package.json'))('socket.io-client').io;
  } catch (e) {
    return `wetty's socket.io-client cannot be loaded: ${(e as Error).message}`;
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(NODE, [main, '--port', String(port), '--host', '127.0.0.1', '--command', 'bash'], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: tmpdir() } });
  try {
    await waitForProcessLine(child, /Server started/, 'wetty');
  } catch (e) {
    child.kill();
    return `wetty did not start: ${(e as Error).message.slice(0, 300)}`;
  }
  const s = io(`http://127.0.0.1:${port}`, { path: '/socket.io', transports: ['websocket'] });
  const cbs: ((s: string) => void)[] = [];
  s.on('data', (d: string) => {
    s.emit('commit', d.length); // wetty's client acknowledges what it rendered (flow control)
    for (const cb of cbs) cb(d);
  });
  const ok = await new Promise<boolean>((res) => {
    s.on('login', () => res(true));
    s.on('connect_error', () => res(false));
    setTimeout(() => res(false), 15_000);
  });
  if (!ok) {
    child.kill();
    return 'wetty started but its terminal did not log in';
  }
  s.emit('resize', { cols: 120, rows: 40 });
  return {
    name: 'wetty',
    write: (x) => s.emit('input', x),
    onData: (cb) => cbs.push(cb),
    close: async () => {
      s.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Resolves once the accumulated output since the call matches `re`. */
function expectOutput(term: Term & { buf?: string }, re: RegExp, ms = 60_000): Promise<void> {
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`${term.name}: timed out waiting for ${re}`)), ms);
    (term as any).waiter = () => {
      if (re.test((term as any).buf)) {
        clearTimeout(t);
        (term as any).waiter = undefined;
        ok();
      }
    };
    (term as any).waiter();
  });
}

function instrument(term: Term): Term & { buf: string; bytes: number } {
  const t = term as Term & { buf: string; bytes: number; waiter?: () => void };
  t.buf = '';
  t.bytes = 0;
  term.onData((s) => {
    t.bytes += s.length;
    t.buf += s;
    if (t.buf.length > 4096) t.buf = t.buf.slice(-4096);
    t.waiter?.();
  });
  return t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

async function measure(term0: Term): Promise<{ latencyMs: number; p95Ms: number; mbPerS: number }> {
  const term = instrument(term0);
  term.write('export PS1="$ "; echo READY-$((6*7))\r');
  await expectOutput(term, /READY-42/);
  await new Promise((r) => setTimeout(r, 200));
  const lat: number[] = [];
  for (let i = 0; i < KEYSTROKES + 20; i++) {
    if (i % 50 === 0) {
      term.buf = '';
      term.write('\x15'); // Ctrl-U: keep the line short
      await new Promise((r) => setTimeout(r, 20));
    }
    const ch = 'abcdefghij'[i % 10];
    term.buf = '';
    const t0 = performance.now();
    term.write(ch);
    await expectOutput(term, new RegExp(ch));
    if (i >= 20) lat.push(performance.now() - t0); // first 20 warm up
  }
  term.write('\x15');
  const rates: number[] = [];
  for (let r = 0; r < FLOOD_RUNS; r++) {
    term.buf = '';
    await new Promise((res) => setTimeout(res, 100));
    const before = term.bytes;
    const t0 = performance.now();
    term.write(`head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' x; echo; echo FLOOD-END-$((${r}+100))\r`);
    await expectOutput(term, new RegExp(`FLOOD-END-${r + 100}`), 300_000);
    rates.push((term.bytes - before) / 1e6 / ((performance.now() - t0) / 1000));
  }
  return { latencyMs: median(lat), p95Ms: p95(lat), mbPerS: median(rates) };
}

const results: Record<string, { latencyMs: number; p95Ms: number; mbPerS: number }> = {};
for (const make of [async () => localPty(), kvlabGateway, wetty]) {
  const term = await make();
  if (typeof term === 'string') {
    console.log(`wetty: skipped — ${term}`);
    continue;
  }
  try {
    results[term.name] = await measure(term);
  } catch (e) {
    console.log(`${term.name}: failed — ${(e as Error).message}`);
  } finally {
    await term.close();
  }
}

const base = results['local node-pty'];
console.log(`keystroke round trip: median of ${KEYSTROKES}; throughput: median of ${FLOOD_RUNS} × ${FLOOD_BYTES / 1e6} MB (bytes as the client received them)`);
console.log('terminal              echo median   echo p95   throughput   echo ×baseline   throughput ×baseline');
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name.padEnd(20)}  ${r.latencyMs.toFixed(3).padStart(8)} ms  ${r.p95Ms.toFixed(3).padStart(7)} ms  ${r.mbPerS.toFixed(1).padStart(7)} MB/s  ${(r.latencyMs / base.latencyMs).toFixed(2).padStart(12)}×  ${(r.mbPerS / base.mbPerS).toFixed(2).padStart(14)}×`,
  );
}
const gw = results['kvlab gateway'];
const wt = results['wetty'];
if (gw && wt)
  console.log(`kvlab gateway vs wetty: echo latency ${(gw.latencyMs / wt.latencyMs).toFixed(2)}× (lower is better), throughput ${(gw.mbPerS / wt.mbPerS).toFixed(2)}× (higher is better)`);

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** One client floods input (or pings) without reading; prints the gateway's RSS. */
async function inputFlood(kind: 'input' | 'pings'): Promise<void> {
  const secret = 'bench-secret-Vq3xR8tLw2ZpN6yKc1HdJ9mFs4GbT7eA';
  const state = mkdtempSync(join(tmpdir(), 'kvlab-bench-'));
  const child = spawn(NODE, [join(ROOT, 'scripts', 'kvlab.mjs'), 'gateway', '--port', '0', '--host', '127.0.0.1', '--state-dir', state], {
    env: { PATH: process.env.PATH, KVLAB_GATEWAY_SECRET: secret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const m = await waitForProcessLine(child, /listening on http:\/\/[^:]+:(\d+)/, 'kvlab gateway');
    const ws = new WebSocket(`ws://127.0.0.1:${m[1]}/terminal?token=${issueToken(secret, 'flood', 3600)}`, { perMessageDeflate: false });
    let closeCode = 0;
    ws.on('close', (c) => (closeCode = c));
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
    ws.send(Buffer.from('sleep 600\r'), { binary: true });
    await new Promise((r) => setTimeout(r, 500));
    const base = rssMiB(child.pid!);
    let peak = base;
    ws.pause();
    const frame = Buffer.alloc(64 << 10, 'x');
    const ping = Buffer.alloc(125, 'p');
    const t0 = performance.now();
    let sent = 0;
    const total = kind === 'input' ? (1 << 30) / frame.length : 1_000_000;
    while (sent < total && ws.readyState === WebSocket.OPEN && ws.bufferedAmount < 64 << 20 && performance.now() - t0 < 30_000) {
      if (kind === 'input') ws.send(frame, { binary: true });
      else ws.ping(ping);
      if (++sent % 64 === 0) {
        peak = Math.max(peak, rssMiB(child.pid!));
        await new Promise((r) => setImmediate(r));
      }
    }
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      peak = Math.max(peak, rssMiB(child.pid!));
    }
    ws.resume();
    const what = kind === 'input' ? `${((sent * frame.length) / (1 << 20)).toFixed(0)} MiB of input sent, ${(ws.bufferedAmount / (1 << 20)).toFixed(0)} MiB left unsent` : `${sent} pings sent`;
    ws.terminate();
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`${kind} flood, client not reading: ${what}; gateway RSS ${base.toFixed(1)} → peak ${peak.toFixed(1)} MiB, ${rssMiB(child.pid!).toFixed(1)} MiB after; ${closeCode ? `closed with ${closeCode}` : 'still open'}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(state, { recursive: true, force: true });
  }
}
await inputFlood('input');
await inputFlood('pings');
process.exit(0);
