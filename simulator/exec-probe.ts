// What a command does in the simulated guest, for an exec probe and for the trainee's console
// alike (one model of the guest). virt-probe runs a probe's command through the guest agent
// (guest-exec) and the probe passes on exit status 0. The commands people write for this check
// the guest's own services: curl/wget against a local port, nc -z, systemctl is-active,
// pgrep/pidof, true/false, and `sh -c` lines joining them with && || ;. Those are evaluated
// against the guest model; anything else (files, pipes, other programs) is reported as not
// simulated (a probe takes it as exit 0, as before; the console says so).
import { shellWords } from './guest-commands.ts';

export interface ExecGuest {
  /** Listening ports and what they answer a GET with ('dir': python's http.server; undefined: never answers). */
  listeners: ReadonlyMap<number, { http: number | 'dir' | undefined }>;
}

/** exit status, the last command's error message, and (`output`) what the terminal shows: stdout and stderr of every command run, in order. */
export type ExecOutcome = { exit: number; message: string; output?: string } | { unknown: string };
/** out: stdout; err: stderr when it is not the message (systemctl is-active prints only its state). */
type Simple = { exit: number; message: string; out?: string; err?: string } | { unknown: string };

/** What the lab's servers answer a GET of / with (the nc server's body; python's directory listing). */
const BODY = { 200: 'Hello World!\n', dir: '<!DOCTYPE HTML>…Directory listing for /…\n' } as const;

const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', '/usr/bin/sh', '/usr/bin/bash']);
const SERVERS = /^(nc|ncat|netcat|python3?|httpd|nginx|busybox)$/;

/** URL → port and path (localhost only matters: the guest probes itself). */
function target(url: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/[^\s]*)?$/.exec(url);
  if (!m) return undefined;
  return { host: m[2]!, port: m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : 80, path: m[4] ?? '/' };
}

function httpStatus(g: ExecGuest, port: number, path: string): number | 'refused' | 'silent' {
  const l = g.listeners.get(port);
  if (!l) return 'refused';
  if (l.http === undefined) return 'silent';
  return l.http === 'dir' ? (path === '/' ? 200 : 404) : l.http;
}

function simple(argv: string[], g: ExecGuest): Simple {
  const a = argv[0] === 'sudo' ? argv.slice(1) : argv;
  const [cmd, ...args] = a;
  const flags = args.filter((x) => x.startsWith('-'));
  const operands = args.filter((x) => !x.startsWith('-'));
  const has = (...f: string[]) => flags.some((x) => f.includes(x) || (x.length > 2 && !x.startsWith('--') && f.some((s) => s.length === 2 && x.includes(s[1]!))));
  switch (cmd) {
    case 'true':
    case ':':
      return { exit: 0, message: '' };
    case 'false':
      return { exit: 1, message: '' };
    case 'echo': {
      const n = args[0] === '-n';
      return { exit: 0, message: '', out: `${args.slice(n ? 1 : 0).join(' ')}${n ? '' : '\n'}` };
    }
    case 'exit':
      return { exit: Number(operands[0] ?? 0) || 0, message: '' };
    case 'curl': {
      const t = target(operands[0] ?? '');
      if (!t) return { unknown: a.join(' ') };
      const s = httpStatus(g, t.port, t.path);
      if (s === 'refused') return { exit: 7, message: `curl: (7) Failed to connect to ${t.host} port ${t.port} after 0 ms: Couldn't connect to server` };
      if (s === 'silent') return { exit: 28, message: 'curl: (28) Operation timed out (the listener never answers HTTP)' };
      if (s >= 400 && has('-f', '--fail')) return { exit: 22, message: `curl: (22) The requested URL returned error: ${s}` };
      const l = g.listeners.get(t.port)!;
      return { exit: 0, message: '', out: t.path === '/' && (l.http === 200 || l.http === 'dir') ? BODY[l.http] : '' };
    }
    case 'wget': {
      const t = target(operands.find((o) => /^(https?:\/\/|localhost|127\.)/.test(o)) ?? '');
      if (!t) return { unknown: a.join(' ') };
      const s = httpStatus(g, t.port, t.path);
      if (s === 'refused') return { exit: 4, message: 'wget: unable to connect: Connection refused' };
      if (s === 'silent') return { exit: 4, message: 'wget: download timed out' };
      return s >= 400 ? { exit: 8, message: `wget: server returned error: HTTP ${s}` } : { exit: 0, message: '' };
    }
    case 'nc':
    case 'ncat': {
      if (!has('-z')) return { unknown: a.join(' ') };
      const port = Number(operands[1] ?? operands[0]);
      if (!Number.isInteger(port)) return { unknown: a.join(' ') };
      return g.listeners.has(port) ? { exit: 0, message: '' } : { exit: 1, message: `nc: connect to port ${port} failed: Connection refused` };
    }
    case 'systemctl': {
      if (operands[0] !== 'is-active') return { unknown: a.join(' ') };
      const unit = (operands[1] ?? '').replace(/\.service$/, '');
      // the guest agent answers this very probe; a service unit is up while something listens
      const quiet = has('-q', '--quiet');
      if (unit === 'qemu-guest-agent') return { exit: 0, message: '', out: quiet ? '' : 'active\n' };
      return g.listeners.size ? { exit: 0, message: '', out: quiet ? '' : 'active\n' } : { exit: 3, message: `${unit}: inactive`, out: quiet ? '' : 'inactive\n', err: '' };
    }
    case 'pgrep':
    case 'pidof': {
      const name = operands[0] ?? '';
      if (/qemu-ga/.test(name)) return { exit: 0, message: '' };
      if (!SERVERS.test(name)) return { unknown: a.join(' ') };
      return g.listeners.size ? { exit: 0, message: '' } : { exit: 1, message: `no process named ${name}` };
    }
    default:
      return { unknown: a.join(' ') };
  }
}

/** Runs the probe's command (its argv as written in `exec.command`). */
export function execProbe(command: readonly string[], g: ExecGuest): ExecOutcome {
  if (!command.length) return { exit: 127, message: 'empty command' };
  const words = SHELLS.has(command[0]!) && command[1] === '-c' ? shellWords(command[2] ?? '') : [...command];
  if (!SHELLS.has(command[0]!) && command.length === 1 && /\s/.test(command[0]!)) {
    // ["curl -f localhost:8081"] is one program name with spaces: the exec fails
    return { exit: 127, message: `exec: "${command[0]}": executable file not found (give the program and its arguments as separate items)` };
  }
  // sh semantics for && || ; (pipes and background jobs are not modelled)
  let last: Simple = { exit: 0, message: '' };
  let skip: '&&' | '||' | undefined;
  let cur: string[] = [];
  let output = '';
  const run = () => {
    if (!cur.length) return true;
    if (skip === '&&' && 'exit' in last && last.exit !== 0) return true;
    if (skip === '||' && 'exit' in last && last.exit === 0) return true;
    last = simple(cur, g);
    if ('exit' in last) {
      const err = last.err ?? last.message;
      output += `${last.out ?? ''}${err ? `${err}\n` : ''}`;
    }
    return !('unknown' in last);
  };
  for (const w of [...words, ';']) {
    if (w === '|' || w === '&') return { unknown: command.join(' ') };
    if (w === '&&' || w === '||' || w === ';') {
      if (!run()) return last;
      cur = [];
      skip = w === ';' ? undefined : w;
    } else cur.push(w);
  }
  return 'exit' in last ? { exit: last.exit, message: last.message, output } : last;
}

/** A command line typed at the guest's shell (the console), through the same model. */
export function guestCommand(line: string, g: ExecGuest): ExecOutcome {
  return execProbe(['sh', '-c', line], g);
}
