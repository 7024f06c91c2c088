// The trainer's class page at /trainer (docs/gateway.md, "The class page"): only a trainer token
// opens it (a trainee's gets 403, a bad one 401); it is same-origin only (a request with another
// Origin, or a cross-site fetch, gets 403) and sends a CSP that allows nothing but its own files.
// Rows are the homes under STATE/homes (every replica sharing the state dir writes there) plus
// the trainees file; they are refreshed when a workspace changes on this gateway and polled
// every 1.5 s while a class page listens (changes made through another replica).
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { openEvents, sendJson, tokenOf } from './http-util.ts';
import type { Presence } from './presence.ts';
import { ClassChecker, taskState, type ClassLab, type LoadedClass, type TaskState } from './trainer-class.ts';
import { CSP, PAGE_CSS, PAGE_HTML, PAGE_JS } from './trainer-page.ts';
import { verifyToken } from './token.ts';
import type { Workspaces } from './workspace.ts';
import { checkLive, kubectlGetArgs, runKubectl, type LiveCheck } from '../lib/live-check.ts';

export interface TrainerOptions {
  content: string;
  /** Default: the training's own (CONTENT/exercises/). */
  exercises?: string;
  variant?: string;
}

export interface Row {
  user: string;
  connected: boolean;
  lastActivity: number;
  labs: Record<string, TaskState[]>;
}

/** The gateway's own cluster access (its kubectl and credential), for checks on what the cluster holds. */
export interface ClusterAccess {
  kubectl: string;
  /** Whether kubectl reached the cluster when the gateway started. */
  reachable(): boolean;
  namespaceOf(user: string): string;
}

export interface ClusterRow {
  user: string;
  namespace: string;
  tasks?: TaskState[];
  /** Which lab file came from which object. */
  sources?: Record<string, string>;
  error?: string;
}

const KUBECTL_MAX_BYTES = 64 * 1024 * 1024;
const KUBECTL_TIMEOUT_MS = 20_000;
/** kubectl runs at once for one class check (each is a process of ~50 MiB). */
const KUBECTL_PARALLEL = 4;

interface Deps {
  loaded: LoadedClass;
  cluster?: ClusterAccess;
  homes: string;
  secret: string;
  presence: Presence;
  workspaces: Workspaces;
  knownUsers(): string[];
  log(line: string): void;
}

const SECURITY = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY', 'cache-control': 'no-store' };
const USER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export class TrainerView {
  readonly checker: ClassChecker;
  private readonly rows = new Map<string, string>();
  private readonly listeners = new Set<(event: string, data: unknown) => void>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private poll: NodeJS.Timeout | undefined;
  private readonly offChange: () => void;

  constructor(private readonly deps: Deps) {
    this.checker = new ClassChecker(deps.loaded);
    deps.log(`class page at /trainer: ${this.checker.loaded.labs.length} lab(s) with exercises (${this.checker.loaded.labs.map((l) => l.key).join(', ') || 'none'})`);
    this.offChange = deps.workspaces.onChange((c) => this.soon(c.user));
  }

  users(): string[] {
    let homes: string[] = [];
    try {
      homes = readdirSync(this.deps.homes, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
    } catch {
      /* no homes yet */
    }
    return [...new Set([...homes, ...this.deps.knownUsers()])].filter((u) => USER.test(u)).sort();
  }

  row(user: string, presence = this.deps.presence.all()): Row {
    const dir = join(this.deps.homes, user);
    const labs: Record<string, TaskState[]> = {};
    let newest = 0;
    for (const lab of this.checker.loaded.labs) {
      const { folder, result } = this.checker.check(lab, dir, user);
      labs[lab.key] = result.tasks.map((t) => taskState(t, folder, lab.lab));
      for (const p of Object.keys(folder.files)) {
        try {
          newest = Math.max(newest, statSync(join(dir, p)).mtimeMs);
        } catch {
          /* gone meanwhile */
        }
      }
    }
    const p = presence.get(user);
    return { user, connected: p?.connected ?? false, lastActivity: Math.round(Math.max(newest, p?.lastActivity ?? 0)), labs };
  }

  snapshot() {
    const presence = this.deps.presence.all();
    return {
      cluster: this.deps.cluster?.reachable() ?? false,
      labs: this.checker.loaded.labs.map((l) => ({ key: l.key, slug: l.slug, title: l.title, tasks: l.lab.tasks.map((t) => ({ id: t.id, ...(t.number ? { number: t.number } : {}), title: t.title, ...(t.graded === false ? { graded: false } : {}) })) })),
      trainees: this.users().map((u) => this.row(u, presence)),
    };
  }

  private readonly liveResults = new Map<string, LiveCheck>();

  /**
   * `kvlab check --lab KEY --namespace NS` for every trainee (NS: their namespace), on what the
   * cluster holds; results cached per kubectl output (a hash), like the homes' per file version.
   */
  async clusterRows(lab: ClassLab): Promise<ClusterRow[]> {
    const cluster = this.deps.cluster!;
    const users = this.users();
    const out: ClusterRow[] = new Array(users.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < users.length; i = next++) {
        const user = users[i]!;
        const namespace = cluster.namespaceOf(user);
        const got = await runKubectl(cluster.kubectl, kubectlGetArgs(namespace), KUBECTL_MAX_BYTES, KUBECTL_TIMEOUT_MS);
        if (!got.ok) {
          out[i] = { user, namespace, error: got.error };
          continue;
        }
        const key = createHash('sha256').update(lab.key).update('\0').update(got.text).digest('base64url');
        let r = this.liveResults.get(key);
        if (!r) {
          r = checkLive(lab.lab, got.text);
          if (this.liveResults.size >= 2000) this.liveResults.delete(this.liveResults.keys().next().value as string);
          this.liveResults.set(key, r);
        }
        if (!r.ok) out[i] = { user, namespace, error: `namespace ${namespace}: ${r.error}` };
        else {
          const live = r;
          out[i] = { user, namespace, tasks: live.result.tasks.map((t) => taskState(t, { files: live.files, unreadable: {} }, lab.lab)), sources: live.sources };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(KUBECTL_PARALLEL, users.length) }, worker));
    return out;
  }

  /** Recomputes one row soon (changes come in bursts) and sends it if it changed. */
  private soon(user: string): void {
    if (this.listeners.size === 0 || this.timers.has(user)) return;
    this.timers.set(
      user,
      setTimeout(() => {
        this.timers.delete(user);
        this.refresh(user);
      }, 100),
    );
  }

  private refresh(user: string, presence?: ReturnType<Presence['all']>): void {
    let row: Row;
    try {
      row = this.row(user, presence);
    } catch (e) {
      this.deps.log(`cannot check ${user}'s files: ${(e as Error).stack ?? (e as Error).message}`);
      return;
    }
    const text = JSON.stringify(row);
    if (this.rows.get(user) === text) return;
    this.rows.set(user, text);
    for (const fn of this.listeners) fn('row', row);
  }

  private listen(fn: (event: string, data: unknown) => void): () => void {
    this.listeners.add(fn);
    this.poll ??= setInterval(() => {
      const presence = this.deps.presence.all();
      for (const u of this.users()) this.refresh(u, presence);
    }, 1500);
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) {
        clearInterval(this.poll);
        this.poll = undefined;
      }
    };
  }

  /** A request to /trainer or below. */
  route(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const path = url.pathname;
    // The page's own files are code only (no data): served without a token.
    if (path === '/trainer/app.js' || path === '/trainer/app.css') {
      res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8', ...SECURITY });
      res.end(path.endsWith('.js') ? PAGE_JS : PAGE_CSS);
      return;
    }
    // Same origin only: the class page calls itself, nothing else may read the class.
    const origin = req.headers.origin;
    let sameOrigin = origin === undefined;
    try {
      sameOrigin ||= new URL(origin as string).host === req.headers.host;
    } catch {
      sameOrigin = false;
    }
    if (!sameOrigin || req.headers['sec-fetch-site'] === 'cross-site') return sendJson(res, 403, { error: 'the class page answers only to itself (same origin)' }, SECURITY);
    const verdict = verifyToken(this.deps.secret, tokenOf(req, url));
    if (!verdict.ok) return sendJson(res, 401, { error: verdict.reason }, SECURITY);
    if (verdict.claims.role !== 'trainer') return sendJson(res, 403, { error: 'the class page needs a trainer token (kvlab gateway token --trainer NAME)' }, SECURITY);
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'GET only' }, SECURITY);

    if (path === '/trainer' || path === '/trainer/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, ...SECURITY });
      res.end(PAGE_HTML);
      return;
    }
    if (path === '/trainer/api/class') return sendJson(res, 200, this.snapshot(), SECURITY);
    if (path === '/trainer/events') {
      const events = openEvents(req, res, SECURITY);
      const snap = this.snapshot();
      for (const r of snap.trainees) this.rows.set(r.user, JSON.stringify(r));
      events.send('class', snap);
      events.onClose(this.listen((event, data) => events.send(event, data)));
      return;
    }
    if (path === '/trainer/api/cluster') {
      const lab = this.checker.lab(url.searchParams.get('lab') ?? '');
      if (!lab) return sendJson(res, 404, { error: `no lab "${url.searchParams.get('lab')}"; labs: ${this.checker.loaded.labs.map((l) => l.key).join(', ')}` }, SECURITY);
      if (!this.deps.cluster?.reachable())
        return sendJson(res, 409, { error: 'this gateway has no cluster access: kubectl on its PATH did not reach a cluster when it started (give it a kubeconfig that may read the trainees\' namespaces, and restart it)' }, SECURITY);
      this.clusterRows(lab).then(
        (trainees) => sendJson(res, 200, { lab: lab.key, trainees }, SECURITY),
        (e: Error) => sendJson(res, 500, { error: `the cluster check failed: ${e.message}` }, SECURITY),
      );
      return;
    }
    if (path === '/trainer/api/report') {
      const lab = this.checker.lab(url.searchParams.get('lab') ?? '');
      const format = url.searchParams.get('format') ?? 'json';
      if (!lab) return sendJson(res, 404, { error: `no lab "${url.searchParams.get('lab')}"; labs: ${this.checker.loaded.labs.map((l) => l.key).join(', ')}` }, SECURITY);
      if (format !== 'json' && format !== 'junit') return sendJson(res, 400, { error: 'format is json or junit' }, SECURITY);
      const body = this.checker.report(lab, this.deps.homes, format);
      res.writeHead(200, {
        'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8',
        'content-disposition': `attachment; filename="class-lab${lab.key}.${format === 'json' ? 'json' : 'xml'}"`,
        ...SECURITY,
      });
      res.end(body);
      return;
    }
    if (path === '/trainer/api/file') {
      const user = url.searchParams.get('user') ?? '';
      const lab = this.checker.lab(url.searchParams.get('lab') ?? '');
      const want = url.searchParams.get('path') ?? '';
      if (!USER.test(user) || !this.users().includes(user)) return sendJson(res, 404, { error: `no trainee "${user.slice(0, 64)}"` }, SECURITY);
      if (!lab) return sendJson(res, 404, { error: 'no such lab' }, SECURITY);
      // only the lab's own files, read as `kvlab check` reads them (no link out, size cap)
      const { folder, result } = this.checker.check(lab, join(this.deps.homes, user), user);
      const path = lab.paths.find((p) => p === want) ?? lab.paths.find((p) => p in folder.files);
      if (!path || !(path in folder.files)) return sendJson(res, 404, { error: folder.unreadable[want] ?? `${user} has no ${want || 'file of this lab'}` }, SECURITY);
      // one mark per finding (later tasks repeat the same requirement on the same file)
      const seen = new Set<string>();
      const only = url.searchParams.get('task');
      const marks = result.tasks.filter((t) => !only || t.id === only).flatMap((t) =>
        t.requirements
          .filter((r) => !r.passed && !r.skipped && r.file === path && r.line)
          .filter((r) => !seen.has(`${r.line}\0${r.text}`) && seen.add(`${r.line}\0${r.text}`))
          .map((r) => ({ task: t.id, line: r.line, column: r.column ?? 1, text: r.text, ...(r.detail ? { detail: r.detail } : {}) })),
      );
      return sendJson(res, 200, { user, path, text: folder.files[path], marks }, SECURITY);
    }
    sendJson(res, 404, { error: 'not found' }, SECURITY);
  }

  close(): void {
    this.offChange();
    clearInterval(this.poll);
    for (const t of this.timers.values()) clearTimeout(t);
    this.listeners.clear();
  }
}
