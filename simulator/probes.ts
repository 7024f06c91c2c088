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
   * re-queued every period (a closure per tick was most of a 24 h run's cost). A worker has at
   * most one queue entry at a time, so the in-flight probe can live in these locals.
   */
  private startWorker(vm: VmRecord, vmi: VmiRecord, w: ProbeWorker, spec: ProbeSpec): void {
    const clock = this.clock;
    let start = 0;
    let out: ProbeOutcome = PROBE_OK;
    let okRef = -1; // the record of nearly every run, looked up once
    const done = () => {
      if (vm.vmi !== vmi || vmi.podTerminated) return;
      clock.emitRef(out !== PROBE_OK ? this.probeRecord(spec, out) : okRef >= 0 ? okRef : (okRef = this.probeRecord(spec, out)));
      w.record(out.result === 'success' ? 'success' : 'failure');
      clock.at(w.nextRun(start, start + out.seconds), tick);
    };
    const tick = () => {
      if (vm.vmi !== vmi) return;
      const gate = w.gate(clock.now, vmi.container, vmi.podTerminated);
      if (gate === 'stop') return;
      start = clock.now;
      if (gate === 'wait') return clock.at(w.nextRun(start, start), tick);
      out = this.probe(vm, vmi, spec);
      // an instant answer is recorded in the same step (no second queue entry)
      if (out.seconds > 0) clock.at(start + out.seconds, done);
      else done();
    };
    clock.at(clock.now, tick);
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
    if (spec.kind === 'readiness') return this.life.updateReady(vm, vmi);
    if (r === 'failure' && why === 'threshold' && alive(vm, vmi)) {
      // restartPolicy Never: the killed compute container fails the pod, and the VMI with it
      this.clock.emit('kubelet', 'kill', { container: 'compute', reason: 'liveness probe failed' });
      this.clock.after(this.clock.timings.containerKill, () => this.life.finish(vm, vmi, 'Failed', 'liveness probe failed'));
    }
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
