// One workspace per trainee: the files under the labs folder of their home, read and written
// through workspace-fs.ts, and watched so that a change made in the shell (vim, sed -i, a
// redirect) reaches the open editors at once. Watching is inotify (tree-watch.ts: a watch per
// folder under home/labs): a change arrives in tens of milliseconds and an idle class costs nothing, where
// polling 100 homes every second would stat thousands of files for a latency of half a second.
// inotify does not see writes made on another machine of a shared volume; a trainee's shell and
// editor are routed to the same replica (deploy/README.md), so their own changes are seen.
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { checkPath, readLabFile, writeLabFile, type AsTrainee, type FileRead } from './workspace-fs.ts';
import type { UidIo } from './uid-io.ts';
import { TreeWatch } from './tree-watch.ts';

export interface WorkspaceChange {
  user: string;
  path: string;
  version: string | null;
  text: string | null;
}

export interface WorkspaceOptions {
  homes: string;
  labsFolder: string;
  /** The trainee's uid when reads and writes must run as it (root with a uid per trainee). */
  uidOf(user: string): number | undefined;
  /** The helpers that read and write as a trainee's uid (needed when uidOf gives one). */
  io?: UidIo;
  /** Creates the home (and its labs folder) if it does not exist yet. */
  ensureHome(user: string): void;
  log(line: string): void;
}

export type PutResult = { version: string } | { conflict: FileRead };

export class Workspaces {
  /** user → path → the version the gateway last saw (null: absent). */
  private readonly known = new Map<string, Map<string, string | null>>();
  private readonly watchers = new Map<string, TreeWatch>();
  private readonly listeners = new Set<(c: WorkspaceChange) => void>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly opts: WorkspaceOptions) {}

  home(user: string): string {
    return join(this.opts.homes, user);
  }

  private as(user: string): AsTrainee | undefined {
    const uid = this.opts.uidOf(user);
    if (uid === undefined) return undefined;
    if (!this.opts.io) throw new Error('a uid per trainee needs the file helpers (WorkspaceOptions.io)');
    return { io: this.opts.io, user, uid };
  }

  onChange(fn: (c: WorkspaceChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** One operation at a time per trainee: a read-compare-write is never interleaved. */
  private serial<T>(user: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(user) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.queues.set(user, next.catch(() => {}));
    return next;
  }

  private remember(user: string, path: string, version: string | null): boolean {
    let m = this.known.get(user);
    if (!m) this.known.set(user, (m = new Map()));
    const before = m.get(path);
    m.set(path, version);
    return before !== version && !(before === undefined && version === null);
  }

  private emit(c: WorkspaceChange): void {
    for (const fn of this.listeners) {
      try {
        fn(c);
      } catch (e) {
        this.opts.log(`workspace listener failed: ${(e as Error).message}`);
      }
    }
  }

  async get(user: string, rawPath: string | null): Promise<FileRead & { path: string }> {
    const path = checkPath(rawPath, this.opts.labsFolder);
    this.prepare(user);
    return this.serial(user, async () => {
      const r = await readLabFile(this.home(user), path, this.as(user));
      this.remember(user, path, r.version);
      return { path, ...r };
    });
  }

  /**
   * Writes unless `base` is given and differs from the file's version now (null: the client
   * expects no file). Then nothing is written and the current file comes back as a conflict.
   */
  async put(user: string, rawPath: string | null, text: string, base: string | null | undefined): Promise<PutResult> {
    const path = checkPath(rawPath, this.opts.labsFolder);
    this.prepare(user);
    return this.serial(user, async () => {
      const home = this.home(user);
      const as = this.as(user);
      if (base !== undefined) {
        const now = await readLabFile(home, path, as);
        if (now.version !== base && now.text !== text) return { conflict: now };
      }
      const version = await writeLabFile(home, path, text, as, this.opts.labsFolder);
      if (this.remember(user, path, version)) this.emit({ user, path, version, text });
      return { version };
    });
  }

  private prepared = new Set<string>();
  private prepare(user: string): void {
    if (!this.prepared.has(user)) {
      this.opts.ensureHome(user);
      this.prepared.add(user);
    }
    this.watch(user);
  }

  /** Starts watching the trainee's labs folder (idempotent; a labs folder that is a link is not watched). */
  watch(user: string): void {
    if (this.watchers.has(user)) return;
    const dir = join(this.home(user), this.opts.labsFolder);
    try {
      if (!lstatSync(dir).isDirectory()) return;
    } catch {
      return;
    }
    const w = new TreeWatch(
      dir,
      (rel) => this.changed(user, `${this.opts.labsFolder}/${rel}`),
      () => {
        w.close();
        this.watchers.delete(user);
      },
    );
    if (w.watching === 0) return this.opts.log(`cannot watch ${dir}`);
    this.watchers.set(user, w);
  }

  /** A change seen by the watcher: read the file again (after a short settle) and tell listeners if it differs. */
  private changed(user: string, path: string): void {
    if (/\.kvlab-save\.|\/\.|~$|\.sw[px]$/.test(path)) return; // our temporaries, editors' swap files
    const key = `${user}\u0000${path}`;
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.serial(user, async () => {
          let r: FileRead;
          try {
            checkPath(path, this.opts.labsFolder);
            r = await readLabFile(this.home(user), path, this.as(user));
          } catch {
            return; // a folder, a link out, too large: nothing an editor holds
          }
          if (this.remember(user, path, r.version)) this.emit({ user, path, ...r });
        });
      }, 40),
    );
  }

  close(): void {
    this.opts.io?.close();
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    for (const t of this.pending.values()) clearTimeout(t);
  }
}
