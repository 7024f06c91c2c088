// The scaling controllers beside the VM controller: VirtualMachineInstanceReplicaSets
// (replicasets.ts), VirtualMachinePools (pools.ts) and the HorizontalPodAutoscaler (hpa.ts). SimCluster starts them with one call, so the cluster file keeps one line.
import type { SimClock } from './clock.ts';
import type { VmController } from './controller.ts';
import type { ApiObjects } from './objects.ts';
import { HpaController } from './hpa.ts';
import { PoolController } from './pools.ts';
import type { VmiRecord } from './records.ts';
import { ReplicaSetController } from './replicasets.ts';
import type { ObjectStore } from './store.ts';

export function scalingControllers(clock: SimClock, api: ApiObjects, store: ObjectStore, vms: VmController): void {
  new ReplicaSetController(clock, api, store, vms);
  new PoolController(clock, api, store, vms);
  new HpaController(clock, api, store);
}

/** A guest step of the simulated CPU (`cpu-load`, `cpu-idle`); false for any other step. */
export function cpuStep(vmi: VmiRecord | undefined, step: { action: string }): boolean {
  if (step.action !== 'cpu-load' && step.action !== 'cpu-idle') return false;
  if (vmi && vmi.phase === 'Running') vmi.cpuLoad = step.action === 'cpu-load';
  return true;
}
