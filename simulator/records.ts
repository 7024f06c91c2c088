// The cluster's records, shared by its parts: a VM and its current VMI (with the virt-launcher
// pod's state and the guest inside), the rows `kubectl get` shows, and the lifecycle calls the
// prober and the guest make back into the VM controller.
import type { GuestPlan } from './guest-commands.ts';
import type { ContainerView, ProbeWorker } from './prober.ts';
import type { RunStrategy, VmiPhase } from './types.ts';
import type { VmModel } from './vm-model.ts';

/** A hotplugged volume as the VMI's status.volumeStatus shows it (hotplug.ts). */
export interface HotplugVolume {
  name: string;
  claim: string;
  bus: 'scsi' | 'virtio';
  serial?: string;
  phase: 'Bound' | 'AttachedToNode' | 'MountedToPod' | 'Ready' | 'Detaching';
  reason: string;
  message: string;
  /** The guest's device once it is attached (sda, sdb … on SCSI; vdc … on virtio). */
  target?: string;
  attachPod: string;
  /** Size the guest sees (the claim's capacity). */
  size: string;
}

/** status.migrationState of a VMI (migration.ts). */
export interface MigrationState {
  migrationUid: string;
  sourceNode: string;
  sourcePod: string;
  targetNode: string;
  targetPod: string;
  targetNodeAddress?: string;
  mode: 'PreCopy';
  startTimestamp?: number;
  endTimestamp?: number;
  completed: boolean;
  failed: boolean;
}

export interface Listener {
  port: number;
  keepOpen: boolean;
  http: number | 'dir' | undefined;
}

export interface Guest {
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
  /** The virt-launcher pod's name when it differs from the first one (after a migration). */
  podName?: string;
  /** A migration in flight (migration.ts). */
  migration?: MigrationState;
  /** The last finished migration, as status.migrationState shows it. */
  migrationState?: MigrationState;
  /** Hotplugged volumes as status.volumeStatus shows them (hotplug.ts). */
  hotplug?: HotplugVolume[];
  /** virtctl pause: the domain is paused (VMI condition Paused). */
  paused?: boolean;
  /** The guest keeps its vCPUs busy (dd, stress; hpa.ts's simulated CPU). */
  cpuLoad?: boolean;
}

export interface VmRecord {
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
  /** Volumes added with virtctl addvolume (kept for the next VMI). */
  hotplugged?: HotplugVolume[];
  /** The VM waits for its volumes before the VMI is created (its printable status says which). */
  provisioning?: 'Provisioning' | 'WaitingForVolumeBinding';
  /**
   * A VMI without a VirtualMachine, created by a controller (a VirtualMachineInstanceReplicaSet,
   * replicasets.ts): `kubectl get vm` does not list it, and nothing restarts its VMI.
   */
  owner?: { kind: string; name: string; uid: string };
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

/** What the prober and the guest ask of the VM controller. */
export interface Lifecycle {
  /** The VMI ends (the pod terminates); the controller decides what comes next. */
  finish(vm: VmRecord, vmi: VmiRecord, phase: 'Succeeded' | 'Failed', reason: string, restartAnyway?: boolean): void;
  /**
   * Stop the VMI gracefully (ACPI); a guest that does not shut down within the grace period is
   * destroyed (Failed). `gracePeriod` overrides the VMI's terminationGracePeriodSeconds.
   */
  stopVmi(vm: VmRecord, vmi: VmiRecord, reason: string, restart?: boolean, gracePeriod?: number): void;
  /** Readiness may have changed: recompute the pod's and the VMI's Ready, tell the endpoints. */
  updateReady(vm: VmRecord, vmi: VmiRecord): void;
}

export function isFinal(p: VmiPhase): boolean {
  return p === 'Succeeded' || p === 'Failed';
}

/** The VMI is the VM's current one and has not ended. */
export function alive(vm: VmRecord, vmi: VmiRecord): boolean {
  return vm.vmi === vmi && !isFinal(vmi.phase);
}
