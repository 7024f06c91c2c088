// Pure argument parsing for `kvlab gateway`, `kvlab gateway token` and `kvlab gateway manifests`.
import { parseDuration } from './token.ts';

export interface ServeArgs {
  kind: 'serve';
  port: number;
  host: string;
  trainees?: string;
  origins: string[];
  stateDir?: string;
  maxSessions: number;
  maxSessionsPerUser: number;
  idleSeconds: number;
  graceSeconds: number;
  heartbeatSeconds: number;
  uidBase: number | null;
  server?: string;
}
export interface TokenArgs {
  kind: 'token';
  user: string;
  ttlSeconds: number;
}
export interface ManifestsArgs {
  kind: 'manifests';
  trainees: string;
  out?: string;
}
export type GatewayArgs = ServeArgs | TokenArgs | ManifestsArgs | { kind: 'help'; text: string };
export type ParseResult = GatewayArgs | { kind: 'error'; message: string };

export const HELP = `Usage:
  kvlab gateway [--port N] [--host H] [--trainees FILE] [--origin ORIGIN…] [options]
      Serve trainee shells over WebSocket at /terminal (protocol: docs/gateway.md).
      Needs KVLAB_GATEWAY_SECRET (at least 32 random bytes: openssl rand -base64 48).
      --port N                 listen port (default 7681; 0 picks a free one)
      --host H                 listen address (default 0.0.0.0)
      --trainees FILE          YAML list of {user, namespace?, kubeconfig?}; without it any
                               user with a valid token gets a shell (namespace = user name)
      --origin ORIGIN[,ORIGIN] allowed page origins, repeatable (default: the gateway's own host; '*' = any)
      --state-dir DIR          where trainee homes live
      --max-sessions N         total sessions (default 300)
      --max-sessions-per-user N  (default 3)
      --idle-timeout DURATION  end a shell after no input for this long (default 30m)
      --grace DURATION         keep a dropped shell for reattach this long (default 60s)
      --heartbeat DURATION     ping clients this often; one that misses a ping is dropped (default 30s)
      --uid-base N|off         as root, each trainee runs as a uid of their own from N up (default 20000)
      --server URL             API server for trainees without a kubeconfig (default: in-cluster)
  kvlab gateway token --user U [--ttl 8h]
      Print a signed token for trainee U (KVLAB_GATEWAY_SECRET must match the gateway's).
  kvlab gateway manifests --trainees FILE [--out FILE]
      Print per-trainee Namespace, ServiceAccount, Role, RoleBinding and token Secret manifests.`;

type Fail = { error: string };
const isErr = (x: unknown): x is Fail => typeof x === 'object' && x !== null && 'error' in x;

function int(v: string, flag: string, min: number): number | Fail {
  const n = Number(v);
  return v.trim() !== '' && Number.isInteger(n) && n >= min ? n : { error: `${flag} must be an integer ≥ ${min}, got "${v}"` };
}

function duration(v: string, flag: string): number | Fail {
  const n = parseDuration(v);
  return n === undefined ? { error: `${flag} must be a duration like 90s, 30m, 8h or 1h30m, got "${v}"` } : n;
}

/**
 * Splits argv into [flag, value] pairs; accepts `--flag value` and `--flag=value` (the form
 * Kubernetes manifests tend to use). Every option here takes a value.
 */
function pairs(argv: string[], known: Record<string, unknown>, usage: string): [string, string][] | Fail {
  const out: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) return { error: `unexpected argument "${arg}"; options start with --` };
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(flag in known)) return { error: `unknown option "${flag}"; ${usage}` };
    if (eq > 0) {
      out.push([arg.slice(0, eq), arg.slice(eq + 1)]);
      continue;
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) return { error: `${arg} needs a value` };
    out.push([arg, v]);
    i++;
  }
  return out;
}

type Setter<T> = (a: T, v: string, flag: string) => Fail | void;
const set = <T>(fn: (a: T, v: string) => void): Setter<T> => (a, v) => fn(a, v);
const num = <T>(min: number, fn: (a: T, n: number) => void): Setter<T> => (a, v, flag) => {
  const n = int(v, flag, min);
  return isErr(n) ? n : fn(a, n);
};
const dur = <T>(fn: (a: T, n: number) => void): Setter<T> => (a, v, flag) => {
  const n = duration(v, flag);
  return isErr(n) ? n : fn(a, n);
};

const SERVE_OPTIONS: Record<string, Setter<ServeArgs>> = {
  '--port': num(0, (a, n) => (a.port = n)),
  '--host': set((a, v) => (a.host = v)),
  '--trainees': set((a, v) => (a.trainees = v)),
  '--origin': set((a, v) => void a.origins.push(...v.split(',').map((o) => o.trim()).filter(Boolean))),
  '--state-dir': set((a, v) => (a.stateDir = v)),
  '--server': set((a, v) => (a.server = v)),
  '--max-sessions': num(1, (a, n) => (a.maxSessions = n)),
  '--max-sessions-per-user': num(1, (a, n) => (a.maxSessionsPerUser = n)),
  '--idle-timeout': dur((a, n) => (a.idleSeconds = n)),
  '--grace': dur((a, n) => (a.graceSeconds = n)),
  '--heartbeat': dur((a, n) => (a.heartbeatSeconds = n)),
  '--uid-base': (a, v, flag) => {
    if (v === 'off') return void (a.uidBase = null);
    const n = int(v, flag, 1000);
    return isErr(n) ? n : void (a.uidBase = n);
  },
};

function apply<T>(argv: string[], target: T, options: Record<string, Setter<T>>, usage: string): T | Fail {
  const ps = pairs(argv, options, usage);
  if (isErr(ps)) return ps;
  for (const [flag, v] of ps) {
    const r = options[flag](target, v, flag);
    if (isErr(r)) return r;
  }
  return target;
}

export function parseGatewayArgs(argv: string[]): ParseResult {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help', text: HELP };
  const [sub] = argv;
  if (sub === 'token') return parseToken(argv.slice(1));
  if (sub === 'manifests') return parseManifests(argv.slice(1));
  if (sub !== undefined && !sub.startsWith('--'))
    return { kind: 'error', message: `unknown subcommand "${sub}"; known: token, manifests (or options to serve)` };
  const a: ServeArgs = {
    kind: 'serve',
    port: 7681,
    host: '0.0.0.0',
    origins: [],
    maxSessions: 300,
    maxSessionsPerUser: 3,
    idleSeconds: 1800,
    graceSeconds: 60,
    heartbeatSeconds: 30,
    uidBase: 20000,
  };
  const r = apply(argv, a, SERVE_OPTIONS, 'see kvlab gateway --help');
  return isErr(r) ? { kind: 'error', message: r.error } : r;
}

function parseToken(argv: string[]): ParseResult {
  const a: { user?: string; ttl: number } = { ttl: 8 * 3600 };
  const r = apply(argv, a, { '--user': set((t, v) => (t.user = v)), '--ttl': dur((t, n) => (t.ttl = n)) }, 'kvlab gateway token takes --user U [--ttl 8h]');
  if (isErr(r)) return { kind: 'error', message: r.error };
  if (!a.user) return { kind: 'error', message: 'kvlab gateway token needs --user U' };
  return { kind: 'token', user: a.user, ttlSeconds: a.ttl };
}

function parseManifests(argv: string[]): ParseResult {
  const a: { trainees?: string; out?: string } = {};
  const r = apply(argv, a, { '--trainees': set((t, v) => (t.trainees = v)), '--out': set((t, v) => (t.out = v)) }, 'kvlab gateway manifests takes --trainees FILE [--out FILE]');
  if (isErr(r)) return { kind: 'error', message: r.error };
  if (!a.trainees) return { kind: 'error', message: 'kvlab gateway manifests needs --trainees FILE' };
  return a.out ? { kind: 'manifests', trainees: a.trainees, out: a.out } : { kind: 'manifests', trainees: a.trainees };
}
