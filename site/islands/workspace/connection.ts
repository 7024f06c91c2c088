// Connected mode's workspace in the browser: the editors' files are the files of the trainee's
// home on the gateway (docs/gateway.md, "The workspace"). One connection per page: it reads each
// file an editor opens, saves the trainee's edits (debounced) with the version they were based
// on, applies changes made in the shell (the events stream) to every editor holding the file,
// and asks the trainee which side to keep when both changed. localStorage stays the offline
// cache: an edit the gateway has not confirmed is kept there (`pending`, with its base version)
// and sent when the page reaches the gateway again, on this page view or the next.
import type { KeyValueStore } from '../../lib/progress.ts';

export interface Holder {
  /** The text the editor holds now. */
  text(): string;
  /** Sets the editor's text (a change that came from the home); not an edit to send back. */
  apply(text: string): void;
}

export interface Conflict {
  path: string;
  mine: string;
  theirs: string | null;
  /** The trainee's choice. */
  keep(side: 'mine' | 'theirs'): void;
}

interface PathState {
  /** The version of the home's file the editors hold (null: no file; undefined: never seen). */
  base?: string | null;
  /** An edit not yet confirmed by the gateway. */
  pending?: string;
}

export type WorkspaceStatus = 'connecting' | 'online' | 'offline';

export interface WorkspaceHooks {
  status(s: WorkspaceStatus, detail?: string): void;
  conflict(c: Conflict): void;
}

const SAVE_DELAY_MS = 250;
const RETRY_MS = 2000;

export class WorkspaceConnection {
  private readonly holders = new Map<string, Set<Holder>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inConflict = new Set<string>();
  private readonly inFlight = new Set<string>();
  private events: EventSource | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  status: WorkspaceStatus = 'connecting';

  constructor(
    /** http(s)://host[:port] of the gateway */
    readonly base: string,
    private readonly token: string,
    private readonly store: KeyValueStore,
    private readonly hooks: WorkspaceHooks,
  ) {
    this.listen();
    if (typeof window !== 'undefined') window.addEventListener('online', () => this.resync());
  }

  private key(path: string): string {
    return `kvlab:v1:workspace:${encodeURIComponent(this.base)}:${encodeURIComponent(path)}`;
  }
  private state(path: string): PathState {
    try {
      const raw = this.store.getItem(this.key(path));
      return raw ? (JSON.parse(raw) as PathState) : {};
    } catch {
      return {};
    }
  }
  private save(path: string, s: PathState): void {
    try {
      this.store.setItem(this.key(path), JSON.stringify(s));
    } catch {
      /* storage full or off: this page view only */
    }
  }
  /** Paths with an edit the gateway has not confirmed (tests read it through window.kvlabWorkspace). */
  pendingPaths(): string[] {
    return [...this.holders.keys()].filter((p) => this.state(p).pending !== undefined);
  }

  private setStatus(s: WorkspaceStatus, detail?: string): void {
    this.status = s;
    this.hooks.status(s, detail);
  }

  private url(path: string): string {
    return `${this.base}/workspace/file?path=${encodeURIComponent(path)}`;
  }
  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  private listen(): void {
    const es = new EventSource(`${this.base}/workspace/events?token=${encodeURIComponent(this.token)}`);
    this.events = es;
    es.addEventListener('hello', () => {
      this.setStatus('online');
      this.resync();
    });
    es.addEventListener('change', (e) => {
      const c = JSON.parse((e as MessageEvent<string>).data) as { path: string; version: string | null; text: string | null };
      this.remoteChange(c.path, c.version, c.text);
    });
    // EventSource reconnects by itself (retry: 1 s from the gateway); hello then resyncs.
    es.onerror = () => this.setStatus('offline', 'the gateway cannot be reached; your edits are kept in this browser and sent when it is back');
  }

  /** An editor opens `path`: it gets the home's file (or sends its offline edit). */
  open(path: string, h: Holder): () => void {
    let set = this.holders.get(path);
    if (!set) this.holders.set(path, (set = new Set()));
    set.add(h);
    if (set.size === 1) void this.sync(path);
    else {
      const other = [...set].find((o) => o !== h);
      if (other && other.text() !== h.text()) h.apply(other.text());
    }
    return () => set.delete(h);
  }

  private applyAll(path: string, text: string, except?: Holder): void {
    for (const h of this.holders.get(path) ?? []) if (h !== except && h.text() !== text) h.apply(text);
  }

  /** The trainee edited `path` in one editor: the others follow, and the edit is saved soon. */
  edited(path: string, text: string, from: Holder): void {
    this.applyAll(path, text, from);
    this.save(path, { ...this.state(path), pending: text });
    clearTimeout(this.timers.get(path));
    this.timers.set(path, setTimeout(() => void this.flush(path), SAVE_DELAY_MS));
  }

  private resync(): void {
    for (const p of this.holders.keys()) void this.sync(p);
  }

  /** Compares the home's file with what the editors hold, and settles the difference. */
  private async sync(path: string): Promise<void> {
    if (this.inConflict.has(path) || this.inFlight.has(path)) return;
    let res: Response;
    try {
      res = await fetch(this.url(path), { headers: this.headers() });
    } catch {
      return this.offline();
    }
    const body = (await res.json().catch(() => ({}))) as { text?: string; version?: string | null; error?: string };
    if (res.status !== 200 && res.status !== 404) return this.hooks.status(this.status, `${path}: ${body.error ?? `HTTP ${res.status}`}`);
    const version = res.status === 200 ? (body.version ?? null) : null;
    const text = res.status === 200 ? (body.text ?? '') : null;
    const s = this.state(path);
    if (s.pending !== undefined) {
      if (text === s.pending) this.save(path, { base: version });
      else if (s.base === version || (s.base === undefined && text === null)) await this.flush(path);
      else this.conflict(path, s.pending, text, version);
      return;
    }
    this.save(path, { base: version });
    if (text !== null) this.applyAll(path, text);
  }

  private offline(): void {
    this.setStatus('offline', 'the gateway cannot be reached; your edits are kept in this browser and sent when it is back');
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.resync(), RETRY_MS);
  }

  private async flush(path: string): Promise<void> {
    const s = this.state(path);
    if (s.pending === undefined || this.inConflict.has(path) || this.inFlight.has(path)) return;
    this.inFlight.add(path);
    const send = () =>
      fetch(this.url(path), {
        method: 'PUT',
        headers: { ...this.headers(), 'content-type': 'application/json' },
        body: JSON.stringify({ text: s.pending, base: s.base ?? null }),
      });
    let res: Response;
    try {
      // A connection reset (a keep-alive connection closed as it was reused, a proxy) is tried
      // once more at once: the save is idempotent (the same text on the same base; if the first
      // one landed, the gateway finds the text already there and answers 200).
      res = await send().catch(send);
    } catch {
      return this.offline();
    } finally {
      this.inFlight.delete(path);
    }
    const body = (await res.json().catch(() => ({}))) as { text?: string | null; version?: string | null; error?: string };
    if (res.status === 200) {
      const now = this.state(path);
      // edited again while this save was on its way: keep that edit pending on the new base
      this.save(path, now.pending === s.pending ? { base: body.version } : { base: body.version, pending: now.pending });
      if (now.pending !== s.pending) void this.flush(path);
      if (this.status !== 'online') this.setStatus('online');
    } else if (res.status === 409) this.conflict(path, s.pending, body.text ?? null, body.version ?? null);
    else this.hooks.status(this.status, `${path} was not saved in your home: ${body.error ?? `HTTP ${res.status}`}`);
  }

  /** A change in the home (the shell, another tab). */
  private remoteChange(path: string, version: string | null, text: string | null): void {
    if (!this.holders.has(path)) return;
    const s = this.state(path);
    if (version === s.base) return;
    if (s.pending === undefined || s.pending === text) {
      this.save(path, { base: version });
      if (text !== null) this.applyAll(path, text);
      return;
    }
    if (this.inFlight.has(path)) return; // the save on its way answers 409 with this text
    this.conflict(path, s.pending, text, version);
  }

  private conflict(path: string, mine: string, theirs: string | null, version: string | null): void {
    if (this.inConflict.has(path)) return;
    this.inConflict.add(path);
    clearTimeout(this.timers.get(path));
    this.hooks.conflict({
      path,
      mine,
      theirs,
      keep: (side) => {
        this.inConflict.delete(path);
        if (side === 'theirs') {
          // applied as an edit: Ctrl+Z in the editor brings the trainee's text back
          this.save(path, { base: version });
          this.applyAll(path, theirs ?? '');
        } else {
          this.save(path, { base: version, pending: mine });
          // the shell's text becomes an undo step under the trainee's (Ctrl+Z brings it back)
          if (theirs !== null) this.applyAll(path, theirs);
          this.applyAll(path, mine);
          void this.flush(path);
        }
      },
    });
  }

  close(): void {
    this.events?.close();
    clearTimeout(this.retry);
    for (const t of this.timers.values()) clearTimeout(t);
  }
}
