// The gateway's HTTP server: /healthz, and the WebSocket upgrade at /terminal that checks the
// Origin, the token and the caps before a shell is started or reattached.
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildKubeconfig, inClusterDefaults, readKubeconfigSource, type InClusterDefaults } from './kubeconfig.ts';
import { prepareHome, UidMap } from './homes.ts';
import { ownCgroup, removeCgroup, SessionCgroup, sessionsCgroup, stateTag, sweepStale } from './cgroup.ts';
import { launch, probePrivateProc, procHidden, type PrivateProc } from './launch.ts';
import { killAll, orphansOf } from './proctree.ts';
import { DEFAULT_LIMITS, Session, type SessionLimits } from './session.ts';
import { verifyToken } from './token.ts';
import { originAllowed, requestUrl, sendJson, tokenOf } from './http-util.ts';
import { Workspaces } from './workspace.ts';
import { UidIo } from './uid-io.ts';
import { MAX_FILE_BYTES } from './workspace-fs.ts';
import { workspaceRoute, type Auth } from './workspace-http.ts';
import { Presence, type UserPresence } from './presence.ts';
import { TrainerView, type TrainerOptions } from './trainer.ts';
import { loadClassLabs } from './trainer-class.ts';
import { runKubectl } from '../lib/live-check.ts';
export { originAllowed };
import type { Trainee } from './trainees.ts';

export interface GatewayOptions {
  port: number;
  host: string;
  secret: string;
  /** undefined: any user with a valid token (namespace = user, no credential). */
  trainees?: Trainee[];
  /** Base directory for relative kubeconfig paths in the trainees file. */
  traineesDir?: string;
  /** Allowed Origin values; '*' allows any. Empty: only the gateway's own host. */
  origins: string[];
  stateDir: string;
  maxSessions: number;
  maxSessionsPerUser: number;
  /** When running as root: each trainee gets a uid of their own from uidBase up (kept in
   * STATE/uids.json). null: shells run as the gateway's uid. */
  uidBase: number | null;
  server?: string;
  shell: string;
  limits: SessionLimits;
  /** Seconds between WebSocket pings (default 30). */
  heartbeatSeconds?: number;
  log?: (line: string) => void;
  /** The training's labs folder in each home (site param labsfoldername; default "labs"). */
  labsFolder?: string;
  /** The class page (/trainer): the training's content and exercises. Absent: no class page. */
  trainer?: TrainerOptions;
}

export const DEFAULT_OPTIONS = {
  port: 7681,
  host: '0.0.0.0',
  origins: [] as string[],
  maxSessions: 300,
  maxSessionsPerUser: 3,
  shell: 'bash',
  limits: DEFAULT_LIMITS,
};

export interface Gateway {
  port: number;
  server: Server;
  sessions: Map<string, Session>;
  close(): Promise<void>;
}

const MAX_FRAME = 1 << 20;
/** How long an idle keep-alive connection stays open (see server.keepAliveTimeout below). */
export const KEEP_ALIVE_MS = 65_000;
const CLEAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const BASHRC = [
  '# kvlab gateway shell: kubectl talks to the cluster in your namespace ($KVLAB_NAMESPACE).',
  '# \\u would say "I have no name!" for a uid without a passwd entry.',
  'PS1="$USER@kvlab:\\w\\$ "',
  'alias k=kubectl',
  'HISTSIZE=5000',
  '',
].join('\n');

function refuse(socket: Duplex, status: number, text: string, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function clampInt(v: string | null, min: number, max: number, dflt: number): number {
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : dflt;
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const log = opts.log ?? (() => {});
  const sessions = new Map<string, Session>();
  const perUser = new Map<string, number>();
  const dynamicTrainees = new Map<string, Trainee>();
  const isRoot = process.getuid?.() === 0;
  const switchUid = isRoot && opts.uidBase !== null;
  const defaults: InClusterDefaults = inClusterDefaults(process.env, opts.server);
  const stateDir = resolve(opts.stateDir);
  const homes = join(stateDir, 'homes');
  mkdirSync(homes, { recursive: true, mode: 0o711 });
  // Trainee uids must be able to pass through (not list) the state dir to reach their home.
  chmodSync(stateDir, 0o711);
  chmodSync(homes, 0o711);
  const orphans = orphansOf(homes);
  if (orphans.length) {
    log(`ending ${orphans.length} process(es) left by a previous gateway on ${stateDir}`);
    killAll(orphans);
  }
  if (switchUid) process.setgroups?.([]);
  else
    log(
      isRoot
        ? 'trainee shells share the gateway\'s uid (--uid-base off): they can read each other\'s homes'
        : 'not running as root: trainee shells share the gateway\'s uid and can read each other\'s homes (fine for one trainer; use root in a container for a class)',
    );

  const traineeFor = (user: string): Trainee | undefined => {
    if (opts.trainees) return opts.trainees.find((t) => t.user === user);
    let t = dynamicTrainees.get(user);
    if (!t && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(user) && user.length <= 63) {
      t = { user, namespace: user, index: dynamicTrainees.size };
      dynamicTrainees.set(user, t);
    }
    return t;
  };

  const uids = switchUid ? new UidMap(stateDir, opts.uidBase as number) : undefined;
  const loaded = opts.trainer ? loadClassLabs(opts.trainer.content, opts.trainer.exercises, opts.trainer.variant) : undefined;
  const labsFolder = opts.labsFolder ?? loaded?.labsFolder ?? 'labs';

  // kvlab#17 item 4: trainees must not see each other's command lines in /proc.
  let privateProc: PrivateProc | undefined;
  if (switchUid && !procHidden()) {
    const p = probePrivateProc();
    if ('reason' in p)
      log(`WARNING: trainees can see each other's processes and command lines (ps, /proc/*/cmdline): ${p.reason}. Mount /proc with hidepid=2, or give the gateway CAP_SYS_ADMIN so each shell gets a private /proc`);
    else privateProc = p;
  }
  // kvlab#17 item 13: a cgroup per session catches what leaves the session and its marker.
  const own = ownCgroup();
  if ('dir' in own) {
    const n = await sweepStale(own.dir, stateTag(stateDir));
    if (n) log(`ended the sessions of ${n} gateway(s) that stopped without cleaning up (cgroups under ${own.dir})`);
  }
  const cgroupBase = 'dir' in own ? sessionsCgroup(own.dir, stateTag(stateDir), log) : undefined;
  if (!cgroupBase)
    log(
      `no cgroup for sessions (${'reason' in own ? own.reason : 'see above'}): when a session ends, a process that left it (setsid, double fork) is still ended if it keeps KVLAB_SESSION in its environment${switchUid ? "; one that also cleared its environment lives on until the trainee's last session ends (then every process of their uid is ended)" : '; one that also cleared its environment lives on until the gateway stops it at its next start or you kill it'}`,
    );

  const setUpHome = (t: Trainee): { home: string; uid?: number; kubeconfig: string } => {
    const home = join(homes, t.user);
    const uid = uids?.uidOf(t.user);
    const source = t.kubeconfig ? readKubeconfigSource(resolve(opts.traineesDir ?? '.', t.kubeconfig)) : undefined;
    prepareHome(
      home,
      [
        // A trainer-given credential is refreshed at every session start; without one, a file
        // the trainee already has is kept (it may hold a credential they added themselves).
        { path: '.kube/config', content: buildKubeconfig({ user: t.user, namespace: t.namespace, source, defaults }), mode: 0o600, keep: !source },
        { path: '.bashrc', content: BASHRC, mode: 0o644, keep: true },
      ],
      uid,
      [labsFolder],
    );
    return { home, uid, kubeconfig: join(home, '.kube', 'config') };
  };

  const cleanEnv = (t: Trainee, home: string, kubeconfig: string): Record<string, string> => ({
    PATH: CLEAN_PATH,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    HOME: home,
    USER: t.user,
    LOGNAME: t.user,
    SHELL: '/bin/bash',
    KUBECONFIG: kubeconfig,
    KVLAB_NAMESPACE: t.namespace,
    // which gateway runs this shell: a second gateway on the same state dir leaves it alone
    KVLAB_GATEWAY_PID: String(process.pid),
  });

  // autoPong off: Session answers pings itself, only while the client reads (kvlab#17).
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, perMessageDeflate: false, autoPong: false });
  // Heartbeat: a connection that vanished without a close (laptop lid, NAT timeout) answers
  // no ping; terminating it starts the session's grace period like any other drop.
  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
  });
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) ws.terminate();
      else {
        alive.delete(ws);
        ws.ping();
      }
    }
  }, (opts.heartbeatSeconds ?? 30) * 1000);
  heartbeat.unref();

  const workspaces = new Workspaces({
    homes,
    labsFolder,
    uidOf: (user) => uids?.uidOf(user),
    ...(uids ? { io: new UidIo(stateDir, MAX_FILE_BYTES) } : {}),
    ensureHome: (user) => {
      const t = traineeFor(user);
      if (t) setUpHome(t);
    },
    log,
  });
  const presence = new Presence(stateDir, log);
  presence.setSource(() => {
    const m = new Map<string, UserPresence>();
    for (const s of sessions.values()) {
      const p = m.get(s.trainee.user);
      m.set(s.trainee.user, { connected: (p?.connected ?? false) || s.attached, lastActivity: Math.max(p?.lastActivity ?? 0, s.lastActivity) });
    }
    return m;
  });
  const traineeAuth = (req: IncomingMessage, url: URL): Auth => {
    const verdict = verifyToken(opts.secret, tokenOf(req, url));
    if (!verdict.ok) return { ok: false, status: 401, error: verdict.reason };
    if (verdict.claims.role !== 'trainee') return { ok: false, status: 403, error: 'a trainer token opens the class page (/trainer), not a trainee\'s shell or files' };
    const t = traineeFor(verdict.claims.sub);
    if (!t) return { ok: false, status: 403, error: `user "${verdict.claims.sub}" is not in the trainees file` };
    return { ok: true, user: t.user };
  };
  const workspaceDeps = { workspaces, origins: opts.origins, auth: traineeAuth, touch: (u: string) => presence.touch(u) };
  // Checks on what the cluster holds (kvlab check --namespace) when the gateway's own kubectl
  // reaches a cluster: asked once, at start, without holding the start up.
  let clusterReachable = false;
  if (loaded) {
    void runKubectl('kubectl', ['version', '-o', 'json', '--request-timeout=5s'], 1 << 20, 10_000).then((r) => {
      clusterReachable = r.ok;
      log(r.ok ? 'class page: kubectl reaches the cluster; checks can also run on what it holds (kvlab check --namespace)' : `class page: no checks on the cluster (${r.error.split('\n')[0]})`);
    });
  }
  const cluster = {
    kubectl: 'kubectl',
    reachable: () => clusterReachable,
    namespaceOf: (user: string) => (opts.trainees ?? []).find((t) => t.user === user)?.namespace ?? user,
  };
  const trainer = loaded
    ? new TrainerView({ loaded, cluster, homes, secret: opts.secret, presence, workspaces, knownUsers: () => (opts.trainees ?? []).map((t) => t.user), log })
    : undefined;

  const server = createServer((req, res) => {
    const url = requestUrl(req);
    if (!url) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'bad request URL' }));
      return;
    }
    if (workspaceRoute(workspaceDeps, req, res, url)) return;
    if (url.pathname === '/trainer' || url.pathname.startsWith('/trainer/')) {
      if (trainer) {
        try {
          trainer.route(req, res, url);
        } catch (e) {
          log(`class page: ${(e as Error).stack ?? (e as Error).message}`);
          if (!res.headersSent) sendJson(res, 500, { error: 'the class page failed; see the gateway log' });
          else res.destroy();
        }
      }
      else sendJson(res, 404, { error: 'this gateway has no class page: start it with --content DIR (the training) to serve /trainer' });
      return;
    }
    if (url.pathname === '/healthz') {
      let attached = 0;
      let paused = 0;
      for (const s of sessions.values()) {
        if (s.attached) attached++;
        if (s.paused) paused++;
      }
      // The lab page may probe the gateway before it opens a terminal: allow its origin.
      const origin = req.headers.origin;
      const cors = origin && origin !== 'null' && originAllowed(origin, req.headers.host, opts.origins) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors });
      res.end(JSON.stringify({ ok: true, sessions: sessions.size, attached, paused }));
      return;
    }
    res.writeHead(url.pathname === '/terminal' ? 426 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: url.pathname === '/terminal' ? 'WebSocket upgrade required' : 'not found' }));
  });

  // A trainee's last session sweeps every process of their uid; a new shell of theirs must
  // not start before that sweep is over, or the sweep would take it too.
  const sweeping = new Map<string, Promise<void>>();

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((e: Error) => {
      log(`upgrade failed: ${e.stack ?? e.message}`);
      if (!socket.destroyed) refuse(socket, 500, 'Internal Server Error', 'the gateway failed to open this terminal; see its log');
    });
  });

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(req);
    if (!url) return refuse(socket, 400, 'Bad Request', 'bad request URL');
    if (url.pathname !== '/terminal') return refuse(socket, 404, 'Not Found', 'the terminal is at /terminal');
    if (!originAllowed(req.headers.origin, req.headers.host, opts.origins))
      return refuse(socket, 403, 'Forbidden', `origin ${req.headers.origin} is not allowed (start the gateway with --origin ${req.headers.origin} to allow it)`);
    const who = traineeAuth(req, url);
    if (!who.ok) return refuse(socket, who.status, who.status === 401 ? 'Unauthorized' : 'Forbidden', who.error);
    const trainee = traineeFor(who.user)!;
    const sweep = sweeping.get(trainee.user);
    if (sweep) await sweep;
    if (socket.destroyed) return;

    // Reattach only to a live session of the same user; anything else starts a new shell.
    const wanted = url.searchParams.get('session');
    const existing = wanted ? sessions.get(wanted) : undefined;
    const resume = existing && existing.trainee.user === trainee.user ? existing : undefined;
    if (!resume) {
      if (sessions.size >= opts.maxSessions)
        return refuse(socket, 429, 'Too Many Requests', `the gateway runs its maximum of ${opts.maxSessions} sessions; try again later`);
      if ((perUser.get(trainee.user) ?? 0) >= opts.maxSessionsPerUser)
        return refuse(socket, 429, 'Too Many Requests', `user "${trainee.user}" already has ${opts.maxSessionsPerUser} sessions; close a terminal tab or wait ${opts.limits.graceSeconds}s for a dropped one to end`);
    }
    // The home is written before the upgrade (a failure is still an HTTP 500); the shell is
    // started only once the upgrade completed, so a failed handshake starts nothing.
    let prepared: ReturnType<typeof setUpHome> | undefined;
    if (!resume) {
      try {
        prepared = setUpHome(trainee);
      } catch (e) {
        log(`cannot prepare the home of ${trainee.user}: ${(e as Error).message}`);
        return refuse(socket, 500, 'Internal Server Error', `cannot start a shell: ${(e as Error).message}`);
      }
    }
    const cols = clampInt(url.searchParams.get('cols'), 1, 1000, 80);
    const rows = clampInt(url.searchParams.get('rows'), 1, 500, 24);
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req);
      if (resume) return resume.attach(ws, true);
      // ws completes the upgrade synchronously, so the caps checked above still hold; check
      // again all the same rather than run past them.
      if (sessions.size >= opts.maxSessions || (perUser.get(trainee.user) ?? 0) >= opts.maxSessionsPerUser) return ws.close(1013, 'session cap reached; try again later');
      let session: Session;
      try {
        session = startSession(trainee, prepared!, cols, rows);
      } catch (e) {
        log(`cannot start a shell for ${trainee.user}: ${(e as Error).message}`);
        ws.send(JSON.stringify({ type: 'error', message: `cannot start a shell: ${(e as Error).message}` }));
        return ws.close(1011, 'cannot start a shell');
      }
      session.attach(ws, false);
    });
  };

  const spawnSpec = (trainee: Trainee, home: string, kubeconfig: string, uid: number | undefined, cols: number, rows: number) => {
    let cgroup: SessionCgroup | undefined;
    if (cgroupBase) {
      try {
        cgroup = new SessionCgroup(join(cgroupBase, `s-${trainee.user}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`));
      } catch (e) {
        log(`cannot create a cgroup for a session of ${trainee.user}: ${(e as Error).message}`);
      }
    }
    const l = launch(opts.shell, [], { uid, privateProc, cgroupProcs: cgroup?.procsFile, cwd: home });
    return { file: l.file, args: l.args, env: cleanEnv(trainee, home, kubeconfig), cwd: l.cwd ?? home, uid: l.uid, gid: l.uid, cols, rows, sessionUid: uid, cgroup, joinsCgroup: l.joins };
  };

  const startSession = (trainee: Trainee, { home, uid, kubeconfig }: ReturnType<typeof setUpHome>, cols: number, rows: number): Session => {
    const spec = spawnSpec(trainee, home, kubeconfig, uid, cols, rows);
    let session: Session;
    try {
      session = new Session(
        trainee,
        spec,
        opts.limits,
        (s) => {
          sessions.delete(s.id);
          const n = (perUser.get(s.trainee.user) ?? 1) - 1;
          if (n > 0) perUser.set(s.trainee.user, n);
          else perUser.delete(s.trainee.user);
          log(`session ${s.id.slice(0, 8)} of ${s.trainee.user} ended`);
        },
        // onGone ran first, so perUser no longer counts this session.
        (s) => {
          if (uid === undefined || perUser.has(trainee.user)) return undefined;
          const done = s.done.then(() => {
            if (sweeping.get(trainee.user) === done) sweeping.delete(trainee.user);
          });
          sweeping.set(trainee.user, done);
          return uid;
        },
      );
    } catch (e) {
      if (spec.cgroup) void removeCgroup(spec.cgroup.dir);
      throw e;
    }
    sessions.set(session.id, session);
    perUser.set(trainee.user, (perUser.get(trainee.user) ?? 0) + 1);
    workspaces.watch(trainee.user);
    log(`session ${session.id.slice(0, 8)} of ${trainee.user} started (pid ${session.pid})`);
    return session;
  };

  // Keep-alive: a client reuses an idle connection for its next request. Node closes one after
  // 5 s idle, which races a client (a page saving every few seconds, a proxy's pool) sending on
  // it just then: the request meets a closed socket (ECONNRESET), and a loaded event loop runs
  // the expired close timer before it reads the request that arrived. Longer than the usual
  // client and proxy idle times (browsers, undici ≤ 4 s; load balancers 60 s); headersTimeout
  // stays above it, as Node asks.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 5000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, opts.host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(heartbeat);
      workspaces.close();
      trainer?.close();
      presence.close();
      await Promise.all([...sessions.values()].map((s) => s.end(1001, 'gateway shutting down')));
      for (const c of wss.clients) c.terminate();
      wss.close();
      if (cgroupBase) await removeCgroup(cgroupBase);
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await closed;
    })());

  return { port, server, sessions, close };
}
