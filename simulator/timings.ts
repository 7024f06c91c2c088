// The simulator's own durations (seconds). Upstream code does not fix them: they are what a
// cluster like the training cluster takes. Chosen so the probes lab's readiness task shows what
// the lab reports: READY still False at 2m32s and True after about 3 minutes (see
// tests/unit/simulator/lab.test.ts for the arithmetic). A scenario may override each one.
export interface Timings {
  /** VMI created → virt-launcher pod created and bound (VMI phase Scheduling; kubelet starts the probe workers). */
  podCreate: number;
  /** Pod bound → compute container started (image pull, volumes; VMI phase Scheduled). */
  podStart: number;
  /** Container started → domain running (VMI phase Running). */
  domainStart: number;
  /** Domain running → cloud-init runs bootcmd (kernel + early systemd). */
  bootcmdStart: number;
  /** Domain running → qemu-guest-agent answers (multi-user target). */
  agentStart: number;
  /** bootcmd done → cloud-final runs packages and runcmd. */
  finalStageDelay: number;
  /** One `dnf install` of packages not yet in the guest (mirror metadata + download). */
  packageInstall: number;
  /** `dnf install` when everything is already installed (a reboot in the same VMI). */
  packageInstalled: number;
  /** A listener command started → its port accepts connections. */
  listenerStart: number;
  /** A command nothing else models. */
  otherCommand: number;
  /** kubelet kills the compute container (liveness) → virt-launcher's SIGTERM handler has marked the graceful shutdown and virt-handler sends ACPI. */
  containerKill: number;
  /** Watchdog poweroff / guest shutdown → virt-handler reports the VMI final phase. */
  domainStop: number;
  /** VMI final → the VM controller has removed it and created the next one. */
  vmiRecreate: number;
  /** ACPI shutdown sent → a guest that honours it is off (VMI Succeeded); above the grace period it is destroyed instead. */
  gracefulStop: number;
  /** A claim created → bound by the provisioner (Immediate binding). */
  pvcBind: number;
  /** Importer / upload / clone pod created → running (image pull). */
  importerStart: number;
  /** An importer that cannot reach its source → exits with an error. */
  importerFail: number;
  /** Transfer rate of an import, clone or upload (MiB per second): the PROGRESS column's pace. */
  importRate: number;
  /** Size of an http/registry image (MiB), capped at the claim's size. */
  importSize: number;
  /** How often CDI reports progress (seconds). */
  progressInterval: number;
  /** Live migration: each phase step (target pod, sync) and the memory copy. */
  migrationStep: number;
  migrationTransfer: number;
}

export const defaultTimings: Timings = {
  podCreate: 1,
  podStart: 8,
  domainStart: 3,
  bootcmdStart: 15,
  agentStart: 30,
  finalStageDelay: 10,
  packageInstall: 45,
  packageInstalled: 3,
  listenerStart: 1,
  otherCommand: 0,
  containerKill: 2,
  domainStop: 1,
  vmiRecreate: 1,
  gracefulStop: 5,
  pvcBind: 2,
  importerStart: 6,
  importerFail: 3,
  importRate: 8,
  importSize: 120,
  progressInterval: 3,
  migrationStep: 2,
  migrationTransfer: 8,
};

export const timingNames = Object.keys(defaultTimings) as (keyof Timings)[];
