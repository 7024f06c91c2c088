// Test harness: runs `kvlab gateway` as a real child process (so RSS and process trees are
// its own) and talks to it with a real `ws` client.
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { issueToken } from '../../scripts/gateway/token.ts';

export const SECRET = 'test-secret-Vq3xR8tLw2ZpN6yKc1HdJ9mFs4GbT7eA';
const ROOT = join(import.meta.dirname, '..', '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

/** This test run's trainee uid range (see startGateway). */
export const UID_BASE = String(100_000 + Math.floor(Math.random() * 40_000) * 1000);

export interface RunningGateway {
  port: number;
  pid: number;
  url: string;
  stateDir: string;
  child: ChildProcess;
  log: string[];
  stop(): Promise<number | null>;
}

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(d, 0o711); // trainee uids must traverse it to reach their homes
  return d;
}

export function writeTrainees(dir: string, yaml: string): string {
  const f = join(dir, 'trainees.yaml');
  writeFileSync(f, yaml);
  return f;
}

/**
 * Starts `kvlab gateway`. `uid` (the tests run as root): run it as that uid instead, in the
 * cgroup v2 folder `cgroup` if given (the test delegates that folder to the uid).
 */
export async function startGateway(args: string[] = [], env: Record<string, string> = {}, opts: { stateDir?: string; keepState?: boolean; uid?: number; cgroup?: string } = {}): Promise<RunningGateway> {
  const stateDir = opts.stateDir ?? tempDir('kvlab-gw-');
  if (opts.uid !== undefined) chownSync(stateDir, opts.uid, opts.uid);
  // As root the gateway ends every process of a trainee's uid when their last session ends: two
  // test runs on one machine (two clones' npm test) must not share uids, or one ends the other's
  // shells. Each run takes its own range unless a test names one.
  const uidBase = args.includes('--uid-base') ? [] : ['--uid-base', UID_BASE];
  const argv = [join(ROOT, 'scripts', 'kvlab.mjs'), 'gateway', '--port', '0', '--host', '127.0.0.1', '--state-dir', stateDir, ...uidBase, ...args];
  // CAP_DAC_READ_SEARCH (read only) lets the dropped uid read the checkout, which may lie in a
  // folder only root can enter (a CI clone under `mktemp -d`); it grants no kill, setuid or write,
  // so what the tests check of a non-root gateway (what it can end, which cgroups it may write) holds.
  const drop = `[ -z "$1" ] || echo $$ > "$1/cgroup.procs" || exit 90; shift; exec setpriv --reuid=${opts.uid} --regid=${opts.uid} --clear-groups --inh-caps=+dac_read_search --ambient-caps=+dac_read_search -- "$@"`;
  const child = spawn(opts.uid === undefined ? NODE : '/bin/sh', opts.uid === undefined ? argv : ['-c', drop, 'sh', opts.cgroup ?? '', NODE, ...argv], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', KVLAB_GATEWAY_SECRET: SECRET, ...(opts.uid === undefined ? {} : { HOME: stateDir }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stderr!.on('data', (d) => log.push(String(d)));
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    const t = setTimeout(() => fail(new Error(`gateway did not start: ${out}\n${log.join('')}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        ok(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      fail(new Error(`gateway exited with ${code}: ${log.join('')}`));
    });
  });
  return {
    port,
    pid: child.pid!,
    url: `ws://127.0.0.1:${port}/terminal`,
    stateDir,
    child,
    log,
    stop: async () => {
      const code = await new Promise<number | null>((ok) => {
        if (child.exitCode !== null) return ok(child.exitCode);
        child.once('exit', (c) => ok(c));
        child.kill('SIGTERM');
      });
      if (!opts.keepState) rmSync(stateDir, { recursive: true, force: true });
      return code;
    },
  };
}

export function token(user: string, ttlSeconds = 3600, now = Date.now()): string {
  return issueToken(SECRET, user, ttlSeconds, now);
}

export interface Hello {
  type: 'hello';
  session: string;
  user: string;
  namespace: string;
  resumed: boolean;
}

/** A terminal client: collects output, answers waitFor(regex). */
export class Client {
  output = '';
  controls: Record<string, unknown>[] = [];
  closeCode: number | undefined;
  private waiters: (() => void)[] = [];
  hello!: Hello;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.output += String(data);
      else this.controls.push(JSON.parse(String(data)));
      for (const w of this.waiters) w();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.waiters) w();
    });
  }

  send(text: string): void {
    this.ws.send(Buffer.from(text), { binary: true });
  }

  control(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  /** Waits until `test` holds over the state; rejects after `ms` with what was seen. */
  until<T>(test: () => T | undefined | false, ms = 15_000, what = 'condition'): Promise<T> {
    return new Promise((ok, fail) => {
      const check = () => {
        const v = test();
        if (v) {
          cleanup();
          ok(v);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`timed out waiting for ${what}; output so far:\n${this.output.slice(-2000)}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  waitFor(re: RegExp, ms?: number): Promise<RegExpExecArray> {
    return this.until(() => re.exec(this.output) ?? undefined, ms, String(re));
  }

  /** Runs a command and returns what it printed between two unique markers. */
  async run(cmd: string, ms?: number): Promise<string> {
    const id = Math.random().toString(36).slice(2, 8);
    // The markers are built by the shell (printf), so the echoed command line never matches.
    this.send(`printf '\\n%s_B\\n' ${id}; ${cmd}; printf '\\n%s_E\\n' ${id}\r`);
    const m = await this.waitFor(new RegExp(`\\n${id}_B\\r?\\n([\\s\\S]*?)\\r?\\n${id}_E`), ms);
    return m[1].replace(/\r/g, '').replace(/\n$/, '');
  }

  /** Closes with 1000: the gateway ends the shell. */
  close(code = 1000): Promise<void> {
    return new Promise((ok) => {
      if (this.ws.readyState === WebSocket.CLOSED) return ok();
      this.ws.once('close', () => ok());
      this.ws.close(code);
    });
  }

  /** A network drop: the TCP connection dies without a close frame. */
  drop(): void {
    this.ws.terminate();
  }
}

export type Refusal = { status: number; body: string };

/** Opens /terminal; resolves to a Client after hello, or to the HTTP refusal. */
export function connect(url: string, opts: { token?: string; session?: string; origin?: string; bearer?: boolean; query?: string; autoPong?: boolean } = {}): Promise<Client | Refusal> {
  const u = new URL(url);
  if (opts.token && !opts.bearer) u.searchParams.set('token', opts.token);
  if (opts.session) u.searchParams.set('session', opts.session);
  if (opts.query) for (const [k, v] of new URLSearchParams(opts.query)) u.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  if (opts.bearer && opts.token) headers.authorization = `Bearer ${opts.token}`;
  const ws = new WebSocket(u, { headers, origin: opts.origin, perMessageDeflate: false, autoPong: opts.autoPong ?? true });
  const client = new Client(ws);
  return new Promise((ok, fail) => {
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', (e) => fail(e));
    client
      .until(() => client.controls.find((c) => c.type === 'hello'), 30_000, 'hello')
      .then((h) => {
        client.hello = h as unknown as Hello;
        ok(client);
      }, fail);
  });
}

export async function open(url: string, opts: Parameters<typeof connect>[1]): Promise<Client> {
  const r = await connect(url, opts);
  if (!(r instanceof Client)) throw new Error(`refused: ${r.status} ${r.body}`);
  return r;
}

/** Resident set size in KiB of a process (0 if gone). */
export function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export async function eventually(test: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
