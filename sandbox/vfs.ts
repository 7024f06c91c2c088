// The sandbox's file system: the trainee's home with the lab folders as the editors hold them
// (labs/lab08/…), plus what the trainee makes in the shell (mkdir, echo > file). Paths are
// POSIX; every method takes a path relative to `cwd` or absolute.

export class VfsError extends Error {}

export class Vfs {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(['/']);
  cwd: string;

  constructor(readonly home: string) {
    this.mkdirp(home);
    this.cwd = home;
  }

  /** Absolute, normalised path (`~` is the home directory). */
  resolve(path: string): string {
    let p = path;
    if (p === '~' || p.startsWith('~/')) p = this.home + p.slice(1);
    if (!p.startsWith('/')) p = `${this.cwd}/${p}`;
    const out: string[] = [];
    for (const part of p.split('/')) {
      if (!part || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return `/${out.join('/')}`;
  }

  /** The path as the prompt shows it (~ for home). */
  pretty(abs: string): string {
    if (abs === this.home) return '~';
    if (abs.startsWith(`${this.home}/`)) return `~${abs.slice(this.home.length)}`;
    return abs;
  }

  isDir(path: string): boolean {
    return this.dirs.has(this.resolve(path));
  }

  isFile(path: string): boolean {
    return this.files.has(this.resolve(path));
  }

  exists(path: string): boolean {
    return this.isDir(path) || this.isFile(path);
  }

  read(path: string): string {
    const abs = this.resolve(path);
    const text = this.files.get(abs);
    if (text !== undefined) return text;
    if (this.dirs.has(abs)) throw new VfsError(`${path}: Is a directory`);
    throw new VfsError(`${path}: No such file or directory`);
  }

  write(path: string, text: string, append = false): void {
    const abs = this.resolve(path);
    if (this.dirs.has(abs)) throw new VfsError(`${path}: Is a directory`);
    const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
    if (!this.dirs.has(parent)) throw new VfsError(`${path}: No such file or directory`);
    this.files.set(abs, append ? (this.files.get(abs) ?? '') + text : text);
  }

  /** Puts a file in place with its parent folders (how the editors' files arrive). */
  put(path: string, text: string): void {
    const abs = this.resolve(path);
    this.mkdirp(abs.slice(0, abs.lastIndexOf('/')) || '/');
    this.files.set(abs, text);
  }

  mkdir(path: string, parents = false): void {
    const abs = this.resolve(path);
    if (this.files.has(abs) || (this.dirs.has(abs) && !parents)) throw new VfsError(`cannot create directory '${path}': File exists`);
    const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
    if (!parents && !this.dirs.has(parent)) throw new VfsError(`cannot create directory '${path}': No such file or directory`);
    this.mkdirp(abs);
  }

  private mkdirp(abs: string): void {
    let cur = '';
    for (const part of abs.split('/').filter(Boolean)) {
      cur += `/${part}`;
      if (this.files.has(cur)) throw new VfsError(`cannot create directory '${cur}': Not a directory`);
      this.dirs.add(cur);
    }
  }

  remove(path: string): void {
    const abs = this.resolve(path);
    if (this.dirs.has(abs)) throw new VfsError(`cannot remove '${path}': Is a directory`);
    if (!this.files.delete(abs)) throw new VfsError(`cannot remove '${path}': No such file or directory`);
  }

  /** Names in a folder, folders marked with a trailing '/'. */
  list(path: string): string[] {
    const abs = this.resolve(path);
    if (this.files.has(abs)) return [abs.slice(abs.lastIndexOf('/') + 1)];
    if (!this.dirs.has(abs)) throw new VfsError(`cannot access '${path}': No such file or directory`);
    const head = abs === '/' ? '/' : `${abs}/`;
    const names = new Set<string>();
    for (const d of this.dirs) if (d.startsWith(head) && d !== abs && !d.slice(head.length).includes('/')) names.add(`${d.slice(head.length)}/`);
    for (const f of this.files.keys()) if (f.startsWith(head) && !f.slice(head.length).includes('/')) names.add(f.slice(head.length));
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  /** Every file under a folder (for `kubectl apply -f DIR`), sorted. */
  filesUnder(path: string): string[] {
    const abs = this.resolve(path);
    return [...this.files.keys()].filter((f) => f.startsWith(`${abs}/`) && !f.slice(abs.length + 1).includes('/')).sort();
  }

  /** What the trainee made in the shell, for the saved state. */
  snapshot(): { dirs: string[]; files: Record<string, string> } {
    return { dirs: [...this.dirs], files: Object.fromEntries(this.files) };
  }

  restore(s: { dirs?: string[]; files?: Record<string, string> }): void {
    for (const d of s.dirs ?? []) if (typeof d === 'string') this.mkdirp(d);
    for (const [p, t] of Object.entries(s.files ?? {})) if (typeof t === 'string') this.put(p, t);
  }
}
