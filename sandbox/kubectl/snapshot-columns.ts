// The snapshot.kubevirt.io CRDs' additionalPrinterColumns (KubeVirt v1.9.0
// pkg/virt-operator/resource/generate/components/crds.go). The API server's CRD table convertor
// prints a `date` column as the age of the time, a missing value as an empty cell, and a boolean
// as true/false.
import { humanDuration } from '../format.ts';
import { isObj, type Obj } from '../../validators/raw.ts';

/** printers.ts Column (kept apart so this file and printers.ts do not import each other). */
type Column = { h: string; fn: (o: Obj, age: string, now: number) => string };

const at = (o: Obj, path: string[]): unknown => path.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);
const text = (...path: string[]) => (o: Obj) => {
  const v = at(o, path);
  return v === undefined || v === null ? '' : String(v);
};
/** A `date` column: the simulator's time (simulated seconds) as an age from now. */
const date = (...path: string[]) => (o: Obj, _age: string, now: number) => {
  const v = at(o, path);
  return typeof v === 'number' ? humanDuration(now - v) : '';
};

export const SNAPSHOT_COLUMNS: Record<string, Column[]> = {
  // external-snapshotter's VolumeSnapshot CRD (client/config/crd/snapshot.storage.k8s.io_volumesnapshots.yaml)
  VolumeSnapshot: [
    { h: 'READYTOUSE', fn: text('status', 'readyToUse') },
    { h: 'SOURCEPVC', fn: text('spec', 'source', 'persistentVolumeClaimName') },
    { h: 'SOURCESNAPSHOTCONTENT', fn: text('spec', 'source', 'volumeSnapshotContentName') },
    { h: 'RESTORESIZE', fn: text('status', 'restoreSize') },
    { h: 'SNAPSHOTCLASS', fn: text('spec', 'volumeSnapshotClassName') },
    { h: 'SNAPSHOTCONTENT', fn: text('status', 'boundVolumeSnapshotContentName') },
    { h: 'CREATIONTIME', fn: date('status', 'creationTime') },
    { h: 'AGE', fn: (_o, age) => age },
  ],
  VirtualMachineSnapshot: [
    { h: 'SOURCEKIND', fn: text('spec', 'source', 'kind') },
    { h: 'SOURCENAME', fn: text('spec', 'source', 'name') },
    { h: 'PHASE', fn: text('status', 'phase') },
    { h: 'READYTOUSE', fn: text('status', 'readyToUse') },
    { h: 'CREATIONTIME', fn: date('status', 'creationTime') },
    { h: 'ERROR', fn: text('status', 'error', 'message') },
  ],
  VirtualMachineSnapshotContent: [
    { h: 'READYTOUSE', fn: text('status', 'readyToUse') },
    { h: 'CREATIONTIME', fn: date('status', 'creationTime') },
    { h: 'ERROR', fn: text('status', 'error', 'message') },
  ],
  VirtualMachineRestore: [
    { h: 'TARGETKIND', fn: text('spec', 'target', 'kind') },
    { h: 'TARGETNAME', fn: text('spec', 'target', 'name') },
    { h: 'COMPLETE', fn: text('status', 'complete') },
    { h: 'RESTORETIME', fn: date('status', 'restoreTime') },
  ],
};
