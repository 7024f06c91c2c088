// The sentences trainees ask for ("Ready after 179 s", "restarted 3 times in 10 minutes"),
// and where the upstream sources say something other than the lab text.
import type { SimEvent, SimSummary } from '../../../simulator/index.ts';

const dur = (s: number) => (s % 3600 === 0 && s >= 7200 ? `${s / 3600} hours` : s % 60 === 0 && s >= 120 ? `${s / 60} minutes` : `${s} s`);

export function captionLines(events: SimEvent[], s: SimSummary): string[] {
  const out: string[] = [];
  if (s.startError) out.push(`The VMI never starts: ${s.startError}`);
  else if (s.runningAt !== undefined) out.push(`Running after ${s.runningAt} s.`);
  if (s.readyAt !== undefined) {
    let line = `Ready after ${s.readyAt} s.`;
    if (s.readiness) {
      const r = s.readiness;
      line += ` The kubelet's arithmetic: first readiness probe at the first tick ≥ ${r.podInitialDelaySeconds} s after the compute container started (initialDelaySeconds + KubeVirt's 10 s), Ready ${r.earliestReadyAfterContainerStart - r.podInitialDelaySeconds} s of further successes later: ≥ ${r.earliestReadyAfterContainerStart} s after the container start${r.containerStartedAt !== undefined ? ` (${r.containerStartedAt} s)` : ''}.`;
    }
    out.push(line);
  } else if (!s.startError) out.push(`Never Ready within ${dur(s.until)}.`);
  out.push(s.restarts ? `Restarted ${s.restarts} time${s.restarts === 1 ? '' : 's'} in ${dur(s.until)} (at ${s.restartTimes.join(', ')} s).` : `No restart in ${dur(s.until)}.`);
  const fired = events.find((e) => e.source === 'watchdog' && e.type === 'fired');
  if (fired && fired.detail.action === 'poweroff') {
    const restart = events.find((e) => e.type === 'restart' && e.t >= fired.t);
    out.push(`The lab says the VM "should be powered off": true of the VMI (phase Failed), not of the VM${restart ? ` — the VM controller started a new VMI at ${restart.t} s because the VM is running: true` : ''}. KubeVirt's own test expects poweroff to end the VMI as Failed.`);
  }
  if (events.some((e) => e.source === 'watchdog' && e.type === 'armed')) {
    out.push('busybox watchdog -t I -T T keeps feeding every I seconds until it is stopped; the device fires T seconds after the last heartbeat (the lab reads -T as "for ten seconds").');
  }
  for (const n of s.notes) out.push(`Note: ${n}`);
  return out;
}
