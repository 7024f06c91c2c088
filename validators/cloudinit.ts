// Cloud-init stage: user data that starts with #cloud-config, validated against cloud-init
// 26.2's schema (as `cloud-init schema` would; at boot cloud-init only logs these). Positions are
// inside the user-data text; index.ts maps them into the outer file. Also: which TCP ports the
// user data serves (for the readiness cross-check).
// validateCloudConfig itself (schema and positions) is in cloudinit-schema.ts, which loads with
// cloud-config's schema module (registry.ts ruleLoaders), so the editor's first open does not carry it.
import type { PathSeg } from './spans.ts';
import { arr, isObj, networkProbePorts, type RawFinding } from './raw.ts';

export function isCloudConfig(text: string): boolean {
  return /^#cloud-config[ \t]*(\r?\n|$)/.test(text);
}

export interface InnerFinding {
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function commandsOf(data: unknown): string[][] {
  if (!isObj(data)) return [];
  const out: string[][] = [];
  for (const k of ['bootcmd', 'runcmd'])
    for (const c of arr(data[k])) {
      if (typeof c === 'string') out.push(c.split(/\s+/).filter(Boolean));
      else if (Array.isArray(c)) out.push(c.map(String));
    }
  return out;
}

/** TCP ports a cloud-config's bootcmd/runcmd start a server on (nc -l, python3 -m http.server). */
export function servedPorts(data: unknown): Set<number> {
  const ports = new Set<number>();
  for (const argv of commandsOf(data)) {
    // Handle `systemd-run … nc …`, `sudo …`, `sh -c "…"` by scanning every word.
    const words = argv.flatMap((w) => w.split(/\s+/)).filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!.replace(/^.*\//, '');
      if (w === 'nc' || w === 'ncat' || w === 'netcat') {
        let listen = false;
        let port: number | undefined;
        for (let j = i + 1; j < words.length; j++) {
          const a = words[j]!;
          if (/^-[a-zA-Z]+$/.test(a)) {
            if (a.includes('l')) listen = true;
            if (a.endsWith('p') && /^\d+$/.test(words[j + 1] ?? '')) { port = Number(words[j + 1]); j++; }
            else if (a === '-e' || a === '-c' || a === '-w' || a === '-s') j++;
          } else if (/^\d+$/.test(a) && port === undefined) port = Number(a);
          else if (a.startsWith('--listen')) listen = true;
        }
        if (listen && port !== undefined) ports.add(port);
      }
      if (/^python3?$/.test(w) && words[i + 1] === '-m' && words[i + 2] === 'http.server') {
        const p = words[i + 3];
        ports.add(p && /^\d+$/.test(p) ? Number(p) : 8000);
      }
    }
  }
  return ports;
}

/** Warnings that cross the VM and its user data: a probe on a port nothing in the guest serves. */
export function probePortWarnings(base: PathSeg[], spec: Record<string, unknown>, served: Set<number>, source: string): RawFinding[] {
  const out: RawFinding[] = [];
  for (const { probe: name, handler: h, port } of networkProbePorts(spec)) {
    if (served.has(port)) continue;
    const list = [...served].sort((x, y) => x - y);
    out.push({
      stage: 'cloud-init', severity: 'warning', path: [...base, name, h, 'port'], anchor: 'value',
      message: `${name} ${h} probes port ${port}, but no bootcmd/runcmd step of the cloud-init user data (${source}) starts a server on it, so the probe will fail`,
      hint: list.length ? `The user data serves port ${list.join(', ')}.` : 'Start a server in bootcmd/runcmd, e.g. nc -klp PORT …, or probe a port the guest serves.',
    });
  }
  return out;
}
