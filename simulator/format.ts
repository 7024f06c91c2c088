// The readable log of a timeline (`kvlab simulate` text format, the view's text alternative).
import type { SimEvent } from './types.ts';

/** kubectl's short duration (2m32s, 5m, 3h10m) for AGE columns. */
export function kubectlAge(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

export function describe(e: SimEvent): string {
  const d = e.detail;
  switch (`${e.source}:${e.type}`) {
    case 'kubelet:probe':
      return `${String(d.probe)} probe (${String(d.handler)}): ${String(d.result)}${d.message ? ` (${String(d.message)})` : ''}`;
    case 'vmi:phase':
      return `VMI phase ${String(d.phase)}${d.reason ? ` (${String(d.reason)})` : ''}`;
    case 'vmi:condition':
      return `VMI condition ${String(d.condition)}=${String(d.status)}`;
    case 'vmi:start-error':
      return `VMI cannot start: ${String(d.message)}`;
    case 'vm:restart':
      return `VM controller starts a new VMI (restart ${String(d.count)}: ${String(d.reason)})`;
    case 'vm:backoff':
      return `VM controller waits ${String(d.seconds)} s before the next start (failure ${String(d.failures)} before Running)`;
    case 'vm:start':
      return `VM started (${String(d.by)})`;
    case 'kubelet:kill':
      return `kubelet kills container ${String(d.container)}: ${String(d.reason)}`;
    case 'endpoints:added':
      return `endpoint ${String(d.address)} ready${d.services ? ` in ${(d.services as string[]).join(', ')}` : ''}`;
    case 'endpoints:removed':
      return `endpoint ${String(d.address)} not ready${d.services ? ` in ${(d.services as string[]).join(', ')}` : ''}`;
    case 'guest:step':
      return `cloud-init: ${String(d.command)}: ${String(d.status)}${d.message ? ` (${String(d.message)})` : ''}`;
    case 'guest:listening':
      return `guest listens on port ${String(d.port)}`;
    case 'guest:stopped-listening':
      return `guest stops listening on port ${String(d.port)}${d.reason ? ` (${String(d.reason)})` : ''}`;
    case 'guest:agent':
      return `guest agent ${d.running ? 'running' : 'gone'}${d.reason ? ` (${String(d.reason)})` : ''}`;
    case 'guest:boot':
      return d.reboot ? `guest reboots (boot ${String(d.boot)})` : `guest boots`;
    case 'watchdog:armed':
      return `watchdog armed: heartbeat every ${String(d.interval)} s, fires ${String(d.timeout)} s after the last (${String(d.action)})`;
    case 'watchdog:fired':
      return `watchdog fires: ${String(d.action)}`;
    case 'guest:feeder-stopped':
      return `watchdog feeder stopped (${String(d.reason)}); last heartbeat ${String(d.lastHeartbeat)} s, device fires at ${String(d.firesAt)} s`;
    default: {
      const rest = Object.entries(d).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
      return `${e.type}${rest ? ` ${rest}` : ''}`;
    }
  }
}

const line = (e: SimEvent, text = describe(e)) => `${e.t.toFixed(1).padStart(8)}s  ${e.source.padEnd(9)} ${text}`;

/**
 * The readable log. `collapseProbes`: a probe repeating the same result is one line with its
 * count ("success ×300, every 1 s until 311.0 s"), ended by a different result of that probe or
 * by any other event — the view's text alternative, where an hour at 1 s periods would
 * otherwise be 7,200 lines.
 */
export function formatLog(events: SimEvent[], opts: { collapseProbes?: boolean } = {}): string {
  if (!opts.collapseProbes) return events.map((e) => line(e)).join('\n');
  const out: string[] = [];
  interface Run {
    at: number;
    text: string;
    first: SimEvent;
    last: SimEvent;
    count: number;
  }
  const open = new Map<unknown, Run>();
  const close = (run: Run) => {
    if (run.count === 1) return;
    const every = (run.last.t - run.first.t) / (run.count - 1);
    out[run.at] += ` (×${run.count}, every ${Number(every.toFixed(1))} s until ${run.last.t.toFixed(1)} s)`;
  };
  for (const e of events) {
    if (e.type !== 'probe') {
      for (const run of open.values()) close(run);
      open.clear();
      out.push(line(e));
      continue;
    }
    const text = describe(e);
    const run = open.get(e.detail.probe);
    if (run && run.text === text) {
      run.count++;
      run.last = e;
      continue;
    }
    if (run) close(run);
    open.set(e.detail.probe, { at: out.length, text, first: e, last: e, count: 1 });
    out.push(line(e, text));
  }
  for (const run of open.values()) close(run);
  return out.join('\n');
}

/** `kubectl get vm` / `kubectl get vmi` as a table (the sandbox terminal prints it). */
export function formatTable(kind: 'vm' | 'vmi', rows: ({ name: string; age: number } & Record<string, unknown>)[]): string {
  const head = kind === 'vmi' ? ['NAME', 'AGE', 'PHASE', 'IP', 'NODENAME', 'READY'] : ['NAME', 'AGE', 'STATUS', 'READY'];
  const cells = rows.map((r) =>
    kind === 'vmi'
      ? [r.name, kubectlAge(r.age), String(r.phase), String(r.ip ?? ''), String(r.node ?? ''), r.ready ? 'True' : 'False']
      : [r.name, kubectlAge(r.age), String(r.status), r.ready ? 'True' : 'False'],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [head, ...cells].map((c) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]! + 3))).join('')).join('\n');
}
