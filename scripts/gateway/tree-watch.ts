// Watching a trainee's labs folder: one inotify watch per folder (fs.watch without `recursive`),
// a new folder watched as it appears. Node's recursive mode on Linux is JavaScript that, on every
// event, stats the file and re-reads its folder, and keeps an inotify watch per file: each
// atomic save (a temporary file renamed over the target) added and dropped watches and read the
// folder again, on the event loop the saves of 100 trainees share (bench gateway-workspace).
import { lstatSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

const MAX_DEPTH = 8;
/** Folders watched per trainee (a labs tree holds a folder per lab). */
const MAX_FOLDERS = 200;

export class TreeWatch {
  private readonly folders = new Map<string, FSWatcher>();

  /** `onFile(rel)`: something changed at rel (relative to root); `onGone()`: the root itself went away. */
  constructor(
    private readonly root: string,
    private readonly onFile: (rel: string) => void,
    private readonly onGone: () => void,
  ) {
    this.add('', 0, false);
  }

  get watching(): number {
    return this.folders.size;
  }

  private add(rel: string, depth: number, announce: boolean): void {
    if (depth > MAX_DEPTH || this.folders.has(rel) || this.folders.size >= MAX_FOLDERS) return;
    const full = rel ? join(this.root, rel) : this.root;
    let w: FSWatcher;
    try {
      if (!lstatSync(full).isDirectory()) return; // a link is not followed
      w = watch(full, (event, name) => {
        if (typeof name !== 'string' || !name) return;
        const child = rel ? `${rel}/${name}` : name;
        // created, removed or moved: a new folder gets its own watch
        if (event === 'rename') this.renamed(child, depth + 1);
        this.onFile(child);
      });
    } catch {
      return;
    }
    w.on('error', () => this.drop(rel));
    this.folders.set(rel, w);
    let entries;
    try {
      entries = readdirSync(full, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) this.add(child, depth + 1, announce);
      // files written in a new folder before its watch began
      else if (announce) this.onFile(child);
    }
  }

  private renamed(rel: string, depth: number): void {
    let dir = false;
    try {
      dir = lstatSync(join(this.root, rel)).isDirectory();
    } catch {
      /* gone */
    }
    if (dir) this.add(rel, depth, true);
    else this.drop(rel);
  }

  /** Stops watching rel and every folder under it. */
  private drop(rel: string): void {
    for (const [r, w] of this.folders) {
      if (r === rel || (rel === '' ? true : r.startsWith(`${rel}/`))) {
        w.close();
        this.folders.delete(r);
      }
    }
    if (rel === '') this.onGone();
  }

  close(): void {
    for (const w of this.folders.values()) w.close();
    this.folders.clear();
  }
}
