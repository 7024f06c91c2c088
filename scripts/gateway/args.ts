// Pure argument parsing (scripts/lib/args.ts) for `kvlab gateway`, `kvlab gateway token` and `kvlab gateway manifests`.
import { fail, integer, parseCommandArgs, port, positiveInteger, type ArgsResult } from '../lib/args.ts';
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
  /** The training (content folder) whose labs the class page (/trainer) checks. */
  content?: string;
  exercises?: string;
  variant?: string;
}
export interface TokenArgs {
  kind: 'token';
  user: string;
  ttlSeconds: number;
  /** --trainer NAME: a trainer token (opens /trainer, never a shell). */
  trainer?: boolean;
}
export interface ManifestsArgs {
  kind: 'manifests';
  trainees: string;
  out?: string;
}
export type GatewayArgs = ServeArgs | TokenArgs | ManifestsArgs | { kind: 'help' };

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
      --content DIR            the training: serves the class page at /trainer (trainer tokens)
                               and takes its labs folder name (default labs) for the workspace
      --exercises DIR          the exercise files the class page checks with (default: kvlab's)
      --variant V              the site variant the trainees follow (default: the first)
  kvlab gateway token --user U [--ttl 8h]
      Print a signed token for trainee U (KVLAB_GATEWAY_SECRET must match the gateway's).
  kvlab gateway token --trainer NAME [--ttl 8h]
      Print a trainer token: it opens the class page at /trainer, never a shell.
  kvlab gateway manifests --trainees FILE [--out FILE]
      Print per-trainee Namespace, ServiceAccount, Role, RoleBinding and token Secret manifests.`;

function duration(flag: string, v: string): number {
  const n = parseDuration(v);
  return n === undefined ? fail(`${flag} must be a duration like 90s, 30m, 8h or 1h30m, got "${v}"`) : n;
}

const SERVE_OPTIONS = {
  port: { type: 'string', default: '7681' },
  host: { type: 'string', default: '0.0.0.0' },
  trainees: { type: 'string' },
  // Kubernetes manifests tend to give one --origin=A,B; both forms add up
  origin: { type: 'string', multiple: true },
  'state-dir': { type: 'string' },
  server: { type: 'string' },
  'max-sessions': { type: 'string', default: '300' },
  'max-sessions-per-user': { type: 'string', default: '3' },
  'idle-timeout': { type: 'string', default: '30m' },
  grace: { type: 'string', default: '60s' },
  heartbeat: { type: 'string', default: '30s' },
  'uid-base': { type: 'string', default: '20000' },
  content: { type: 'string' },
  exercises: { type: 'string' },
  variant: { type: 'string' },
} as const;

/** Pure: argv → what to do (serve, token, manifests, help), or the one error to print (then exit 2). */
export function parseGatewayArgs(argv: string[]): ArgsResult<GatewayArgs> {
  const [sub] = argv;
  if (sub === 'token') return parseToken(argv.slice(1));
  if (sub === 'manifests') return parseManifests(argv.slice(1));
  if (sub !== undefined && !sub.startsWith('-')) return { ok: false, error: `unknown subcommand "${sub}"; known: token, manifests (or options to serve)` };
  return parseCommandArgs(argv, SERVE_OPTIONS, (v): GatewayArgs => {
    if (v.help) return { kind: 'help' };
    const uid = v['uid-base'];
    return {
      kind: 'serve',
      port: port('--port', v.port),
      host: v.host,
      ...(v.trainees ? { trainees: v.trainees } : {}),
      origins: v.origin.flatMap((o) => o.split(',').map((x) => x.trim()).filter(Boolean)),
      ...(v['state-dir'] ? { stateDir: v['state-dir'] } : {}),
      ...(v.server ? { server: v.server } : {}),
      maxSessions: positiveInteger('--max-sessions', v['max-sessions']),
      maxSessionsPerUser: positiveInteger('--max-sessions-per-user', v['max-sessions-per-user']),
      idleSeconds: duration('--idle-timeout', v['idle-timeout']),
      graceSeconds: duration('--grace', v.grace),
      heartbeatSeconds: duration('--heartbeat', v.heartbeat),
      uidBase: uid === 'off' ? null : integer('--uid-base', uid, 1000),
      ...(v.content ? { content: v.content } : {}),
      ...(v.exercises ? { exercises: v.exercises } : {}),
      ...(v.variant ? { variant: v.variant } : {}),
    };
  });
}

function parseToken(argv: string[]): ArgsResult<GatewayArgs> {
  return parseCommandArgs(argv, { user: { type: 'string' }, trainer: { type: 'string' }, ttl: { type: 'string', default: '8h' } }, (v): GatewayArgs => {
    if (v.help) return { kind: 'help' };
    if (v.user && v.trainer) fail('give --user U (a trainee) or --trainer NAME, not both');
    if (v.trainer) return { kind: 'token', user: v.trainer, ttlSeconds: duration('--ttl', v.ttl), trainer: true };
    if (!v.user) fail('kvlab gateway token needs --user U (or --trainer NAME)');
    return { kind: 'token', user: v.user, ttlSeconds: duration('--ttl', v.ttl) };
  });
}

function parseManifests(argv: string[]): ArgsResult<GatewayArgs> {
  return parseCommandArgs(argv, { trainees: { type: 'string' }, out: { type: 'string' } }, (v): GatewayArgs => {
    if (v.help) return { kind: 'help' };
    if (!v.trainees) fail('kvlab gateway manifests needs --trainees FILE');
    return v.out ? { kind: 'manifests', trainees: v.trainees, out: v.out } : { kind: 'manifests', trainees: v.trainees };
  });
}
