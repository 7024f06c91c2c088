// The VirtualMachine controller and the VMI's life: run strategies, starting a VMI (its
// virt-launcher pod scheduled, the container started, the domain Running), graceful stops,
// the end of a VMI, restarts with KubeVirt's start backoff, and Ready → endpoints.
import type { SimClock } from './clock.ts';
import { GuestModel, newGuest } from './guest.ts';
import { intn } from './prng.ts';
import { ProbeWiring } from './probes.ts';
import { alive, isFinal, type ApplyOptions, type Lifecycle, type VmiRecord, type VmRecord } from './records.ts';
import type { ObjectStore } from './store.ts';
import type { VmiPhase } from './types.ts';
import { vmModel } from './vm-model.ts';
import type { StorageController } from './storage.ts';
import { isObj, type Obj } from '../validators/raw.ts';

/** KubeVirt's default maximum start backoff (seconds). */
const MAX_START_BACKOFF = 300;
/** v1.DefaultGracePeriodSeconds: a VMI's terminationGracePeriodSeconds when it sets none. */
export const DEFAULT_GRACE_PERIOD = 30;
const NODES = ['training-worker-0', 'training-worker-1', 'training-worker-2'];

/** Go's calculateStartBackoffTime (vm.go) with the seeded PRNG in place of math/rand. */
export function startBackoff(failCount: number, rand: () => number, maxDelay = MAX_START_BACKOFF): number {
  const n = Math.max(1, failCount);
  const interval = Math.max(10, Math.floor(maxDelay / 30));
  let delay = interval * n * n;
  delay += intn(rand, Math.floor(delay / 2) + 1);
  return Math.min(delay, maxDelay);
}

export class VmController implements Lifecycle {
  readonly guest: GuestModel;
  /** Told when a VMI reaches Running (hotplugged volumes attach). */
  onRunning: (vm: VmRecord, vmi: VmiRecord) => void = () => {};
  /** Whether the VM may not start a VMI now (its instance type is missing: instancetypes.ts). */
  blocked: (vm: VmRecord) => boolean = () => false;
  private readonly probes: ProbeWiring;
  private uid = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly store: ObjectStore,
    private readonly missingSecret: 'block' | 'empty',
    private readonly volumes?: StorageController,
  ) {
    this.guest = new GuestModel(clock, store, this);
    this.probes = new ProbeWiring(clock, this);
    // a VM waiting for its DataVolumes / claims starts its VMI once they are ready (vm.go handleDataVolumes)
    volumes?.onChange(() => {
      for (const vm of this.store.vms.values()) if (vm.provisioning && !vm.vmi && vm.strategy !== 'Halted') this.createVmi(vm);
    });
  }

  /** What the VM still waits for before a VMI can start: its DataVolumes, its claims' binding. */
  private volumeWait(vm: VmRecord): { status?: VmRecord['provisioning']; missing?: string } {
    if (!this.volumes) return {};
    let status: VmRecord['provisioning'];
    for (const { claim } of vm.model.claims) {
      const s = this.volumes.claimState(vm.model.namespace, claim);
      if (s === 'missing') return { missing: claim };
      if (s === 'binding') status = 'WaitingForVolumeBinding';
      else if (s === 'provisioning') status ??= 'Provisioning';
    }
    return status ? { status } : {};
  }

  /** kubectl apply of a VirtualMachine: a new VM is reconciled, a changed one keeps its VMI. */
  /** `uid`: the VM object's, which its DataVolumes' ownerReferences name (as the VM controller writes them). */
  applyVm(key: string, obj: Obj, ns: string, name: string, opts: ApplyOptions, uid?: string): string {
    const model = vmModel(obj, ns);
    const old = this.store.vms.get(key);
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
    const vm: VmRecord = { model, strategy: model.runStrategy, createdAt: this.clock.now, failCount: 0, restarts: 0, startGen: 0, startErrors: opts.startErrors ?? [] };
    this.store.vms.set(key, vm);
    // the VM controller creates the DataVolumes of spec.dataVolumeTemplates, owned by the VM
    for (const t of model.dataVolumeTemplates) {
      const tname = isObj(t.metadata) ? String(t.metadata.name ?? '') : '';
      if (tname && this.volumes) this.volumes.applyDataVolume({ kind: 'DataVolume', apiVersion: 'cdi.kubevirt.io/v1beta1', ...t, metadata: { ...(t.metadata as Obj) } }, ns, { kind: 'VirtualMachine', name, uid: uid ?? '' });
    }
    this.reconcile(vm);
    return `virtualmachine.kubevirt.io/${name} created`;
  }

  /** The VM goes (its VMI stops gracefully); false when there is no such VM. With `orphan` its
   *  template DataVolumes stay, without their owner (the caller refuses it for a running VM). */
  deleteVm(key: string, orphan = false): boolean {
    const vm = this.store.vms.get(key);
    if (!vm) return false;
    vm.strategy = 'Halted';
    vm.startGen++;
    if (vm.vmi && !isFinal(vm.vmi.phase)) this.stopVmi(vm, vm.vmi, 'VM deleted');
    this.store.vms.delete(key);
    // garbage collection of what the VM owns: its template DataVolumes (and their claims), or,
    // orphaned, the garbage collector only removes the VM from their ownerReferences
    for (const t of vm.model.dataVolumeTemplates) {
      if (!isObj(t.metadata) || typeof t.metadata.name !== 'string') continue;
      if (orphan) this.volumes?.orphanDataVolume(vm.model.namespace, t.metadata.name);
      else this.volumes?.deleteDataVolume(vm.model.namespace, t.metadata.name);
    }
    return true;
  }

  /** The VMI goes (the VM controller may start the next one); false when none is live. */
  deleteVmi(key: string): boolean {
    const vm = this.store.vms.get(key);
    if (!vm?.vmi || isFinal(vm.vmi.phase)) return false;
    this.stopVmi(vm, vm.vmi, 'VMI deleted');
    return true;
  }

  private reconcile(vm: VmRecord): void {
    const live = vm.vmi && !isFinal(vm.vmi.phase);
    if ((vm.strategy === 'Always' || vm.strategy === 'RerunOnFailure' || vm.strategy === 'Once') && !live && !vm.vmi) {
      this.clock.emit('vm', 'start', { by: `runStrategy ${vm.strategy}` });
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
      backoff = startBackoff(vm.failCount, this.clock.rand);
    } else if (vmi.everRunning) vm.failCount = 0;
    const gen = vm.startGen;
    this.clock.after(this.clock.timings.vmiRecreate, () => {
      if (vm.vmi === vmi) vm.vmi = undefined; // the controller removes the finished VMI
      if (!again || gen !== vm.startGen) return;
      const start = () => {
        if (gen !== vm.startGen || !this.store.vms.has(`${vm.model.namespace}/${vm.model.name}`)) return;
        vm.waitingUntil = undefined;
        vm.restarts++;
        this.clock.emit('vm', 'restart', { reason, count: vm.restarts });
        this.createVmi(vm);
      };
      if (backoff > 0 && !restartAnyway) {
        vm.waitingUntil = this.clock.now + backoff;
        this.clock.emit('vm', 'backoff', { seconds: backoff, failures: vm.failCount });
        this.clock.after(backoff, start);
      } else start();
    });
  }

  createVmi(vm: VmRecord): void {
    if (this.blocked(vm)) return;
    const wait = this.volumeWait(vm);
    if (wait.status) {
      if (vm.provisioning !== wait.status) this.clock.emit('vm', 'waiting-volumes', { status: wait.status });
      vm.provisioning = wait.status;
      return;
    }
    vm.provisioning = undefined;
    const vmi: VmiRecord = {
      uid: ++this.uid,
      name: vm.model.name,
      namespace: vm.model.namespace,
      phase: 'Pending',
      createdAt: this.clock.now,
      podTerminated: false,
      podReady: false,
      ready: false,
      everRunning: false,
      workers: [],
      guest: newGuest(),
    };
    vm.vmi = vmi;
    this.clock.emit('vmi', 'phase', { phase: 'Pending', vmi: vmi.uid });
    if (wait.missing) {
      // virt-controller keeps the VMI Pending until the claim appears
      vmi.startError = `PVC ${vm.model.namespace}/${wait.missing} does not exist, waiting for it to appear`;
      this.clock.emit('vmi', 'start-error', { message: vmi.startError });
      return;
    }
    if (vm.startErrors.length) {
      // admission of the launcher pod (or of the VMI) fails: virt-controller retries for ever
      vmi.startError = vm.startErrors.join('; ');
      this.clock.emit('vmi', 'start-error', { message: vmi.startError });
      return;
    }
    this.clock.after(this.clock.timings.podCreate, () => this.podScheduled(vm, vmi));
  }

  private podScheduled(vm: VmRecord, vmi: VmiRecord): void {
    if (!alive(vm, vmi)) return;
    vmi.node = NODES[intn(this.clock.rand, NODES.length)];
    vmi.ip = `10.244.${intn(this.clock.rand, 250) + 1}.${intn(this.clock.rand, 250) + 2}`;
    this.setPhase(vmi, 'Scheduling');
    this.probes.startWorkers(vm, vmi);
    const ud = vm.model.userData;
    if (ud && 'secretName' in ud && !this.store.secrets.has(`${vm.model.namespace}/${ud.secretName}`) && this.missingSecret === 'block') {
      vmi.startError = `MountVolume.SetUp failed for volume "cloudinitdisk": secret "${ud.secretName}" not found`;
      this.clock.emit('vmi', 'start-error', { message: vmi.startError });
      return;
    }
    this.clock.after(this.clock.timings.podStart, () => this.containerStarted(vm, vmi));
  }

  private containerStarted(vm: VmRecord, vmi: VmiRecord): void {
    if (!alive(vm, vmi)) return;
    vmi.container = { id: `containerd://${vmi.uid}-compute`, startedAt: this.clock.now, running: true, terminated: false };
    this.setPhase(vmi, 'Scheduled');
    this.updateReady(vm, vmi);
    // the container started: the kubelet syncs the pod and runs the readiness worker at once
    this.probes.podStatusSync(vmi);
    this.clock.after(this.clock.timings.domainStart, () => {
      if (!alive(vm, vmi)) return;
      vmi.everRunning = true;
      this.setPhase(vmi, 'Running');
      this.updateReady(vm, vmi);
      this.guest.bootGuest(vm, vmi, false);
      this.onRunning(vm, vmi);
    });
  }

  private setPhase(vmi: VmiRecord, phase: VmiPhase, reason?: string): void {
    vmi.phase = phase;
    this.clock.emit('vmi', 'phase', reason ? { phase, reason, vmi: vmi.uid } : { phase, vmi: vmi.uid });
  }

  /** The pod's readiness (all readiness results Success, container running) → VMI Ready → endpoints. */
  updateReady(vm: VmRecord, vmi: VmiRecord): void {
    const c = vmi.container;
    let podReady = !!c && c.running && !vmi.podTerminated;
    for (const w of vmi.workers) if (w.spec.kind === 'readiness' && w.stored !== 'success') podReady = false;
    vmi.podReady = podReady;
    const ready = podReady && vmi.phase === 'Running' && !vmi.stopping;
    if (ready === vmi.ready) return;
    vmi.ready = ready;
    this.clock.emit('vmi', 'condition', { condition: 'Ready', status: ready ? 'True' : 'False' });
    const services = this.store.servicesSelecting(vm);
    this.clock.emit('endpoints', ready ? 'added' : 'removed', { address: vmi.ip ?? '', ready, ...(services.length ? { services } : {}) });
  }

  finish(vm: VmRecord, vmi: VmiRecord, phase: 'Succeeded' | 'Failed', reason: string, restartAnyway = false): void {
    if (isFinal(vmi.phase) || vm.vmi !== vmi) return;
    vmi.podTerminated = true;
    if (vmi.container) vmi.container = { ...vmi.container, running: false, terminated: true };
    vmi.guest.boot++; // nothing scheduled in this guest runs any more
    vmi.guest.feederGen++;
    this.setPhase(vmi, phase, reason);
    this.updateReady(vm, vmi);
    this.onVmiFinal(vm, vmi, reason, restartAnyway);
  }

  /**
   * Graceful stop (virtctl stop/restart, deletion, a liveness kill's SIGTERM): virt-handler
   * shuts the guest down by ACPI; a guest that is off within the grace period ends Succeeded,
   * one that is not (hung, or a grace period shorter than its shutdown) is destroyed when the
   * period expires and, ACPI being on, ends Failed (virt-handler vm.go helperVmShutdown,
   * hasGracePeriodExpired and the phase of a ReasonDestroyed domain).
   */
  stopVmi(vm: VmRecord, vmi: VmiRecord, reason: string, restart = false, gracePeriod?: number): void {
    if (vmi.stopping) return;
    vmi.stopping = reason;
    this.updateReady(vm, vmi);
    if (vmi.phase !== 'Running') {
      this.clock.after(this.clock.timings.domainStop, () => this.finish(vm, vmi, 'Succeeded', reason, restart));
      return;
    }
    const grace = gracePeriod ?? vm.model.gracePeriod ?? DEFAULT_GRACE_PERIOD;
    this.clock.emit('vmi', 'graceful-shutdown', { reason, gracePeriod: grace });
    const off = this.clock.timings.gracefulStop;
    if (!vmi.guest.hung && off <= grace) {
      this.clock.after(off, () => this.finish(vm, vmi, 'Succeeded', reason, restart));
      return;
    }
    this.clock.after(grace, () => {
      if (!alive(vm, vmi)) return;
      this.clock.emit('vmi', 'destroyed', { reason: `the guest did not shut down within the grace period (${grace} s)` });
      this.finish(vm, vmi, 'Failed', reason, restart);
    });
  }
}
