// Reads what a #cloud-config asks the guest to do (bootcmd, packages, runcmd) into steps the
// guest model can run. Only the forms the labs use are modelled; everything else becomes an
// `unknown` step the timeline reports as "not simulated" instead of guessing.

export type Step =
  | { kind: 'install'; packages: string[]; command: string }
  | { kind: 'remove'; packages: string[]; command: string }
  /** A TCP listener; http: the status it answers a GET with ('dir' = python's http.server: 200 on /, 404 elsewhere; undefined = never answers). */
  | { kind: 'listen'; port: number; needs: string | undefined; keepOpen: boolean; http: number | 'dir' | undefined; background: boolean; command: string }
  | { kind: 'feeder'; interval: number; timeout: number; background: boolean; command: string }
  | { kind: 'sleep'; seconds: number; command: string }
  | { kind: 'agent'; running: boolean; command: string }
  | { kind: 'noop'; command: string }
  | { kind: 'unknown'; command: string };

export interface GuestPlan {
  bootcmd: Step[];
  /** cloud-final: `packages:` then runcmd. */
  final: Step[];
  /** Why a part of the user data was not used. */
  notes: string[];
}

/** Split a shell command line into words (quotes and backslashes as sh does, roughly). */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === q) q = undefined;
      else if (c === '\\' && q === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      has = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else if (c === ';' || c === '&' || c === '|') {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
      // keep the operators as their own words
      if ((c === '&' || c === '|') && line[i + 1] === c) {
        out.push(c + c);
        i++;
      } else out.push(c);
    } else {
      cur += c;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

const OPS = new Set([';', '&&', '||', '&', '|']);

/** Duration as busybox reads it: N (seconds) or Nms. */
function busyboxDuration(v: string | undefined, dflt: number): number {
  if (!v) return dflt;
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(v);
  if (!m) return dflt;
  return m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1]);
}

const NOOPS = new Set(['echo', 'true', 'touch', 'mkdir', 'printf', 'logger', 'date']);

/** One simple command (argv, no operators) → steps. `background` when started with & or systemd-run. */
function classify(argv: string[], background: boolean, command: string): Step[] {
  let a = [...argv];
  // wrappers: sudo [-u X], nohup, exec, env, systemd-run [options], sh -c "…"
  for (;;) {
    const w = (a[0] ?? '').replace(/^.*\//, '');
    if (w === 'sudo') {
      a.shift();
      while (a[0]?.startsWith('-')) {
        const o = a.shift()!;
        if (o === '-u' || o === '-g') a.shift();
      }
    } else if (w === 'nohup' || w === 'exec' || w === 'env') a.shift();
    else if (w === 'systemd-run') {
      a.shift();
      background = true; // a transient unit: the command runs detached from cloud-init
      while (a[0]?.startsWith('-')) {
        const o = a.shift()!;
        if (/^(-u|--unit|-p|--property|--description|--slice|-E|--setenv|--uid|--gid|--on-active|--on-boot|--on-calendar)$/.test(o)) a.shift();
      }
    } else if ((w === 'sh' || w === 'bash') && a[1] === '-c' && a[2] !== undefined) {
      return parseLine(a[2], background, command);
    } else break;
  }
  const cmd = (a[0] ?? '').replace(/^.*\//, '');
  const args = a.slice(1);
  if (!cmd) return [];
  if (cmd === 'dnf' || cmd === 'yum' || cmd === 'microdnf') {
    const sub = args.find((x) => !x.startsWith('-'));
    const pkgs = args.filter((x) => !x.startsWith('-') && x !== sub);
    if (sub === 'install') return [{ kind: 'install', packages: pkgs, command }];
    if (sub === 'remove' || sub === 'erase') return [{ kind: 'remove', packages: pkgs, command }];
    return [{ kind: 'unknown', command }];
  }
  if (cmd === 'nc' || cmd === 'ncat' || cmd === 'netcat') {
    let listen = false;
    let keepOpen = false;
    let port: number | undefined;
    let exec: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const x = args[i]!;
      if (x === '-e' || x === '-c' || x === '--exec' || x === '--sh-exec') exec = args[++i];
      else if (x === '--listen') listen = true;
      else if (x === '--keep-open') keepOpen = true;
      else if (/^-[a-zA-Z]+$/.test(x)) {
        if (x.includes('l')) listen = true;
        if (x.includes('k')) keepOpen = true;
        if (x.endsWith('p') && /^\d+$/.test(args[i + 1] ?? '')) port = Number(args[++i]);
        else if (/[wsiq]$/.test(x)) i++;
      } else if (/^\d+$/.test(x) && port === undefined) port = Number(x);
    }
    if (!listen || port === undefined) return [{ kind: 'unknown', command }];
    const status = exec ? /HTTP\/1\.[01]\s+(\d{3})/.exec(exec) : null;
    return [{ kind: 'listen', port, needs: 'nc', keepOpen, http: status ? Number(status[1]) : undefined, background, command }];
  }
  if (/^python3?(\.\d+)?$/.test(cmd) && args[0] === '-m' && args[1] === 'http.server') {
    const p = args.slice(2).find((x) => /^\d+$/.test(x));
    return [{ kind: 'listen', port: p ? Number(p) : 8000, needs: 'python3', keepOpen: true, http: 'dir', background, command }];
  }
  if (cmd === 'busybox' && args[0] === 'watchdog') {
    const rest = args.slice(1);
    let t: string | undefined;
    let T: string | undefined;
    let fg = false;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '-t') t = rest[++i];
      else if (rest[i] === '-T') T = rest[++i];
      else if (rest[i] === '-F') fg = true;
    }
    // busybox watchdog daemonizes unless -F; defaults -t 30 s, -T 60 s
    return [{ kind: 'feeder', interval: busyboxDuration(t, 30), timeout: busyboxDuration(T, 60), background: background || !fg, command }];
  }
  if (cmd === 'sleep' && /^\d+(\.\d+)?$/.test(args[0] ?? '')) return [{ kind: 'sleep', seconds: Number(args[0]), command }];
  if (cmd === 'systemctl' && args.some((x) => /^qemu-guest-agent(\.service)?$/.test(x))) {
    const verb = args.find((x) => !x.startsWith('-'));
    if (verb === 'stop' || verb === 'disable' || verb === 'mask') return [{ kind: 'agent', running: false, command }];
    if (verb === 'start' || verb === 'restart' || verb === 'enable') return [{ kind: 'agent', running: true, command }];
  }
  if (NOOPS.has(cmd)) return [{ kind: 'noop', command }];
  return [{ kind: 'unknown', command }];
}

function parseLine(line: string, background: boolean, command: string): Step[] {
  const words = shellWords(line);
  const out: Step[] = [];
  let cur: string[] = [];
  const flush = (bg: boolean) => {
    if (cur.length) out.push(...classify(cur, bg, command));
    cur = [];
  };
  for (const w of words) {
    if (OPS.has(w)) flush(background || w === '&');
    else cur.push(w);
  }
  flush(background);
  return out;
}

/** One bootcmd/runcmd entry (a list is an argv run directly; a string goes through sh). */
export function parseCommand(entry: unknown): Step[] {
  if (Array.isArray(entry)) {
    const argv = entry.map(String);
    return classify(argv, false, argv.join(' '));
  }
  if (typeof entry === 'string') return parseLine(entry, false, entry);
  return [];
}

export function planFromCloudConfig(data: unknown): GuestPlan {
  const plan: GuestPlan = { bootcmd: [], final: [], notes: [] };
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    plan.notes.push('the user data is not a #cloud-config mapping: cloud-init runs nothing');
    return plan;
  }
  const d = data as Record<string, unknown>;
  for (const e of Array.isArray(d.bootcmd) ? d.bootcmd : []) plan.bootcmd.push(...parseCommand(e));
  const pkgs = Array.isArray(d.packages) ? d.packages.filter((p): p is string => typeof p === 'string') : [];
  if (pkgs.length) plan.final.push({ kind: 'install', packages: pkgs, command: `packages: ${pkgs.join(', ')}` });
  for (const e of Array.isArray(d.runcmd) ? d.runcmd : []) plan.final.push(...parseCommand(e));
  return plan;
}
