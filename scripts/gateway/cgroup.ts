// Each session's processes in a cgroup v2 folder of their own, under the gateway's own
// cgroup when the gateway may write there (root, or a folder delegated to its uid). A process
// cannot leave a cgroup it has no write access to the parent of, so setsid, double forks and
// a cleared environment do not hide it: ending the session kills the whole folder.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

/**
 * A gateway's cgroup folder is named after its state dir and pid: another gateway on this
 * machine (another class, another state dir) never takes a folder for one of its own, and only
 * the next gateway on the same state dir sweeps what a killed one left (as with its homes).
 */
export function stateTag(stateDir: string): string {
  return createHash('sha256').update(stateDir).digest('hex').slice(0, 12);
}

/** The gateway's own cgroup v2 folder, or why there is none to use. */
export function ownCgroup(): { dir: string } | { reason: string } {
  let path: string | undefined;
  try {
    path = /^0::(\/.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
  } catch {
    /* no /proc */
  }
  if (path === undefined) return { reason: 'no cgroup v2 hierarchy (see /proc/self/cgroup)' };
  let mount: string | undefined;
  try {
    // mountinfo: "id parent maj:min root mountpoint opts … - fstype source superopts"
    for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
      const [left, right] = line.split(' - ');
      if (right?.startsWith('cgroup2 ')) {
        const f = left.split(' ');
        if (f[3] === '/') mount = f[4];
      }
    }
  } catch {
    /* no /proc */
  }
  if (!mount) return { reason: 'cgroup v2 is not mounted' };
  const dir = join(mount, path);
  try {
    accessSync(dir, constants.W_OK);
    accessSync(join(dir, 'cgroup.procs'), constants.W_OK);
  } catch {
    return { reason: `${dir} is not writable by the gateway's uid (run as root, or delegate that cgroup to it)` };
  }
  return { dir };
}

/** The folder all of one gateway's sessions live under; undefined when it cannot be made. */
export function sessionsCgroup(own: string, tag: string, log: (l: string) => void): string | undefined {
  const dir = join(own, `kvlab-gateway-${tag}-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch (e) {
    log(`cannot create cgroup ${dir}: ${(e as Error).message}`);
    return undefined;
  }
}

export class SessionCgroup {
  constructor(readonly dir: string) {
    mkdirSync(dir);
  }

  get procsFile(): string {
    return join(this.dir, 'cgroup.procs');
  }

  /** Moves a process in (for shells that cannot join by themselves). */
  add(pid: number): void {
    writeFileSync(this.procsFile, String(pid));
  }

  pids(): number[] {
    try {
      return readFileSync(this.procsFile, 'utf8').split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** Kills everything in the folder (cgroup.kill where the kernel has it) and removes it. */
  async killAll(): Promise<void> {
    await killCgroup(this.dir);
    await removeCgroup(this.dir);
  }
}

function populated(dir: string): boolean {
  try {
    return /^populated 1$/m.test(readFileSync(join(dir, 'cgroup.events'), 'utf8'));
  } catch {
    return false;
  }
}

/** SIGKILLs every process in `dir` and below; resolves once it is empty (or after 5 s). */
export async function killCgroup(dir: string): Promise<void> {
  const kill = join(dir, 'cgroup.kill');
  const end = Date.now() + 5000;
  // Populated until the last process was reaped (a shell's zombie waits for node-pty).
  while (Date.now() < end && populated(dir)) {
    try {
      if (existsSync(kill)) writeFileSync(kill, '1');
      else for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* raced with an exit */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Removes `dir` and the folders under it (children first); retries while they empty. */
export async function removeCgroup(dir: string): Promise<void> {
  let subs: string[] = [];
  try {
    subs = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(dir, d.name));
  } catch {
    return; // gone
  }
  for (const sub of subs) await removeCgroup(sub);
  for (let i = 0; i < 100; i++) {
    try {
      rmdirSync(dir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    }
    await new Promise((r) => setTimeout(r, 20)); // EBUSY until the last exits are reaped
  }
}

/**
 * Ends the sessions of gateways on this cgroup and this state dir (`tag`) that died without
 * cleaning up (SIGKILL, a crash): their folder names a pid that is no longer alive. Returns how
 * many folders.
 */
export async function sweepStale(own: string, tag: string): Promise<number> {
  let stale: string[] = [];
  try {
    stale = readdirSync(own).filter((n) => {
      const m = new RegExp(`^kvlab-gateway-${tag}-(\\d+)$`).exec(n);
      return m && Number(m[1]) !== process.pid && !existsSync(`/proc/${m[1]}`);
    });
  } catch {
    return 0;
  }
  for (const n of stale) {
    await killCgroup(join(own, n));
    await removeCgroup(join(own, n));
  }
  return stale.length;
}
