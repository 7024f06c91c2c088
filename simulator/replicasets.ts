// VirtualMachineInstanceReplicaSet, as KubeVirt's replicaset controller runs it
// (pkg/virt-controller/watch/replicaset/replicaset.go): it keeps spec.replicas (default 1) active
// VMIs from spec.template, each named by the API server from generateName = the template's name,
// else its generateName, else the replica set's name (no dash) + 5 random characters; it deletes
// the excess from the start of its list, removes finished VMIs (and so replaces them), does nothing
// while paused or when the selector does not select the template's labels, and writes
// status.replicas (active VMIs), readyReplicas (active and Ready) and labelSelector. Deleting the
// replica set deletes its VMIs (garbage collection of owned objects). Events as it records them.
import type { SimClock } from './clock.ts';
import type { VmController } from './controller.ts';
import { labelsOf, selectorString, selects } from './label-selector.ts';
import type { ApiObjects, StoredObject } from './objects.ts';
import { intn } from './prng.ts';
import { isFinal, type VmRecord } from './records.ts';
import { ReplicaLoop } from './replica-loop.ts';
import type { ObjectStore } from './store.ts';
import { isObj, type Obj } from '../validators/raw.ts';

const KIND = 'VirtualMachineInstanceReplicaSet';
/** k8s.io/apimachinery util/rand's alphabet (no vowels, no confusable digits): generateName's suffix. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class ReplicaSetController {
  constructor(private readonly clock: SimClock, private readonly api: ApiObjects, private readonly store: ObjectStore, private readonly vms: VmController) {
    new ReplicaLoop(clock, api, KIND, {
      sync: (rs) => this.sync(rs),
      // garbage collection: the VMIs it owns are deleted (gracefully)
      deleted: (rs) => {
        for (const vm of this.owned(rs.uid)) this.vms.deleteVmi(`${vm.model.namespace}/${vm.model.name}`);
      },
      // while a replica set or one of its VMIs exists, a VMI's change resyncs them
      following: () => this.api.list(KIND).length > 0 || [...this.store.vms.values()].some((v) => v.owner?.kind === KIND),
      beforeResync: () => this.removeOrphans(),
    });
  }

  /** The VMI records a replica set owns, in the order they were created. */
  private owned(uid: string): VmRecord[] {
    return [...this.store.vms.values()].filter((v) => v.owner?.kind === KIND && v.owner.uid === uid);
  }

  /** VMIs whose replica set is gone are removed once they finished. */
  private removeOrphans(): void {
    const live = new Set(this.api.list(KIND).map((r) => r.uid));
    for (const [key, vm] of this.store.vms) if (vm.owner?.kind === KIND && !live.has(vm.owner.uid) && (!vm.vmi || isFinal(vm.vmi.phase))) this.store.vms.delete(key);
  }

  private sync(rs: StoredObject): void {
    const spec = isObj(rs.obj.spec) ? rs.obj.spec : {};
    const tpl = isObj(spec.template) ? spec.template : {};
    const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const mine = this.owned(rs.uid);
    const active = mine.filter((v) => v.vmi && !isFinal(v.vmi.phase) && !v.vmi.stopping);
    const finished = mine.filter((v) => !v.vmi || isFinal(v.vmi.phase));
    // "Selector does not match template labels, will not re-enqueue."
    const valid = selects(spec.selector, labelsOf(tpl));
    if (valid && !spec.paused) {
      const diff = active.length - want;
      if (diff > 0) for (const v of active.splice(0, diff)) this.deleteVmi(rs, v);
      else for (let i = 0; i < -diff; i++) active.push(this.createVmi(rs, tpl));
      // cleanFinishedVmis: a finished VMI is deleted (the next sync replaces it)
      for (const v of finished) this.store.vms.delete(`${v.model.namespace}/${v.model.name}`);
    }
    const ready = active.filter((v) => v.vmi?.ready).length;
    this.api.setStatus(KIND, rs.namespace, rs.name, { ...(isObj(rs.obj.status) ? rs.obj.status : {}), replicas: active.length, readyReplicas: ready, labelSelector: selectorString(spec.selector) });
  }

  private createVmi(rs: StoredObject, tpl: Obj): VmRecord {
    const tmeta = isObj(tpl.metadata) ? tpl.metadata : {};
    const base = typeof tmeta.name === 'string' && tmeta.name ? tmeta.name : typeof tmeta.generateName === 'string' && tmeta.generateName ? tmeta.generateName : rs.name;
    let name: string;
    do {
      name = base;
      for (let i = 0; i < 5; i++) name += ALPHABET[intn(this.clock.rand, ALPHABET.length)];
    } while (this.store.vms.has(`${rs.namespace}/${name}`));
    const key = `${rs.namespace}/${name}`;
    // the VM controller's VMI life (pod, probes, guest) for a VMI no VM owns: started once, never restarted
    this.vms.applyVm(key, { kind: 'VirtualMachine', metadata: { name, namespace: rs.namespace }, spec: { runStrategy: 'Once', template: tpl } }, rs.namespace, name, {});
    const rec = this.store.vms.get(key)!;
    rec.owner = { kind: KIND, name: rs.name, uid: rs.uid };
    this.api.events.record({ type: 'Normal', reason: 'SuccessfulCreate', involved: { kind: KIND, namespace: rs.namespace, name: rs.name, uid: rs.uid }, message: `Started the virtual machine by creating the new virtual machine instance ${name}`, source: 'virtualmachinereplicaset-controller' });
    return rec;
  }

  private deleteVmi(rs: StoredObject, v: VmRecord): void {
    const uid = `${rs.uid.slice(0, 9)}vmi-${v.vmi?.uid ?? 0}`;
    this.vms.deleteVmi(`${v.model.namespace}/${v.model.name}`);
    this.api.events.record({ type: 'Normal', reason: 'SuccessfulDelete', involved: { kind: KIND, namespace: rs.namespace, name: rs.name, uid: rs.uid }, message: `Stopped the virtual machine by deleting the virtual machine instance ${uid}`, source: 'virtualmachinereplicaset-controller' });
  }
}
