// The kubelet's probe workers over the guest: one ProbeWorker (prober.ts) per probe of a VMI's
// pod, driven by the clock; each run asks the guest model's state (agent, network, listeners,
// exec commands) and a worker's verdict goes back to the VM controller (readiness, a kill).
import { execProbe } from './exec-probe.ts';
import type { SimClock } from './clock.ts';
import { ProbeWorker, type KubeletResult } from './prober.ts';
import { alive, type Lifecycle, type VmiRecord, type VmRecord } from './records.ts';
import type { ProbeResult } from './types.ts';
import type { ProbeSpec } from './vm-model.ts';

/** What one probe run came to; `seconds` is how long it took. */
interface ProbeOutcome {
  readonly result: ProbeResult;
  readonly seconds: number;
  readonly message?: string;
}
/** The outcomes nearly every probe has, shared (no object per probe). */
const PROBE_OK: ProbeOutcome = Object.freeze({ result: 'success', seconds: 0 });
const PROBE_EXEC_OK: ProbeOutcome = Object.freeze({ result: 'success', seconds: 0, message: 'exec command not simulated: taken as exit 0' });
/** Exec outcomes by message: a failing command fails the same way every period (no object per probe). */
const execFailures = new Map<string, ProbeOutcome>();

export class ProbeWiring {
  constructor(
    private readonly clock: SimClock,
    private readonly life: Lifecycle,
  ) {}

  /** The kubelet admits the pod and starts one probe worker per probe (prober_manager AddPod). */
  startWorkers(vm: VmRecord, vmi: VmiRecord): void {
    for (const spec of vm.model.probes) {
      if (spec.handler === 'none') continue;
      const w = new ProbeWorker(spec, this.clock.now, (r, why) => this.onProbeSet(vm, vmi, spec, r, why));
      vmi.workers.push(w);
      this.startWorker(vm, vmi, w, spec);
    }
  }

  /**
   * The worker's loop: one tick callback and one finish callback per worker, made once and
   * re-queued every period (a closure per tick was most of a 24 h run's cost). Queue entries
   * cannot be taken back, so a manual trigger (probeTicker.Reset) leaves the old entry in the
   * queue and `nextAt` marks which entry is the live one. A run in flight keeps a trigger
   * pending (manualTriggerCh holds one) and runs it as soon as it finishes.
   */
  private startWorker(vm: VmRecord, vmi: VmiRecord, w: ProbeWorker, spec: ProbeSpec): void {
    const clock = this.clock;
    let start = 0;
    let out: ProbeOutcome = PROBE_OK;
    let okRef = -1; // the record of nearly every run, looked up once
    let nextAt = NaN; // when the live queue entry is due (NaN while none is)
    let inFlight = false;
    let manual = false;
    const schedule = (t: number) => {
      nextAt = Math.max(t, clock.now);
      clock.at(nextAt, tick);
    };
    const finished = (finish: number) => {
      inFlight = false;
      if (!manual) return schedule(w.nextRun(start, finish));
      manual = false;
      w.resetTicker(clock.now);
      schedule(clock.now);
    };
    const done = () => {
      if (vm.vmi !== vmi || vmi.podTerminated) return;
      clock.emitRef(out !== PROBE_OK ? this.probeRecord(spec, out) : okRef >= 0 ? okRef : (okRef = this.probeRecord(spec, out)));
      w.record(out.result === 'success' ? 'success' : 'failure');
      finished(start + out.seconds);
    };
    const tick = () => {
      if (vm.vmi !== vmi || clock.now !== nextAt) return; // gone, or an entry the ticker reset made stale
      nextAt = NaN;
      inFlight = true;
      const gate = w.gate(clock.now, vmi.container, vmi.podTerminated);
      if (gate === 'stop') return;
      start = clock.now;
      if (gate === 'wait') return finished(start);
      out = this.probe(vm, vmi, spec);
      // an instant answer is recorded in the same step (no second queue entry)
      if (out.seconds > 0) clock.at(start + out.seconds, done);
      else done();
    };
    w.trigger = () => {
      if (vm.vmi !== vmi || vmi.podTerminated) return;
      if (inFlight) manual = true;
      else {
        w.resetTicker(clock.now);
        schedule(clock.now);
      }
    };
    schedule(clock.now);
  }

  /**
   * The kubelet built the pod's status (the container started, or a probe result changed):
   * prober_manager UpdatePodStatus triggers an immediate run of each readiness worker whose
   * running container is not ready yet.
   */
  podStatusSync(vmi: VmiRecord): void {
    const c = vmi.container;
    if (!c?.running || vmi.podTerminated) return;
    for (const w of vmi.workers) if (w.spec.kind === 'readiness' && w.stored !== 'success') w.trigger();
  }

  /**
   * Probe outcomes repeat by the hundred thousand: one timeline record (with a frozen detail)
   * per distinct outcome of a spec, cached on the spec (the common outcomes are constants,
   * looked up without building a key).
   */
  private readonly probeRecords = new WeakMap<ProbeSpec, Map<ProbeOutcome | string, number>>();
  private probeRecord(spec: ProbeSpec, out: ProbeOutcome): number {
    let byOutcome = this.probeRecords.get(spec);
    if (!byOutcome) this.probeRecords.set(spec, (byOutcome = new Map()));
    let ref = byOutcome.get(out);
    if (ref !== undefined) return ref;
    const { result, message } = out;
    const key = `${result}|${message ?? ''}`;
    ref = byOutcome.get(key);
    if (ref === undefined) {
      const detail = Object.freeze(message ? { probe: spec.kind, handler: spec.handler, result, message } : { probe: spec.kind, handler: spec.handler, result });
      ref = this.clock.timeline.intern('kubelet', 'probe', detail);
      byOutcome.set(key, ref);
    }
    if (out === PROBE_OK || out === PROBE_EXEC_OK) byOutcome.set(out, ref);
    return ref;
  }

  private onProbeSet(vm: VmRecord, vmi: VmiRecord, spec: ProbeSpec, r: KubeletResult, why: string): void {
    if (spec.kind === 'readiness') this.life.updateReady(vm, vmi);
    else if (r === 'failure' && why === 'threshold' && alive(vm, vmi)) {
      // restartPolicy Never, but the kill is a SIGTERM: virt-launcher marks a graceful shutdown
      // and virt-handler shuts the guest down by ACPI (the controller's stopVmi decides the end)
      this.clock.emit('kubelet', 'kill', { container: 'compute', reason: 'liveness probe failed' });
      this.clock.after(this.clock.timings.containerKill, () => alive(vm, vmi) && this.life.stopVmi(vm, vmi, 'liveness probe failed'));
    }
    // the kubelet's sync loop syncs the pod on every readiness update and on a liveness Failure
    // (kubelet.go syncLoopIteration → handleProbeSync → syncPod → UpdatePodStatus)
    if (spec.kind === 'readiness' || r === 'failure') this.podStatusSync(vmi);
  }

  /** One probe against the guest, as the handler reaches it. */
  private probe(vm: VmRecord, vmi: VmiRecord, spec: ProbeSpec): ProbeOutcome {
    const g = vmi.guest;
    if (spec.handler === 'guestAgentPing' || spec.handler === 'exec') {
      // virt-probe asks the guest agent through libvirt; it gives up after the VMI's timeout
      if (g.hung) return { result: 'failure', seconds: spec.vmi.timeoutSeconds, message: 'guest agent did not answer (guest hung)' };
      if (!g.agentUp) return { result: 'failure', seconds: 0, message: 'guest agent not connected' };
      if (spec.handler === 'guestAgentPing') return PROBE_OK;
      const r = execProbe(spec.command ?? [], g);
      if ('unknown' in r) return PROBE_EXEC_OK;
      if (r.exit === 0) return PROBE_OK;
      const message = `command exited with ${r.exit}${r.message ? `: ${r.message}` : ''}`;
      let out = execFailures.get(message);
      if (!out) execFailures.set(message, (out = Object.freeze({ result: 'failure', seconds: 0, message })));
      return out;
    }
    const port = spec.port;
    if (port === undefined) return { result: 'failure', seconds: 0, message: `port ${spec.portText ?? '?'} cannot be resolved` };
    if (!vm.model.podNetwork) return { result: 'failure', seconds: 0, message: 'no pod network' };
    if (vm.model.forwardedPorts && !vm.model.forwardedPorts.includes(port)) {
      return { result: 'failure', seconds: 0, message: `connection refused: masquerade forwards only ports ${vm.model.forwardedPorts.join(', ')}` };
    }
    if (!g.netUp || g.hung) return { result: 'timeout', seconds: spec.timeoutSeconds, message: g.hung ? 'guest hung' : 'guest network not up yet' };
    const l = g.listeners.get(port);
    if (!l) return { result: 'failure', seconds: 0, message: `connection refused: nothing listens on ${port}` };
    if (!l.keepOpen) {
      // nc -l without -k serves one connection and exits
      g.listeners.delete(port);
      this.clock.emit('guest', 'stopped-listening', { port, reason: 'nc without -k exits after one connection' });
    }
    if (spec.handler === 'tcpSocket') return PROBE_OK;
    const status = l.http === 'dir' ? (spec.path === '/' || spec.path === '' ? 200 : 404) : l.http;
    if (status === undefined) return { result: 'timeout', seconds: spec.timeoutSeconds, message: 'the listener never answers the HTTP request' };
    return status >= 200 && status < 400 ? PROBE_OK : { result: 'failure', seconds: 0, message: `HTTP ${status}` };
  }
}
