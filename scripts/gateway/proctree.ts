// Finding and ending every process a shell started. node-pty makes the shell a session leader
// (pid = pgid = sid), so its jobs share its session; a process that called setsid() or
// daemonized leaves the session but still descends from the shell (or was reparented to us
// or to init, in which case its recorded session still names the shell). We walk /proc.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
}

export function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: split after its last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), pgid: Number(rest[2]), sid: Number(rest[3]) };
  } catch {
    return undefined;
  }
}

export function allProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) out.push(p);
  }
  return out;
}

function hasMarker(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
  } catch {
    return false;
  }
}

function ownerUid(pid: number): number | undefined {
  try {
    return statSync(`/proc/${pid}`).uid;
  } catch {
    return undefined;
  }
}

export interface TreeOptions {
  /** The session's uid: only processes of this uid are searched for the marker (reading
   * every process's environ for every ending session is what makes mass logout slow). */
  sessionUid?: number;
  /** An environment entry ("KVLAB_SESSION=…") every process of the session inherited: finds
   * daemons that double-forked out of the session and were reparented to init. */
  marker?: string;
  /** Every process of this uid belongs to the tree (the trainee's last session is ending). */
  uid?: number;
}

/** The shell itself, everything in its process group or session, and all their descendants. */
export function processTree(rootPid: number, procs = allProcs(), opts: TreeOptions = {}): number[] {
  const found = new Set<number>();
  const self = process.pid;
  for (const p of procs) {
    if (p.pid === self) continue;
    if (p.pid === rootPid || p.pgid === rootPid || p.sid === rootPid) {
      found.add(p.pid);
      continue;
    }
    if (opts.uid === undefined && !opts.marker) continue;
    const owner = ownerUid(p.pid);
    if (opts.uid !== undefined && owner === opts.uid) found.add(p.pid);
    else if (opts.marker && (opts.sessionUid === undefined || owner === opts.sessionUid) && hasMarker(p.pid, opts.marker)) found.add(p.pid);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return [...found];
}

export function isAlive(pid: number): boolean {
  const p = readProc(pid);
  if (!p) return false;
  try {
    // A zombie has exited; only its parent's wait() is missing.
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function signal(pids: Iterable<number>, sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/**
 * SIGHUP the whole tree (as a terminal hangup would), then SIGKILL what is left after
 * `graceMs`. Resolves when none of the tree's processes is alive any more (or after 5 s).
 */
export async function killTree(rootPid: number, opts: TreeOptions = {}, graceMs = 500): Promise<void> {
  const tree = new Set(processTree(rootPid, allProcs(), opts));
  signal(tree, 'SIGHUP');
  signal(tree, 'SIGCONT');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && [...tree].some(isAlive)) await new Promise((r) => setTimeout(r, 25));
  // Anything forked meanwhile is also caught by a second walk.
  for (const pid of processTree(rootPid, allProcs(), opts)) tree.add(pid);
  const left = [...tree].filter(isAlive);
  if (left.length) signal(left, 'SIGKILL');
  const end = Date.now() + 5000;
  while (Date.now() < end && [...tree].some(isAlive)) await new Promise((r) => setTimeout(r, 25));
}

/**
 * Processes a previous gateway with the same state dir left behind when it was killed
 * without a chance to clean up (SIGKILL, a crash): they carry a session marker and a HOME
 * under that state dir's homes.
 */
export function orphansOf(homesDir: string, procs = allProcs()): number[] {
  const prefix = `HOME=${homesDir}/`;
  const out: number[] = [];
  for (const p of procs) {
    if (p.pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${p.pid}/environ`, 'latin1').split('\0');
      if (!env.some((e) => e.startsWith('KVLAB_SESSION=')) || !env.some((e) => e.startsWith(prefix))) continue;
      // a shell of another gateway that is still running on the same state dir (a second
      // process on one machine) is not an orphan
      const gw = Number(env.find((e) => e.startsWith('KVLAB_GATEWAY_PID='))?.slice(18));
      if (gw && gw !== process.pid && existsSync(`/proc/${gw}`)) continue;
      out.push(p.pid);
    } catch {
      /* gone, or not ours to read */
    }
  }
  return out;
}

export function killAll(pids: number[]): void {
  signal(pids, 'SIGKILL');
}
