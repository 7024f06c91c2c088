// How a trainee's shell is started: as root with a uid per trainee, it gets a /proc of its own
// mounted hidepid=2 (a trainee sees only their own processes, not another's command lines),
// then drops to the trainee's uid; a shell joins its session's cgroup before it runs a line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface PrivateProc {
  unshare: string;
  mount: string;
  setpriv: string;
}

function which(name: string): string | undefined {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return undefined;
}

/** True when /proc is already mounted so that processes of other uids are hidden. */
export function procHidden(): boolean {
  try {
    return readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .some((l) => l.split(' ')[1] === '/proc' && /(^|,)hidepid=(2|invisible)(,|$)/.test(l.split(' ')[3] ?? ''));
  } catch {
    return false;
  }
}

/** The tools for a private /proc, once checked to work here; else why not. */
export function probePrivateProc(): PrivateProc | { reason: string } {
  const unshare = which('unshare');
  const mount = which('mount');
  const setpriv = which('setpriv');
  if (!unshare || !mount || !setpriv) return { reason: `${['unshare', 'mount', 'setpriv'].filter((t) => !which(t)).join(', ')} not found (util-linux, mount)` };
  const r = spawnSync(unshare, ['--mount', '--propagation', 'private', '--', mount, '-t', 'proc', '-o', 'hidepid=2', 'proc', '/proc'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return { reason: `cannot mount a private /proc here (${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}; needs CAP_SYS_ADMIN)` };
  return { unshare, mount, setpriv };
}

// Runs as root in a fresh mount namespace: join the cgroup, mount /proc hidepid=2, drop to
// the trainee's uid (no groups, no capabilities), cd home, exec the shell: one pid throughout.
const ROOT_SCRIPT = [
  'uid=$1 cg=$2 mnt=$3 setpriv=$4; shift 4',
  '[ -z "$cg" ] || echo $$ > "$cg" || { echo "kvlab: cannot join the session cgroup" >&2; exit 96; }',
  '"$mnt" -t proc -o hidepid=2 proc /proc || { echo "kvlab: cannot mount a private /proc" >&2; exit 97; }',
  `exec "$setpriv" --reuid="$uid" --regid="$uid" --clear-groups -- /bin/sh -c 'cd "$HOME" || exit 98; exec "$@"' kvlab-shell "$@"`,
].join('\n');

// Runs as the shell's own uid (which owns the cgroup: not root, or root without per-trainee uids).
const JOIN_SCRIPT = 'echo $$ > "$1" || { echo "kvlab: cannot join the session cgroup" >&2; exit 96; }; shift; exec "$@"';

export interface Launch {
  file: string;
  args: string[];
  /** uid/gid node-pty switches to (undefined: stays the gateway's). */
  uid?: number;
  cwd?: string;
}

/**
 * The command node-pty runs for `shell args` as `uid`. With `privateProc` (root only) it
 * starts as root and drops to uid itself; `cgroupProcs` is the cgroup.procs file to join when
 * the starting uid may write it (else the caller moves the pid in after the spawn).
 */
export function launch(shell: string, args: string[], opts: { uid?: number; privateProc?: PrivateProc; cgroupProcs?: string; cwd: string }): Launch & { joins: boolean } {
  const p = opts.privateProc;
  if (p && opts.uid !== undefined)
    return { file: p.unshare, args: ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', ROOT_SCRIPT, 'kvlab-launch', String(opts.uid), opts.cgroupProcs ?? '', p.mount, p.setpriv, shell, ...args], cwd: '/', joins: true };
  const selfJoin = opts.cgroupProcs !== undefined && opts.uid === undefined;
  if (selfJoin) return { file: '/bin/sh', args: ['-c', JOIN_SCRIPT, 'kvlab-launch', opts.cgroupProcs!, shell, ...args], cwd: opts.cwd, joins: true };
  return { file: shell, args, uid: opts.uid, cwd: opts.cwd, joins: false };
}
