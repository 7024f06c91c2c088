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
      Needs KVLAB_GATEWAY_SECRET (at least 16 characters).
      --port N                 listen port (default 7681; 0 picks a free one)
      --host H                 listen address (default 0.0.0.0)
      --trainees FILE          YAML list of {user, namespace?, kubeconfig?}; without it any
                               user with a valid token gets a shell (namespace = user name)
      --origin ORIGIN          allowed page origin, repeatable (default: the gateway's own host; '*' = any)
      --state-dir DIR          where trainee homes live
      --max-sessions N         total sessions (default 300)
      --max-sessions-per-user N  (default 3)
      --idle-timeout DURATION  end a shell after no input for this long (default 30m)
      --grace DURATION         keep a dropped shell for reattach this long (default 60s)
      --heartbeat DURATION     ping clients this often; one that misses a ping is dropped (default 30s)
      --uid-base N|off         as root, trainee i runs as uid N+i (default 20000)
      --server URL             API server for trainees without a kubeconfig (default: in-cluster)
  kvlab gateway token --user U [--ttl 8h]
      Print a signed token for trainee U (KVLAB_GATEWAY_SECRET must match the gateway's).
  kvlab gateway manifests --trainees FILE [--out FILE]
      Print per-trainee Namespace, ServiceAccount, Role, RoleBinding and token Secret manifests.`;

function take(argv: string[], i: number, flag: string): string | { error: string } {
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) return { error: `${flag} needs a value` };
  return v;
}

function int(v: string, flag: string, min: number): number | { error: string } {
  const n = Number(v);
  return Number.isInteger(n) && n >= min ? n : { error: `${flag} must be an integer ≥ ${min}, got "${v}"` };
}

function duration(v: string, flag: string): number | { error: string } {
  const n = parseDuration(v);
  return n === undefined ? { error: `${flag} must be a duration like 90s, 30m, 8h or 1h30m, got "${v}"` } : n;
}

const isErr = (x: unknown): x is { error: string } => typeof x === 'object' && x !== null && 'error' in x;

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
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = take(argv, i, flag);
    const need = (): string | undefined => {
      if (isErr(v)) return undefined;
      i++;
      return v;
    };
    let r: unknown;
    switch (flag) {
      case '--port': r = isErr(v) ? v : int(need()!, flag, 0); if (!isErr(r)) a.port = r as number; break;
      case '--host': r = isErr(v) ? v : (a.host = need()!); break;
      case '--trainees': r = isErr(v) ? v : (a.trainees = need()!); break;
      case '--origin': r = isErr(v) ? v : a.origins.push(need()!); break;
      case '--state-dir': r = isErr(v) ? v : (a.stateDir = need()!); break;
      case '--server': r = isErr(v) ? v : (a.server = need()!); break;
      case '--max-sessions': r = isErr(v) ? v : int(need()!, flag, 1); if (!isErr(r)) a.maxSessions = r as number; break;
      case '--max-sessions-per-user': r = isErr(v) ? v : int(need()!, flag, 1); if (!isErr(r)) a.maxSessionsPerUser = r as number; break;
      case '--idle-timeout': r = isErr(v) ? v : duration(need()!, flag); if (!isErr(r)) a.idleSeconds = r as number; break;
      case '--grace': r = isErr(v) ? v : duration(need()!, flag); if (!isErr(r)) a.graceSeconds = r as number; break;
      case '--heartbeat': r = isErr(v) ? v : duration(need()!, flag); if (!isErr(r)) a.heartbeatSeconds = r as number; break;
      case '--uid-base':
        if (isErr(v)) r = v;
        else if (v === 'off') { need(); a.uidBase = null; }
        else { r = int(need()!, flag, 1000); if (!isErr(r)) a.uidBase = r as number; }
        break;
      default:
        r = { error: `unknown option "${flag}"; see kvlab gateway --help` };
    }
    if (isErr(r)) return { kind: 'error', message: r.error };
  }
  return a;
}

function parseToken(argv: string[]): ParseResult {
  let user: string | undefined;
  let ttl = 8 * 3600;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = take(argv, i, flag);
    if (isErr(v)) return { kind: 'error', message: v.error };
    i++;
    if (flag === '--user') user = v;
    else if (flag === '--ttl') {
      const d = duration(v, flag);
      if (isErr(d)) return { kind: 'error', message: d.error };
      ttl = d;
    } else return { kind: 'error', message: `unknown option "${flag}" for kvlab gateway token; it takes --user U [--ttl 8h]` };
  }
  if (!user) return { kind: 'error', message: 'kvlab gateway token needs --user U' };
  return { kind: 'token', user, ttlSeconds: ttl };
}

function parseManifests(argv: string[]): ParseResult {
  const a: Partial<ManifestsArgs> = { kind: 'manifests' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = take(argv, i, flag);
    if (isErr(v)) return { kind: 'error', message: v.error };
    i++;
    if (flag === '--trainees') a.trainees = v;
    else if (flag === '--out') a.out = v;
    else return { kind: 'error', message: `unknown option "${flag}" for kvlab gateway manifests` };
  }
  if (!a.trainees) return { kind: 'error', message: 'kvlab gateway manifests needs --trainees FILE' };
  return a as ManifestsArgs;
}
