// Trainee homes and uids when the gateway runs as root. Each trainee keeps one uid for good
// (recorded in STATE/uids.json, so reordering the trainees file never hands one trainee's
// files to another), and everything inside a home is written by the trainee's own uid: a
// trainee who plants a symlink in their home (~/.kube/config → someone else's file) can
// only make the gateway write where they could write themselves.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class UidMap {
  private readonly file: string;
  private readonly map: Record<string, number>;

  constructor(stateDir: string, private readonly base: number) {
    this.file = join(stateDir, 'uids.json');
    let map: Record<string, number> = {};
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8'));
      if (parsed && typeof parsed === 'object') map = parsed;
    } catch {
      /* first start */
    }
    this.map = map;
  }

  /** The trainee's uid, allocating (and recording) the next free one on first sight. */
  uidOf(user: string): number {
    const known = this.map[user];
    if (Number.isInteger(known)) return known;
    // Another gateway on the same state dir (a replica) may have given this trainee a uid.
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, number>;
      for (const [u, id] of Object.entries(parsed)) if (!(u in this.map) && Number.isInteger(id)) this.map[u] = id;
    } catch {
      /* none yet */
    }
    if (Number.isInteger(this.map[user])) return this.map[user];
    const used = new Set(Object.values(this.map));
    let uid = this.base;
    while (used.has(uid)) uid++;
    this.map[user] = uid;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.map, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
    return uid;
  }
}

export interface HomeFile {
  /** Path relative to the home. */
  path: string;
  content: string;
  mode: number;
  /** Keep an existing file (the trainee may have changed it). */
  keep?: boolean;
}

/**
 * Creates the home (root-owned parent, so the path to it is trusted) and writes the files.
 * With a uid, the files are written by a shell running as that uid, never by root.
 */
export function prepareHome(home: string, files: HomeFile[], uid?: number, dirs: string[] = []): void {
  if (!existsSync(home)) mkdirSync(home, { mode: 0o700 });
  if (uid !== undefined) chownSync(home, uid, uid);
  chmodSync(home, 0o700);
  if (uid === undefined) {
    for (const d of dirs) mkdirSync(join(home, d), { recursive: true, mode: 0o755 });
    for (const f of files) {
      const p = join(home, f.path);
      if (f.keep && existsSync(p)) continue;
      mkdirSync(join(p, '..'), { recursive: true, mode: 0o700 });
      writeFileSync(p, f.content, { mode: f.mode });
      chmodSync(p, f.mode);
    }
    return;
  }
  // One `sh` as the trainee writes every file. Contents travel in its environment, which
  // only that uid can read (argv would show in everyone's `ps`).
  const env: Record<string, string> = { HOME: home, PATH: '/usr/bin:/bin' };
  const script = files
    .map((f, i) => {
      env[`KVLAB_F${i}`] = f.content;
      const q = `'${f.path.replace(/'/g, `'\\''`)}'`;
      const write = `mkdir -p "$(dirname ${q})" && printf '%s' "$KVLAB_F${i}" > ${q} && chmod ${f.mode.toString(8)} ${q}`;
      return `${f.keep ? `[ -e ${q} ] || ` : ''}{ ${write}; } || exit ${10 + i}`;
    })
    .join('\n');
  const mkdirs = dirs.map((d) => `mkdir -p '${d.replace(/'/g, `'\\''`)}' || exit 8\n`).join('');
  const r = spawnSync('/bin/sh', ['-c', `cd "$HOME" || exit 9\n${mkdirs}umask 077\n${script}`], {
    uid,
    gid: uid,
    env,
    cwd: home,
    timeout: 10_000,
  });
  if (r.status !== 0) {
    const which = r.status !== null && r.status >= 10 ? files[r.status - 10]?.path : undefined;
    throw new Error(`cannot write ${which ?? 'the home'} of uid ${uid} in ${home}: ${String(r.stderr).trim() || r.error?.message || `exit ${r.status}`}`);
  }
}
