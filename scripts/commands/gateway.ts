// `kvlab gateway`: connected mode. Serves each trainee a real shell over WebSocket (see
// docs/gateway.md), issues trainee tokens, and prints per-trainee Kubernetes manifests.
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HELP, parseGatewayArgs, type ManifestsArgs, type ServeArgs } from '../gateway/args.ts';
import { readKubeconfigSource } from '../gateway/kubeconfig.ts';
import { usageError } from '../lib/args.ts';
import { defaultExercisesDir } from '../../exercises/exercises-fs.ts';
import { traineeManifests } from '../gateway/manifests.ts';
import { DEFAULT_LIMITS } from '../gateway/session.ts';
import { startGateway } from '../gateway/server.ts';
import { checkSecret, issueToken } from '../gateway/token.ts';
import { formatProblem, parseTrainees, type Trainee } from '../gateway/trainees.ts';

export const summary = 'serve trainee shells over WebSocket (connected mode); `gateway token` issues tokens';

function loadTrainees(file: string): Trainee[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`kvlab gateway: cannot read trainees file ${file} (${(e as NodeJS.ErrnoException).code}); pass --trainees FILE with a YAML list of {user, namespace?, kubeconfig?}`);
    return undefined;
  }
  // In the pod, deploy/gateway.yaml names the gateway's namespace (downward API): no trainee gets it.
  const own = process.env.KVLAB_GATEWAY_NAMESPACE?.trim();
  const { trainees, problems } = parseTrainees(text, file, { reservedNamespaces: own ? [own] : [] });
  if (problems.length) {
    for (const p of problems) console.error(formatProblem(p));
    return undefined;
  }
  return trainees;
}

function defaultStateDir(): string {
  if (process.getuid?.() === 0) return '/var/lib/kvlab-gateway';
  return join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'kvlab-gateway');
}

async function serve(a: ServeArgs): Promise<number | undefined> {
  const secret = process.env.KVLAB_GATEWAY_SECRET;
  const bad = checkSecret(secret);
  if (bad) {
    console.error(`kvlab gateway: ${bad}`);
    return 2;
  }
  let trainees: Trainee[] | undefined;
  let traineesDir: string | undefined;
  if (a.trainees) {
    trainees = loadTrainees(a.trainees);
    if (!trainees) return 2;
    traineesDir = dirname(resolve(a.trainees));
    let failed = false;
    for (const t of trainees) {
      if (!t.kubeconfig) continue;
      try {
        readKubeconfigSource(resolve(traineesDir, t.kubeconfig));
      } catch (e) {
        console.error(`kvlab gateway: trainee ${t.user}: ${(e as Error).message}`);
        failed = true;
      }
    }
    if (failed) return 2;
  } else {
    console.error('kvlab gateway: no --trainees file: any user with a valid token gets a shell in the namespace of their name, without a cluster credential');
  }
  // Never hand the secret to anything spawned later (shells get a clean env anyway).
  delete process.env.KVLAB_GATEWAY_SECRET;
  let gw;
  try {
    gw = await startGateway({
      port: a.port,
      host: a.host,
      secret: secret!,
      trainees,
      traineesDir,
      origins: a.origins,
      stateDir: a.stateDir ?? defaultStateDir(),
      maxSessions: a.maxSessions,
      maxSessionsPerUser: a.maxSessionsPerUser,
      uidBase: a.uidBase,
      server: a.server,
      shell: 'bash',
      limits: { ...DEFAULT_LIMITS, idleSeconds: a.idleSeconds, graceSeconds: a.graceSeconds },
      heartbeatSeconds: a.heartbeatSeconds,
      ...(a.content ? { trainer: { content: a.content, exercises: a.exercises ?? defaultExercisesDir, ...(a.variant ? { variant: a.variant } : {}) } } : {}),
      log: (line) => console.error(`kvlab gateway: ${line}`),
    });
  } catch (e) {
    console.error(`kvlab gateway: cannot listen on ${a.host}:${a.port}: ${(e as Error).message}; choose another --port`);
    return 2;
  }
  // The port line is what scripts (and the tests) wait for.
  console.log(`kvlab gateway listening on http://${a.host}:${gw.port} (WebSocket at /terminal, workspace at /workspace/, health at /healthz${a.content ? ', class page at /trainer' : ''})`);
  const stop = (sig: string) => {
    console.error(`kvlab gateway: ${sig}: ending ${gw.sessions.size} session(s)`);
    void gw.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return undefined;
}

function manifests(a: ManifestsArgs): number {
  const trainees = loadTrainees(a.trainees);
  if (!trainees) return 2;
  const text = traineeManifests(trainees);
  if (a.out) writeFileSync(a.out, text);
  else process.stdout.write(text);
  return 0;
}

export async function run(argv: string[]): Promise<number | undefined> {
  const parsed = parseGatewayArgs(argv);
  if (!parsed.ok) {
    console.error(usageError('gateway', parsed.error, HELP));
    return 2;
  }
  const a = parsed.args;
  switch (a.kind) {
    case 'help':
      console.log(HELP);
      return 0;
    case 'token': {
      const secret = process.env.KVLAB_GATEWAY_SECRET;
      const bad = checkSecret(secret);
      if (bad) {
        console.error(`kvlab gateway token: ${bad}`);
        return 2;
      }
      console.log(issueToken(secret!, a.user, a.ttlSeconds, Date.now(), a.trainer ? 'trainer' : 'trainee'));
      return 0;
    }
    case 'manifests':
      return manifests(a);
    case 'serve':
      return serve(a);
  }
}
