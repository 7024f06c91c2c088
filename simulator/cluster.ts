// The steppable cluster: a VirtualMachine controller, VMIs and their virt-launcher pods, the
// kubelet's probe workers, the guest (cloud-init steps, listeners, guest agent, watchdog
// feeder) and endpoints, all on one simulated clock. SOURCES.md says where each rule comes from.
import { parse as parseYaml } from 'yaml';
import { planFromCloudConfig, type GuestPlan, type Step } from './guest-commands.ts';
import { intn, mulberry32 } from './prng.ts';
import { ProbeWorker, type ContainerView, type KubeletResult } from './prober.ts';
import { execProbe } from './exec-probe.ts';
import { EventQueue } from './queue.ts';
import { Timeline } from './timeline.ts';
import { defaultTimings, type Timings } from './timings.ts';
import type { EventSource, ProbeResult, RunStrategy, SimEvent, VmiPhase } from './types.ts';
import { decodeBase64, vmModel, type ProbeSpec, type VmModel } from './vm-model.ts';
import { isObj, type Obj } from '../validators/raw.ts';


/** What the Fedora Cloud containerdisk the labs boot ships (and starts: qemu-guest-agent). */
const IMAGE_PACKAGES = ['python3', 'qemu-guest-agent', 'curl', 'sudo', 'systemd'];
/** Which package provides a command the guest model runs. */
const PROVIDERS: Record<string, string[]> = {
  nc: ['nmap-ncat', 'nc', 'ncat', 'netcat', 'nmap'],
  python3: ['python3'],
  busybox: ['busybox'],
};
/** KubeVirt's default maximum start backoff (seconds). */
const MAX_START_BACKOFF = 300;
const NODES = ['training-worker-0', 'training-worker-1', 'training-worker-2'];

/** Go's calculateStartBackoffTime (vm.go) with the seeded PRNG in place of math/rand. */
export function startBackoff(failCount: number, rand: () => number, maxDelay = MAX_START_BACKOFF): number {
  const n = Math.max(1, failCount);
  const interval = Math.max(10, Math.floor(maxDelay / 30));
  let delay = interval * n * n;
  delay += intn(rand, Math.floor(delay / 2) + 1);
  return Math.min(delay, maxDelay);
}

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

interface Listener {
  port: number;
  keepOpen: boolean;
  http: number | 'dir' | undefined;
}

interface Guest {
  boot: number;
  firstBootDone: boolean;
  netUp: boolean;
  agentInstalled: boolean;
  agentWanted: boolean;
  agentUp: boolean;
  hung: boolean;
  installed: Set<string>;
  listeners: Map<number, Listener>;
  feeder?: { interval: number; timeout: number; since: number };
  feederGen: number;
}

export interface VmiRecord {
  uid: number;
  name: string;
  namespace: string;
  phase: VmiPhase;
  createdAt: number;
  ip?: string;
  node?: string;
  container?: ContainerView;
  podTerminated: boolean;
  podReady: boolean;
  ready: boolean;
  everRunning: boolean;
  stopping?: string;
  workers: ProbeWorker[];
  guest: Guest;
  startError?: string;
}

interface VmRecord {
  model: VmModel;
  strategy: RunStrategy;
  createdAt: number;
  vmi?: VmiRecord;
  failCount: number;
  restarts: number;
  /** Bumped to cancel a pending (backed-off) start. */
  startGen: number;
  waitingUntil?: number;
  startErrors: string[];
  plan?: GuestPlan;
  lastFinal?: VmiPhase;
}

export interface SimClusterOptions {
  seed?: number;
  timings?: Partial<Timings>;
  /**
   * A VM whose cloud-init Secret does not exist: `block` (default) is what the cluster does
   * (the launcher pod waits for the volume); `empty` boots the guest without user data.
   */
  missingSecret?: 'block' | 'empty';
  /** Stop the clock once this many events were emitted (a guard against month-long runs at 1 s periods). */
  maxEvents?: number;
  /** How many events the run will likely emit: sizes the timeline once instead of growing it. */
  expectedEvents?: number;
}

export interface ApplyOptions {
  /** Start-stage errors (validators): the launcher pod is never created. */
  startErrors?: string[];
}

export interface VmiRow {
  name: string;
  age: number;
  phase: VmiPhase;
  ip: string;
  node: string;
  ready: boolean;
}
export interface VmRow {
  name: string;
  age: number;
  status: string;
  ready: boolean;
}

export class SimCluster {
  now = 0;
  /** What happened, compactly; `events` reads it as SimEvent objects. */
  readonly timeline: Timeline;
  timings: Timings;
  private readonly queue = new EventQueue();
  private readonly rand: () => number;
  private readonly listeners: ((e: SimEvent) => void)[] = [];
  private readonly vms = new Map<string, VmRecord>();
  private readonly secrets = new Map<string, string>();
  private readonly services = new Map<string, { namespace: string; name: string; selector: Record<string, string> }>();
  private uid = 0;
  private readonly missingSecret: 'block' | 'empty';
  private readonly maxEvents: number;
  /** Set when maxEvents stopped the run: the time the clock stopped at. */
  truncatedAt: number | undefined;

  constructor(opts: SimClusterOptions = {}) {
    this.rand = mulberry32(opts.seed ?? 1);
    this.timings = { ...defaultTimings, ...(opts.timings ?? {}) };
    this.missingSecret = opts.missingSecret ?? 'block';
    this.maxEvents = opts.maxEvents ?? Infinity;
    this.timeline = new Timeline(Math.min(opts.expectedEvents ?? 1024, this.maxEvents));
  }

  // --- clock ----------------------------------------------------------------------------------

  /** Run everything due up to and including time t; the clock ends at t. */
  runUntil(t: number): void {
    if (this.drain(t + 1e-9)) this.now = Math.max(this.now, t);
  }

  /**
   * The event loop proper, kept apart from runUntil's bookkeeping: a loop whose exit path holds
   * code that never ran when it was optimized gets deoptimized at the end of every run.
   * False when maxEvents stopped the clock.
   */
  private drain(limit: number): boolean {
    const queue = this.queue;
    const events = this.timeline;
    for (;;) {
      const next = queue.peekTime();
      if (next === undefined || next > limit) return true;
      if (events.length >= this.maxEvents) {
        this.truncatedAt ??= this.now;
        return false;
      }
      this.now = Math.max(this.now, next);
      queue.pop()!();
    }
  }

  advance(seconds: number): void {
    this.runUntil(this.now + seconds);
  }

  at(t: number, fn: () => void): void {
    this.queue.push(Math.max(t, this.now), fn);
  }

  /**
   * Many callbacks at once (a scenario's steps): they run exactly as that many `at` calls in a
   * row would, but enter the queue one at a time, each when the one before it runs, so hundreds
   * of pending steps do not deepen the heap that every probe tick goes through.
   */
  atEach(items: readonly { t: number; fn: () => void }[]): void {
    const base = this.queue.reserve(items.length);
    const order = items.map((it, i) => ({ t: Math.max(it.t, this.now), seq: base + i, fn: it.fn })).sort((a, b) => a.t - b.t || a.seq - b.seq);
    let k = 0;
    const feed = (): void => {
      const it = order[k++]!;
      const next = k < order.length ? feed : undefined;
      this.queue.push(it.t, () => {
        next?.();
        it.fn();
      }, it.seq);
    };
    if (order.length) feed();
  }

  after(dt: number, fn: () => void): void {
    this.queue.push(this.now + Math.max(0, dt), fn);
  }

  on(listener: (e: SimEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  setTimings(t: Partial<Timings>): void {
    this.timings = { ...this.timings, ...t };
  }

  /** Every event so far, in order (built from the timeline on first read; read-only). */
  get events(): SimEvent[] {
    return this.timeline.events;
  }

  private emit(source: EventSource, type: string, detail: Record<string, unknown>): void {
    const i = this.timeline.push(Math.round(this.now * 1000) / 1000, source, type, detail);
    if (this.listeners.length) this.notify(i);
  }

  /** An event whose record the timeline already holds (a probe outcome seen before). */
  private emitRef(ref: number): void {
    const i = this.timeline.pushRef(Math.round(this.now * 1000) / 1000, ref);
    if (this.listeners.length) this.notify(i);
  }

  private notify(i: number): void {
    const e = this.timeline.get(i);
    for (const l of this.listeners) l(e);
  }

  // --- API objects ----------------------------------------------------------------------------

  /** kubectl apply of a VirtualMachine, Secret or Service (other kinds are refused). */
  apply(obj: unknown, opts: ApplyOptions = {}): string {
    if (!isObj(obj)) throw new Error('apply: not an object');
    const meta = isObj(obj.metadata) ? obj.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const ns = typeof meta.namespace === 'string' ? meta.namespace : 'default';
    if (!name) throw new Error('apply: metadata.name is required');
    const key = `${ns}/${name}`;
    switch (obj.kind) {
      case 'Secret': {
        const data = isObj(obj.data) ? obj.data : {};
        const sdata = isObj(obj.stringData) ? obj.stringData : {};
        let text: string | undefined;
        for (const k of ['userdata', 'userData']) {
          if (typeof sdata[k] === 'string') text = sdata[k] as string;
          else if (typeof data[k] === 'string') text = decodeBase64(data[k] as string);
          if (text !== undefined) break;
        }
        this.secrets.set(key, text ?? '');
        return `secret/${name} configured`;
      }
      case 'Service': {
        const spec = isObj(obj.spec) ? obj.spec : {};
        const selector: Record<string, string> = {};
        if (isObj(spec.selector)) for (const [k, v] of Object.entries(spec.selector)) selector[k] = String(v);
        this.services.set(key, { namespace: ns, name, selector });
        return `service/${name} configured`;
      }
      case 'VirtualMachine': {
        const model = vmModel(obj, ns);
        const old = this.vms.get(key);
        if (old) {
          // a changed template applies to the next VMI (as KubeVirt does); runStrategy at once
          old.model = model;
          old.startErrors = opts.startErrors ?? [];
          old.plan = undefined;
          const was = old.strategy;
          old.strategy = model.runStrategy;
          if (was !== old.strategy) this.reconcile(old);
          return `virtualmachine.kubevirt.io/${name} configured`;
        }
        const vm: VmRecord = { model, strategy: model.runStrategy, createdAt: this.now, failCount: 0, restarts: 0, startGen: 0, startErrors: opts.startErrors ?? [] };
        this.vms.set(key, vm);
        this.reconcile(vm);
        return `virtualmachine.kubevirt.io/${name} created`;
      }
      default:
        throw new Error(`apply: kind ${String(obj.kind)} is not simulated (VirtualMachine, Secret and Service are)`);
    }
  }

  delete(kind: string, ns: string, name: string): boolean {
    const key = `${ns}/${name}`;
    const k = kind.toLowerCase();
    if (k === 'secret' || k === 'secrets') return this.secrets.delete(key);
    if (k === 'service' || k === 'services' || k === 'svc') return this.services.delete(key);
    if (k === 'vm' || k === 'vms' || k === 'virtualmachine' || k === 'virtualmachines') {
      const vm = this.vms.get(key);
      if (!vm) return false;
      vm.strategy = 'Halted';
      vm.startGen++;
      if (vm.vmi && !isFinal(vm.vmi.phase)) this.stopVmi(vm, vm.vmi, 'VM deleted');
      this.vms.delete(key);
      return true;
    }
    if (k === 'vmi' || k === 'vmis' || k === 'virtualmachineinstance' || k === 'virtualmachineinstances') {
      const vm = this.vms.get(key);
      if (!vm?.vmi || isFinal(vm.vmi.phase)) return false;
      this.stopVmi(vm, vm.vmi, 'VMI deleted');
      return true;
    }
    return false;
  }

  /** Status rows as `kubectl get vm` / `kubectl get vmi` show them. */
  get(kind: 'vm' | 'vmi', ns: string, name?: string): (VmRow | VmiRow)[] {
    const rows: (VmRow | VmiRow)[] = [];
    for (const [key, vm] of this.vms) {
      if (!key.startsWith(`${ns}/`) || (name && vm.model.name !== name)) continue;
      if (kind === 'vm') rows.push({ name: vm.model.name, age: this.now - vm.createdAt, status: this.printableStatus(vm), ready: !!vm.vmi?.ready });
      else if (vm.vmi) {
        const v = vm.vmi;
        rows.push({ name: v.name, age: this.now - v.createdAt, phase: v.phase, ip: v.ip ?? '', node: v.node ?? '', ready: v.ready });
      }
    }
    return rows;
  }

  /** The VMI record of a VM (for views and tests). */
  vmi(ns: string, name: string): VmiRecord | undefined {
    return this.vms.get(`${ns}/${name}`)?.vmi;
  }

  restarts(ns: string, name: string): number {
    return this.vms.get(`${ns}/${name}`)?.restarts ?? 0;
  }

  private printableStatus(vm: VmRecord): string {
    const v = vm.vmi;
    if (vm.waitingUntil !== undefined) return 'CrashLoopBackOff';
    if (!v) return vm.lastFinal === 'Failed' && vm.strategy !== 'Halted' ? 'Failed' : 'Stopped';
    if (v.stopping) return 'Stopping';
    switch (v.phase) {
      case 'Pending':
      case 'Scheduling':
      case 'Scheduled':
        return 'Starting';
      case 'Running':
        return 'Running';
      case 'Succeeded':
        return 'Stopped';
      case 'Failed':
        return 'Failed';
    }
  }

  // --- virtctl --------------------------------------------------------------------------------

  virtctl(action: 'start' | 'stop' | 'restart', ns: string, name: string): { ok: boolean; message: string } {
    const vm = this.vms.get(`${ns}/${name}`);
    if (!vm) return { ok: false, message: `Error ${action === 'start' ? 'starting' : action === 'stop' ? 'stopping' : 'restarting'} VirtualMachine virtualmachine.kubevirt.io "${name}" not found` };
    const live = vm.vmi && !isFinal(vm.vmi.phase) ? vm.vmi : undefined;
    if (action === 'start') {
      if (live) return { ok: false, message: `Error starting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "${name}": VM is already running` };
      this.emit('vm', 'start', { by: 'virtctl start', runStrategy: vm.strategy === 'Halted' ? 'Always' : vm.strategy });
      if (vm.strategy === 'Halted') vm.strategy = 'Always';
      vm.startGen++;
      vm.waitingUntil = undefined;
      this.createVmi(vm);
      return { ok: true, message: `VM ${name} was scheduled to start` };
    }
    if (action === 'stop') {
      if (!live && vm.strategy === 'Halted') return { ok: false, message: `Error stopping VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "${name}": VM is not running` };
      this.emit('vm', 'stop', { by: 'virtctl stop' });
      if (vm.strategy !== 'Manual') vm.strategy = 'Halted';
      vm.startGen++;
      vm.waitingUntil = undefined;
      if (live) this.stopVmi(vm, live, 'virtctl stop');
      return { ok: true, message: `VM ${name} was scheduled to stop` };
    }
    if (!live) return { ok: false, message: `Error restarting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "${name}": VM is not running` };
    this.emit('vm', 'restart-requested', { by: 'virtctl restart' });
    this.stopVmi(vm, live, 'virtctl restart', true);
    return { ok: true, message: `VM ${name} was scheduled to restart` };
  }

  // --- VM controller --------------------------------------------------------------------------

  private reconcile(vm: VmRecord): void {
    const live = vm.vmi && !isFinal(vm.vmi.phase);
    if ((vm.strategy === 'Always' || vm.strategy === 'RerunOnFailure' || vm.strategy === 'Once') && !live && !vm.vmi) {
      this.emit('vm', 'start', { by: `runStrategy ${vm.strategy}` });
      this.createVmi(vm);
    } else if (vm.strategy === 'Halted' && live) this.stopVmi(vm, vm.vmi!, 'runStrategy Halted');
  }

  /** A VMI reached Succeeded/Failed: the VM controller decides whether to start the next one. */
  private onVmiFinal(vm: VmRecord, vmi: VmiRecord, reason: string, restartAnyway: boolean): void {
    vm.lastFinal = vmi.phase;
    const failed = vmi.phase === 'Failed';
    const again = restartAnyway || vm.strategy === 'Always' || (vm.strategy === 'RerunOnFailure' && failed);
    // vmiFailedEarly: failed without ever reaching Running → backoff; otherwise the count clears
    let backoff = 0;
    if (failed && !vmi.everRunning) {
      vm.failCount++;
      backoff = startBackoff(vm.failCount, this.rand);
    } else if (vmi.everRunning) vm.failCount = 0;
    const gen = vm.startGen;
    this.after(this.timings.vmiRecreate, () => {
      if (vm.vmi === vmi) vm.vmi = undefined; // the controller removes the finished VMI
      if (!again || gen !== vm.startGen) return;
      const start = () => {
        if (gen !== vm.startGen || !this.vms.has(`${vm.model.namespace}/${vm.model.name}`)) return;
        vm.waitingUntil = undefined;
        vm.restarts++;
        this.emit('vm', 'restart', { reason, count: vm.restarts });
        this.createVmi(vm);
      };
      if (backoff > 0 && !restartAnyway) {
        vm.waitingUntil = this.now + backoff;
        this.emit('vm', 'backoff', { seconds: backoff, failures: vm.failCount });
        this.after(backoff, start);
      } else start();
    });
  }

  private plan(vm: VmRecord): GuestPlan | undefined {
    if (vm.plan) return vm.plan;
    const ud = vm.model.userData;
    let text: string | undefined;
    if (!ud) return undefined;
    if ('inline' in ud) text = ud.inline;
    else text = this.secrets.get(`${vm.model.namespace}/${ud.secretName}`);
    if (text === undefined) return undefined;
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (e) {
      vm.plan = { bootcmd: [], final: [], notes: [`cloud-init could not parse the user data (${(e as Error).message.split('\n')[0]}): it runs nothing`] };
      return vm.plan;
    }
    vm.plan = planFromCloudConfig(data);
    if (!/^#cloud-config\s*$/m.test(text.split('\n')[0] ?? '')) vm.plan.notes.push('the user data does not start with #cloud-config: cloud-init does not read it as cloud-config');
    return vm.plan;
  }

  private createVmi(vm: VmRecord): void {
    const vmi: VmiRecord = {
      uid: ++this.uid,
      name: vm.model.name,
      namespace: vm.model.namespace,
      phase: 'Pending',
      createdAt: this.now,
      podTerminated: false,
      podReady: false,
      ready: false,
      everRunning: false,
      workers: [],
      guest: { boot: 0, firstBootDone: false, netUp: false, agentInstalled: true, agentWanted: true, agentUp: false, hung: false, installed: new Set(IMAGE_PACKAGES), listeners: new Map(), feederGen: 0 },
    };
    vm.vmi = vmi;
    this.emit('vmi', 'phase', { phase: 'Pending', vmi: vmi.uid });
    if (vm.startErrors.length) {
      // admission of the launcher pod (or of the VMI) fails: virt-controller retries for ever
      vmi.startError = vm.startErrors.join('; ');
      this.emit('vmi', 'start-error', { message: vmi.startError });
      return;
    }
    this.after(this.timings.podCreate, () => this.podScheduled(vm, vmi));
  }

  private alive(vm: VmRecord, vmi: VmiRecord): boolean {
    return vm.vmi === vmi && !isFinal(vmi.phase);
  }

  private podScheduled(vm: VmRecord, vmi: VmiRecord): void {
    if (!this.alive(vm, vmi)) return;
    vmi.node = NODES[intn(this.rand, NODES.length)];
    vmi.ip = `10.244.${intn(this.rand, 250) + 1}.${intn(this.rand, 250) + 2}`;
    this.setPhase(vmi, 'Scheduling');
    // the kubelet admits the pod and starts one probe worker per probe (prober_manager AddPod)
    for (const spec of vm.model.probes) {
      if (spec.handler === 'none') continue;
      const w = new ProbeWorker(spec, this.now, (r, why) => this.onProbeSet(vm, vmi, spec, r, why));
      vmi.workers.push(w);
      this.startWorker(vm, vmi, w, spec);
    }
    const ud = vm.model.userData;
    if (ud && 'secretName' in ud && !this.secrets.has(`${vm.model.namespace}/${ud.secretName}`) && this.missingSecret === 'block') {
      vmi.startError = `MountVolume.SetUp failed for volume "cloudinitdisk": secret "${ud.secretName}" not found`;
      this.emit('vmi', 'start-error', { message: vmi.startError });
      return;
    }
    this.after(this.timings.podStart, () => this.containerStarted(vm, vmi));
  }

  private containerStarted(vm: VmRecord, vmi: VmiRecord): void {
    if (!this.alive(vm, vmi)) return;
    vmi.container = { id: `containerd://${vmi.uid}-compute`, startedAt: this.now, running: true, terminated: false };
    this.setPhase(vmi, 'Scheduled');
    this.updateReady(vm, vmi);
    this.after(this.timings.domainStart, () => {
      if (!this.alive(vm, vmi)) return;
      vmi.everRunning = true;
      this.setPhase(vmi, 'Running');
      this.updateReady(vm, vmi);
      this.bootGuest(vm, vmi, false);
    });
  }

  private setPhase(vmi: VmiRecord, phase: VmiPhase, reason?: string): void {
    vmi.phase = phase;
    this.emit('vmi', 'phase', reason ? { phase, reason, vmi: vmi.uid } : { phase, vmi: vmi.uid });
  }

  /** The pod's readiness (all readiness results Success, container running) → VMI Ready → endpoints. */
  private updateReady(vm: VmRecord, vmi: VmiRecord): void {
    const c = vmi.container;
    let podReady = !!c && c.running && !vmi.podTerminated;
    for (const w of vmi.workers) if (w.spec.kind === 'readiness' && w.stored !== 'success') podReady = false;
    vmi.podReady = podReady;
    const ready = podReady && vmi.phase === 'Running' && !vmi.stopping;
    if (ready === vmi.ready) return;
    vmi.ready = ready;
    this.emit('vmi', 'condition', { condition: 'Ready', status: ready ? 'True' : 'False' });
    const services = [...this.services.values()].filter((s) => s.namespace === vm.model.namespace && Object.keys(s.selector).length && Object.entries(s.selector).every(([k, v]) => vm.model.labels[k] === v)).map((s) => s.name);
    this.emit('endpoints', ready ? 'added' : 'removed', { address: vmi.ip ?? '', ready, ...(services.length ? { services } : {}) });
  }

  private finish(vm: VmRecord, vmi: VmiRecord, phase: 'Succeeded' | 'Failed', reason: string, restartAnyway = false): void {
    if (isFinal(vmi.phase) || vm.vmi !== vmi) return;
    vmi.podTerminated = true;
    if (vmi.container) vmi.container = { ...vmi.container, running: false, terminated: true };
    vmi.guest.boot++; // nothing scheduled in this guest runs any more
    vmi.guest.feederGen++;
    this.setPhase(vmi, phase, reason);
    this.updateReady(vm, vmi);
    this.onVmiFinal(vm, vmi, reason, restartAnyway);
  }

  /** Graceful stop (virtctl stop/restart, deletion): ACPI shutdown, the VMI Succeeds. */
  private stopVmi(vm: VmRecord, vmi: VmiRecord, reason: string, restart = false): void {
    if (vmi.stopping) return;
    vmi.stopping = reason;
    this.updateReady(vm, vmi);
    // a guest that does not answer ACPI is killed at the end of the grace period (180 s for VMIs)
    const dt = vmi.phase !== 'Running' ? this.timings.domainStop : vmi.guest.hung ? 180 : this.timings.gracefulStop;
    this.after(dt, () => this.finish(vm, vmi, 'Succeeded', reason, restart));
  }

  // --- kubelet prober -------------------------------------------------------------------------

  /**
   * The worker's loop: one tick callback and one finish callback per worker, made once and
   * re-queued every period (a closure per tick was most of a 24 h run's cost). A worker has at
   * most one queue entry at a time, so the in-flight probe can live in these locals.
   */
  private startWorker(vm: VmRecord, vmi: VmiRecord, w: ProbeWorker, spec: ProbeSpec): void {
    let start = 0;
    let out: ProbeOutcome = PROBE_OK;
    let okRef = -1; // the record of nearly every run, looked up once
    const done = () => {
      if (vm.vmi !== vmi || vmi.podTerminated) return;
      this.emitRef(out !== PROBE_OK ? this.probeRecord(spec, out) : okRef >= 0 ? okRef : (okRef = this.probeRecord(spec, out)));
      w.record(out.result === 'success' ? 'success' : 'failure');
      this.at(w.nextRun(start, start + out.seconds), tick);
    };
    const tick = () => {
      if (vm.vmi !== vmi) return;
      const gate = w.gate(this.now, vmi.container, vmi.podTerminated);
      if (gate === 'stop') return;
      start = this.now;
      if (gate === 'wait') return this.at(w.nextRun(start, start), tick);
      out = this.probe(vm, vmi, spec);
      // an instant answer is recorded in the same step (no second queue entry)
      if (out.seconds > 0) this.at(start + out.seconds, done);
      else done();
    };
    this.at(this.now, tick);
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
      ref = this.timeline.intern('kubelet', 'probe', detail);
      byOutcome.set(key, ref);
    }
    if (out === PROBE_OK || out === PROBE_EXEC_OK) byOutcome.set(out, ref);
    return ref;
  }

  private onProbeSet(vm: VmRecord, vmi: VmiRecord, spec: ProbeSpec, r: KubeletResult, why: string): void {
    if (spec.kind === 'readiness') return this.updateReady(vm, vmi);
    if (r === 'failure' && why === 'threshold' && this.alive(vm, vmi)) {
      // restartPolicy Never: the killed compute container fails the pod, and the VMI with it
      this.emit('kubelet', 'kill', { container: 'compute', reason: 'liveness probe failed' });
      this.after(this.timings.containerKill, () => this.finish(vm, vmi, 'Failed', 'liveness probe failed'));
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
      this.emit('guest', 'stopped-listening', { port, reason: 'nc without -k exits after one connection' });
    }
    if (spec.handler === 'tcpSocket') return PROBE_OK;
    const status = l.http === 'dir' ? (spec.path === '/' || spec.path === '' ? 200 : 404) : l.http;
    if (status === undefined) return { result: 'timeout', seconds: spec.timeoutSeconds, message: 'the listener never answers the HTTP request' };
    return status >= 200 && status < 400 ? PROBE_OK : { result: 'failure', seconds: 0, message: `HTTP ${status}` };
  }

  // --- guest ----------------------------------------------------------------------------------

  private bootGuest(vm: VmRecord, vmi: VmiRecord, reboot: boolean): void {
    const g = vmi.guest;
    const boot = ++g.boot;
    g.feederGen++;
    g.feeder = undefined;
    g.netUp = false;
    g.agentUp = false;
    g.hung = false;
    g.listeners.clear();
    this.emit('guest', 'boot', { boot, ...(reboot ? { reboot: true } : {}) });
    const plan = this.plan(vm);
    const ud = vm.model.userData;
    if (!plan && boot === 1 && !g.firstBootDone) {
      if (ud && 'secretName' in ud) this.emit('guest', 'note', { message: `the VM's user data (Secret ${ud.secretName}) was not given: cloud-init runs nothing, the guest serves nothing` });
      else if (!ud) this.emit('guest', 'note', { message: 'the VM has no cloud-init volume: the guest serves nothing' });
    }
    if (plan && !g.firstBootDone) for (const n of plan.notes) this.emit('guest', 'note', { message: n });
    const first = !g.firstBootDone;
    g.firstBootDone = true;
    this.after(this.timings.bootcmdStart, () => {
      if (g.boot !== boot) return;
      g.netUp = true;
      // bootcmd runs every boot; packages and runcmd once per instance (a new VMI is a new instance)
      this.runSteps(vm, vmi, plan?.bootcmd ?? [], 0, boot, () => {
        if (!first || !plan?.final.length) return;
        this.after(this.timings.finalStageDelay, () => this.runSteps(vm, vmi, plan.final, 0, boot, () => {}));
      });
    });
    this.after(this.timings.agentStart, () => {
      if (g.boot !== boot || g.hung || !g.agentInstalled || !g.agentWanted) return;
      g.agentUp = true;
      this.emit('guest', 'agent', { running: true });
    });
  }

  private has(g: Guest, need: string): boolean {
    return (PROVIDERS[need] ?? [need]).some((p) => g.installed.has(p));
  }

  private runSteps(vm: VmRecord, vmi: VmiRecord, steps: Step[], i: number, boot: number, done: () => void): void {
    const g = vmi.guest;
    if (g.boot !== boot || g.hung) return;
    if (i >= steps.length) return done();
    const s = steps[i]!;
    const next = (dt: number) => this.after(dt, () => this.runSteps(vm, vmi, steps, i + 1, boot, done));
    const stepEvent = (status: string, extra: Record<string, unknown> = {}) => this.emit('guest', 'step', { command: s.command, status, ...extra });
    switch (s.kind) {
      case 'install': {
        const missing = s.packages.filter((p) => !g.installed.has(p));
        stepEvent('started');
        this.after(missing.length ? this.timings.packageInstall : this.timings.packageInstalled, () => {
          if (g.boot !== boot || g.hung) return;
          for (const p of s.packages) g.installed.add(p);
          stepEvent('done');
          next(0);
        });
        return;
      }
      case 'remove': {
        for (const p of s.packages) g.installed.delete(p);
        if (s.packages.includes('qemu-guest-agent')) this.agentGone(g, 'qemu-guest-agent removed');
        stepEvent('done');
        return next(this.timings.packageInstalled);
      }
      case 'listen': {
        if (s.needs && !this.has(g, s.needs)) {
          stepEvent('failed', { message: `${s.needs}: command not found (install its package first)` });
          return next(0);
        }
        this.after(this.timings.listenerStart, () => {
          if (g.boot !== boot || g.hung) return;
          g.listeners.set(s.port, { port: s.port, keepOpen: s.keepOpen, http: s.http });
          this.emit('guest', 'listening', { port: s.port, command: s.command });
        });
        if (!s.background) {
          stepEvent('blocking', { message: 'runs in the foreground: cloud-init waits for it and runs nothing after it' });
          return;
        }
        return next(0);
      }
      case 'feeder': {
        if (!this.has(g, 'busybox')) {
          stepEvent('failed', { message: 'busybox: command not found (install busybox first)' });
          return next(0);
        }
        this.startFeeder(vm, vmi, s.interval, s.timeout);
        if (!s.background) return;
        return next(0);
      }
      case 'sleep':
        return next(s.seconds);
      case 'agent':
        g.agentWanted = s.running;
        if (!s.running) this.agentGone(g, s.command);
        else if (g.agentInstalled && !g.agentUp) {
          g.agentUp = true;
          this.emit('guest', 'agent', { running: true });
        }
        return next(0);
      case 'noop':
        return next(0);
      case 'unknown':
        stepEvent('not-simulated');
        return next(this.timings.otherCommand);
    }
  }

  private agentGone(g: Guest, why: string): void {
    if (!g.agentUp) return;
    g.agentUp = false;
    this.emit('guest', 'agent', { running: false, reason: why });
  }

  private startFeeder(vm: VmRecord, vmi: VmiRecord, interval: number, timeout: number): void {
    const g = vmi.guest;
    if (!vm.model.watchdog) {
      this.emit('watchdog', 'no-device', { message: 'open /dev/watchdog: No such file or directory (the VM has no watchdog device)' });
      return;
    }
    const gen = ++g.feederGen;
    g.feeder = { interval, timeout, since: this.now };
    this.emit('watchdog', 'armed', { interval, timeout, action: vm.model.watchdog.action });
    // a feeder slower than the timeout lets the device fire between two heartbeats
    if (interval > timeout) this.after(timeout, () => gen === g.feederGen && this.fire(vm, vmi));
  }

  private stopFeeder(vm: VmRecord, vmi: VmiRecord, why: string): void {
    const g = vmi.guest;
    const f = g.feeder;
    if (!f) return;
    g.feeder = undefined;
    const gen = ++g.feederGen;
    // the last heartbeat before now (a heartbeat due at this very instant is not sent)
    const k = Math.max(0, Math.ceil((this.now - f.since) / f.interval - 1e-9) - 1);
    const last = f.since + Math.min(k * f.interval, f.interval > f.timeout ? 0 : Infinity);
    const at = Math.max(this.now, last + f.timeout);
    this.emit('guest', 'feeder-stopped', { reason: why, lastHeartbeat: Math.round(last * 1000) / 1000, firesAt: Math.round(at * 1000) / 1000 });
    if (f.interval > f.timeout) return; // the pending fire scheduled at start stays
    this.at(at, () => gen === g.feederGen && this.fire(vm, vmi));
  }

  private fire(vm: VmRecord, vmi: VmiRecord): void {
    if (!this.alive(vm, vmi)) return;
    const action = vm.model.watchdog?.action ?? 'reset';
    this.emit('watchdog', 'fired', { action });
    vmi.guest.feederGen++;
    vmi.guest.feeder = undefined;
    if (action === 'poweroff') {
      vmi.guest.boot++;
      this.after(this.timings.domainStop, () => this.finish(vm, vmi, 'Failed', 'watchdog poweroff'));
    } else if (action === 'reset') {
      this.bootGuest(vm, vmi, true);
    } else if (action === 'shutdown') {
      vmi.guest.boot++;
      this.after(this.timings.gracefulStop, () => this.finish(vm, vmi, 'Succeeded', 'watchdog shutdown'));
    } else {
      this.emit('watchdog', 'not-simulated', { action, message: `watchdog action "${action}" is not simulated (poweroff, reset and shutdown are)` });
    }
  }

  // --- scenario actions (what a trainee does in the guest) -------------------------------------

  guestAction(ns: string, name: string, step: { action: string; port?: number; interval?: number; timeout?: number }): void {
    const vm = this.vms.get(`${ns}/${name}`);
    const vmi = vm?.vmi;
    if (step.action === 'restart') {
      if (vm) {
        const r = this.virtctl('restart', ns, name);
        if (!r.ok) this.emit('vm', 'ignored', { action: 'restart', message: r.message });
      }
      return;
    }
    if (!vm || !vmi || vmi.phase !== 'Running') {
      this.emit('guest', 'ignored', { action: step.action, message: 'no running guest at this time' });
      return;
    }
    const g = vmi.guest;
    switch (step.action) {
      case 'stop-server': {
        const ports = step.port !== undefined ? [step.port] : [...g.listeners.keys()];
        for (const p of ports) if (g.listeners.delete(p)) this.emit('guest', 'stopped-listening', { port: p, reason: 'stop-server' });
        if (!ports.length) this.emit('guest', 'ignored', { action: step.action, message: 'no server is running' });
        break;
      }
      case 'start-server': {
        const port = step.port ?? 8081;
        if (g.hung) break;
        g.listeners.set(port, { port, keepOpen: true, http: 200 });
        this.emit('guest', 'listening', { port, command: 'start-server' });
        break;
      }
      case 'remove-guest-agent':
        g.agentInstalled = false;
        g.installed.delete('qemu-guest-agent');
        if (g.agentUp) this.agentGone(g, 'remove-guest-agent');
        else this.emit('guest', 'agent', { running: false, reason: 'remove-guest-agent' });
        break;
      case 'hang-guest':
        if (g.hung) break;
        g.hung = true;
        this.emit('guest', 'hung', {});
        this.stopFeeder(vm, vmi, 'guest hung');
        break;
      case 'start-watchdog-feeder':
        if (g.feeder) this.stopFeeder(vm, vmi, 'restarted');
        this.startFeeder(vm, vmi, step.interval ?? 30, step.timeout ?? 60);
        break;
      case 'stop-watchdog-feeder':
        if (!g.feeder) this.emit('guest', 'ignored', { action: step.action, message: 'no watchdog feeder is running' });
        this.stopFeeder(vm, vmi, 'stop-watchdog-feeder');
        break;
      default:
        this.emit('guest', 'ignored', { action: step.action, message: 'unknown action' });
    }
  }
}

export function isFinal(p: VmiPhase): boolean {
  return p === 'Succeeded' || p === 'Failed';
}
