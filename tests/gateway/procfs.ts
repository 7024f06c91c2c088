// Reading a process tree's memory from /proc: shared by the gateway's load test and its
// sessions benchmark.
import { readdirSync, readFileSync } from 'node:fs';

/** Every descendant of `root` (children, grandchildren …), from /proc/PID/stat. */
export function children(root: number): number[] {
  const parent = new Map<number, number>();
  for (const n of readdirSync('/proc')) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const st = readFileSync(`/proc/${n}/stat`, 'utf8');
      parent.set(Number(n), Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [pid, pp] of parent)
      if (pp === p) {
        out.push(pid);
        walk(pid);
      }
  };
  walk(root);
  return out;
}

/** Proportional set size in KiB (0 when the process is gone). */
export function pssKiB(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export const mib = (kib: number) => Math.round(kib / 102.4) / 10;
