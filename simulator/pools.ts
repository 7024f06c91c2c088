// VirtualMachinePool, as KubeVirt's pool controller runs it (pkg/virt-controller/watch/pool/pool.go):
// it keeps spec.replicas (default 1) VirtualMachines from spec.virtualMachineTemplate, named
// `<pool>-<index>` with the lowest unused indexes (calculateNewVMNames), each VM's
// dataVolumeTemplates (and, with nameGeneration, its Secret / ConfigMap references) suffixed with
// the index (indexVMSpec), labelled with the revision `<pool>-<generation>`, owned by the pool and
// carrying its finalizer; each VM then starts its VMI per its running / runStrategy (the VM
// controller). Scale-in picks the VMs by spec.scaleInStrategy.proactive.selectionPolicy.sortPolicy:
// AscendingOrder, DescendingOrder, Newest, Oldest, and Random when none is set (upstream's default:
// the seeded PRNG here). status.replicas (VMs), readyReplicas (VMs whose VMI is Ready) and
// labelSelector. Deleting the pool deletes its VMs. Updates of VMs to a new template are not simulated.
import type { SimClock } from './clock.ts';
import type { VmController } from './controller.ts';
import { selectorString } from './label-selector.ts';
import type { ApiObjects, StoredObject } from './objects.ts';
import { intn } from './prng.ts';
import { ReplicaLoop } from './replica-loop.ts';
import type { ObjectStore } from './store.ts';
import { isObj, type Obj } from '../validators/raw.ts';

const KIND = 'VirtualMachinePool';
export const POOL_FINALIZER = 'pool.kubevirt.io/finalizer';
export const POOL_REVISION_LABEL = 'kubevirt.io/vm-pool-revision-name';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const indexOf = (name: string): number => {
  const n = Number(name.slice(name.lastIndexOf('-') + 1));
  return Number.isInteger(n) ? n : 0;
};

/** indexVMSpec: the template's VM spec for index i. */
export function indexVmSpec(poolSpec: Obj, i: number): Obj {
  const vmt = isObj(poolSpec.virtualMachineTemplate) ? poolSpec.virtualMachineTemplate : {};
  const spec: Obj = clone(isObj(vmt.spec) ? vmt.spec : {});
  const dvNames = new Map<string, string>();
  for (const t of Array.isArray(spec.dataVolumeTemplates) ? spec.dataVolumeTemplates.filter(isObj) : []) {
    const m = isObj(t.metadata) ? t.metadata : {};
    if (typeof m.name !== 'string') continue;
    dvNames.set(m.name, `${m.name}-${i}`);
    m.name = `${m.name}-${i}`;
  }
  const gen = isObj(poolSpec.nameGeneration) ? poolSpec.nameGeneration : {};
  const tpl = isObj(spec.template) ? spec.template : {};
  const tspec = isObj(tpl.spec) ? tpl.spec : {};
  for (const v of Array.isArray(tspec.volumes) ? tspec.volumes.filter(isObj) : []) {
    if (isObj(v.persistentVolumeClaim) && dvNames.has(String(v.persistentVolumeClaim.claimName))) v.persistentVolumeClaim.claimName = dvNames.get(String(v.persistentVolumeClaim.claimName));
    else if (isObj(v.dataVolume) && dvNames.has(String(v.dataVolume.name))) v.dataVolume.name = dvNames.get(String(v.dataVolume.name));
    else if (isObj(v.configMap) && gen.appendIndexToConfigMapRefs === true) v.configMap.name = `${v.configMap.name}-${i}`;
    else if (isObj(v.secret) && gen.appendIndexToSecretRefs === true) v.secret.secretName = `${v.secret.secretName}-${i}`;
    else if (gen.appendIndexToSecretRefs === true) {
      for (const src of [v.cloudInitNoCloud, v.cloudInitConfigDrive]) {
        if (!isObj(src)) continue;
        for (const ref of ['userDataSecretRef', 'networkDataSecretRef', 'secretRef']) if (isObj(src[ref])) (src[ref] as Obj).name = `${(src[ref] as Obj).name}-${i}`;
      }
    }
  }
  return spec;
}

export class PoolController {
  constructor(private readonly clock: SimClock, private readonly api: ApiObjects, private readonly store: ObjectStore, private readonly vms: VmController) {
    const loop = new ReplicaLoop(clock, api, KIND, {
      sync: (pool) => this.sync(pool),
      deleted: (pool) => {
        for (const vm of this.owned(pool)) this.deleteVm(vm);
      },
      // while a pool exists, a VMI's change (readiness) resyncs the pools' status
      following: () => this.api.list(KIND).length > 0,
    });
    // a deleted VM of a pool: the pool makes it again
    api.watch((type, o) => {
      if (o.kind === 'VirtualMachine' && type === 'DELETED' && this.ownerOf(o)) loop.queue();
    });
  }

  private ownerOf(vm: StoredObject): Obj | undefined {
    const refs = isObj(vm.obj.metadata) && Array.isArray(vm.obj.metadata.ownerReferences) ? vm.obj.metadata.ownerReferences.filter(isObj) : [];
    return refs.find((r) => r.kind === KIND);
  }

  private owned(pool: StoredObject): StoredObject[] {
    return this.api.list('VirtualMachine', pool.namespace).filter((v) => this.ownerOf(v)?.uid === pool.uid);
  }

  private sync(pool: StoredObject): void {
    const spec = isObj(pool.obj.spec) ? pool.obj.spec : {};
    const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
    let vms = this.owned(pool);
    if (!spec.paused) {
      const diff = vms.length - want;
      if (diff < 0) for (const name of this.newNames(pool, -diff)) this.createVm(pool, name);
      else if (diff > 0) for (const vm of this.scaleInOrder(spec, vms).slice(0, diff)) this.deleteVm(vm, pool);
      vms = this.owned(pool);
    }
    const ready = vms.filter((v) => this.store.vm(v.namespace, v.name)?.vmi?.ready).length;
    this.api.setStatus(KIND, pool.namespace, pool.name, { ...(isObj(pool.obj.status) ? pool.obj.status : {}), replicas: vms.length, readyReplicas: ready, labelSelector: selectorString(spec.selector) });
  }

  /** calculateNewVMNames: the lowest indexes no VM of that name uses. */
  private newNames(pool: StoredObject, count: number): string[] {
    const out: string[] = [];
    for (let i = 0; out.length < count; i++) {
      const name = `${pool.name}-${i}`;
      if (!this.api.get('VirtualMachine', pool.namespace, name) && !this.store.vm(pool.namespace, name)) out.push(name);
    }
    return out;
  }

  private scaleInOrder(spec: Obj, vms: StoredObject[]): StoredObject[] {
    const sis = isObj(spec.scaleInStrategy) ? spec.scaleInStrategy : {};
    const pro = isObj(sis.proactive) ? sis.proactive : {};
    const sel = isObj(pro.selectionPolicy) ? pro.selectionPolicy : {};
    const list = [...vms];
    switch (sel.sortPolicy) {
      case 'AscendingOrder':
        return list.sort((a, b) => indexOf(a.name) - indexOf(b.name));
      case 'DescendingOrder':
        return list.sort((a, b) => indexOf(b.name) - indexOf(a.name));
      case 'Newest':
        return list.sort((a, b) => b.createdAt - a.createdAt);
      case 'Oldest':
        return list.sort((a, b) => a.createdAt - b.createdAt);
      default:
        // Random (the default): a shuffle with the seeded PRNG
        for (let i = list.length - 1; i > 0; i--) {
          const j = intn(this.clock.rand, i + 1);
          [list[i], list[j]] = [list[j]!, list[i]!];
        }
        return list;
    }
  }

  private createVm(pool: StoredObject, name: string): void {
    const spec = isObj(pool.obj.spec) ? pool.obj.spec : {};
    const vmt = isObj(spec.virtualMachineTemplate) ? spec.virtualMachineTemplate : {};
    const tmeta = isObj(vmt.metadata) ? vmt.metadata : {};
    const revision = `${pool.name}-${Number((pool.obj.metadata as Obj).generation ?? 1)}`;
    const vmSpec = indexVmSpec(spec, indexOf(name));
    const tpl = isObj(vmSpec.template) ? vmSpec.template : (vmSpec.template = {});
    const tplMeta = isObj(tpl.metadata) ? tpl.metadata : (tpl.metadata = {});
    tplMeta.labels = { ...(isObj(tplMeta.labels) ? tplMeta.labels : {}), [POOL_REVISION_LABEL]: revision };
    const obj: Obj = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: {
        name,
        namespace: pool.namespace,
        labels: { ...(isObj(tmeta.labels) ? tmeta.labels : {}), [POOL_REVISION_LABEL]: revision },
        ...(isObj(tmeta.annotations) ? { annotations: { ...tmeta.annotations } } : {}),
        finalizers: [POOL_FINALIZER],
        ownerReferences: [{ apiVersion: pool.obj.apiVersion, kind: KIND, name: pool.name, uid: pool.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: vmSpec,
    };
    this.api.put(obj);
    this.vms.applyVm(`${pool.namespace}/${name}`, obj, pool.namespace, name, {});
    this.api.events.record({ type: 'Normal', reason: 'SuccessfulCreate', involved: { kind: KIND, namespace: pool.namespace, name: pool.name, uid: pool.uid }, message: `Created VM ${pool.namespace}/${name}`, source: 'virtualmachinepool-controller' });
  }

  private deleteVm(vm: StoredObject, pool?: StoredObject): void {
    this.api.delete('VirtualMachine', vm.namespace, vm.name);
    this.vms.deleteVm(`${vm.namespace}/${vm.name}`);
    if (pool) this.api.events.record({ type: 'Normal', reason: 'SuccessfulDelete', involved: { kind: KIND, namespace: pool.namespace, name: pool.name, uid: pool.uid }, message: `Deleted VM ${vm.namespace}/${vm.name} with uid ${vm.uid} from pool`, source: 'virtualmachinepool-controller' });
  }
}
