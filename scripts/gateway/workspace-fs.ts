// Reading and writing a trainee's lab files for the workspace API. Every path is checked
// (a relative path under the labs folder, plain names only) and its real path must stay inside
// the home. When the gateway runs as root with a uid per trainee, the read or write itself runs
// as that uid (the trainee's long-lived helper, uid-io.ts), so the kernel refuses what the trainee could not do in their
// own shell: a symlink into another trainee's home (mode 0700) leads nowhere even if it is
// swapped in after the check. Without a uid (shared-uid mode) the gateway opens the file itself
// with O_NOFOLLOW after the same check.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, renameSync, writeSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { UidIo } from './uid-io.ts';

/** A file's size cap (a manifest is far smaller; the API server's limit is 3 MiB). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Files a trainee may hold under the labs folder through the API. */
export const MAX_FILES = 500;
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export class WorkspaceError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const versionOf = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** The path as given if it is a plain relative path under `labsFolder`; else throws 400. */
export function checkPath(rel: string | null, labsFolder: string): string {
  if (!rel) throw new WorkspaceError(400, 'missing ?path= (a file under your labs folder, e.g. labs/lab08/vm.yaml)');
  const parts = rel.split('/');
  if (parts[0] !== labsFolder || parts.length < 2 || parts.length > 8 || !parts.every((p) => SEGMENT.test(p)))
    throw new WorkspaceError(400, `path "${rel.slice(0, 200)}" is not a file under ${labsFolder}/ (plain names only: no "..", no leading dot, no absolute path)`);
  return rel;
}

/** Throws 403 when the deepest existing part of home/rel resolves outside the home. */
export function assertInside(home: string, rel: string): void {
  const root = realpathSync(home);
  let p = join(home, rel);
  for (;;) {
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      if (p === home) return;
      p = dirname(p);
      continue;
    }
    if (real !== root && !real.startsWith(root + sep)) throw new WorkspaceError(403, `${rel} leads out of your home (a symbolic link); it is not read or written`);
    return;
  }
}

function countFiles(dir: string, cap: number): number {
  let n = 0;
  const walk = (d: string, depth: number) => {
    if (depth > 8 || n > cap) return;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(join(d, e.name), depth + 1);
      else n++;
    }
  };
  walk(dir, 0);
  return n;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Who reads or writes: the trainee's uid through their helper (uid-io.ts), when the gateway switches uids. */
export interface AsTrainee {
  io: UidIo;
  user: string;
  uid: number;
}

export interface FileRead {
  text: string | null;
  version: string | null;
}

/** The file's text and version; {null, null} when it does not exist. */
export async function readLabFile(home: string, rel: string, as: AsTrainee | undefined): Promise<FileRead> {
  assertInside(home, rel);
  const full = join(home, rel);
  if (as !== undefined) {
    // exit 3: missing, 4: not a regular file; the helper stops one byte past the cap
    const r = await as.io.read(as.user, as.uid, home, rel);
    if (r.code === 3) return { text: null, version: null };
    if (r.code === 4) throw new WorkspaceError(400, `${rel} is not a regular file`);
    if (r.code !== 0 || !r.data) throw new WorkspaceError(403, `${rel} cannot be read: ${r.message || `exit ${r.code}`}`);
    if (r.data.length > MAX_FILE_BYTES) throw new WorkspaceError(413, `${rel} is larger than ${MAX_FILE_BYTES / 1024} KiB; the editor does not open it`);
    const text = r.data.toString('utf8');
    return { text, version: versionOf(text) };
  }
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { text: null, version: null };
    if (code === 'ELOOP') throw new WorkspaceError(403, `${rel} is a symbolic link; it is not read`);
    throw new WorkspaceError(403, `${rel} cannot be read: ${code}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new WorkspaceError(400, `${rel} is not a regular file`);
    if (st.size > MAX_FILE_BYTES) throw new WorkspaceError(413, `${rel} is larger than ${MAX_FILE_BYTES / 1024} KiB; the editor does not open it`);
    const buf = Buffer.alloc(MAX_FILE_BYTES + 1);
    let n = 0;
    for (;;) {
      const k = readSync(fd, buf, n, buf.length - n, null);
      if (k <= 0) break;
      n += k;
      if (n > MAX_FILE_BYTES) throw new WorkspaceError(413, `${rel} is larger than ${MAX_FILE_BYTES / 1024} KiB`);
    }
    const text = buf.subarray(0, n).toString('utf8');
    return { text, version: versionOf(text) };
  } finally {
    closeSync(fd);
  }
}

/** Writes the file (atomically: a temporary file renamed over it); returns its new version. */
export async function writeLabFile(home: string, rel: string, text: string, as: AsTrainee | undefined, labsFolder: string): Promise<string> {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw new WorkspaceError(413, `the file is larger than ${MAX_FILE_BYTES / 1024} KiB`);
  assertInside(home, rel);
  const full = join(home, rel);
  if (!exists(full) && countFiles(join(home, labsFolder), MAX_FILES) >= MAX_FILES)
    throw new WorkspaceError(413, `your ${labsFolder}/ folder already holds ${MAX_FILES} files; delete some in the terminal first`);
  if (as !== undefined) {
    // the helper renames a temporary file over the target: a symlink there is replaced, never followed
    const r = await as.io.write(as.user, as.uid, home, rel, text);
    if (r.code !== 0) throw new WorkspaceError(403, `${rel} cannot be written: ${r.message || `exit ${r.code}`}`);
    return versionOf(text);
  }
  mkdirSync(dirname(full), { recursive: true, mode: 0o755 });
  assertInside(home, rel); // the folders just made are plain ones; a link swapped in meanwhile is refused here
  const tmp = `${full}.kvlab-save.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, full);
  return versionOf(text);
}
