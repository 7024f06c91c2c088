// Deployments as the apps controllers run them, simply: a Deployment owns one ReplicaSet per pod
// template (`<name>-<10-char hash>`), the ReplicaSet keeps spec.replicas pods (`<rs>-<5-char
// hash>`), each pod is scheduled on a node, creates its containers and runs (ready after a few
// seconds); scaling adds or removes pods, deleting the Deployment removes its ReplicaSet and pods.
// Events as the controllers and the kubelet record them (ScalingReplicaSet, SuccessfulCreate,
// Scheduled, Pulled, Created, Started). Rolling updates between templates are not simulated: a new
// template replaces the old ReplicaSet at once.
import type { SimClock } from './clock.ts';
import { NODE_NAMES } from './nodes.ts';
import type { ApiObjects, StoredObject } from './objects.ts';
import { isObj, type Obj } from '../validators/raw.ts';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function hash(text: string, len: number): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < len; i++) {
    h = Math.imul(h ^ (h >>> 13), 2654435761) >>> 0;
    out += ALPHABET[h % ALPHABET.length];
  }
  return out;
}

export class DeploymentController {
  private readonly seen = new Map<string, number>();
  private seq = 0;

  constructor(private readonly clock: SimClock, private readonly api: ApiObjects) {
    api.control('Deployment', 'ReplicaSet');
    api.watch((type, o) => {
      if (o.kind !== 'Deployment') return;
      const key = `${o.namespace}/${o.name}`;
      if (type === 'DELETED') {
        this.seen.delete(key);
        for (const rs of this.api.list('ReplicaSet', o.namespace).filter((r) => r.name.startsWith(`${o.name}-`))) this.removeRs(rs);
        return;
      }
      const gen = Number((o.obj.metadata as Obj).generation ?? 1);
      if (this.seen.get(key) === gen) return; // a status write
      this.seen.set(key, gen);
      this.reconcile(o);
    });
  }

  private reconcile(d: StoredObject): void {
    const spec = isObj(d.obj.spec) ? d.obj.spec : {};
    const tpl = isObj(spec.template) ? spec.template : {};
    const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const rsName = `${d.name}-${hash(JSON.stringify(tpl), 10)}`;
    for (const old of this.api.list('ReplicaSet', d.namespace).filter((r) => r.name.startsWith(`${d.name}-`) && r.name !== rsName)) this.removeRs(old);
    const labels = isObj(tpl.metadata) && isObj(tpl.metadata.labels) ? (tpl.metadata.labels as Record<string, string>) : {};
    let rs = this.api.get('ReplicaSet', d.namespace, rsName);
    const before = rs && isObj(rs.obj.spec) ? Number(rs.obj.spec.replicas ?? 0) : 0;
    rs = this.api.put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rsName, namespace: d.namespace, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.name, uid: d.uid, controller: true, blockOwnerDeletion: true }] }, spec: { replicas: want, selector: spec.selector, template: tpl } }).stored;
    if (before !== want) this.api.events.record({ type: 'Normal', reason: 'ScalingReplicaSet', involved: { kind: 'Deployment', namespace: d.namespace, name: d.name }, message: `Scaled ${want > before ? 'up' : 'down'} replica set ${rsName} from ${before} to ${want}`, source: 'deployment-controller' });
    const pods = this.pods(rs);
    for (let i = pods.length; i < want; i++) this.createPod(rs, tpl, labels);
    for (const p of pods.slice(want)) {
      this.api.delete('Pod', p.namespace, p.name);
      this.api.events.record({ type: 'Normal', reason: 'SuccessfulDelete', involved: { kind: 'ReplicaSet', namespace: rs.namespace, name: rs.name }, message: `Deleted pod: ${p.name}`, source: 'replicaset-controller' });
    }
    this.status(d.namespace, d.name);
  }

  private pods(rs: StoredObject): StoredObject[] {
    return this.api.list('Pod', rs.namespace).filter((p) => p.name.startsWith(`${rs.name}-`) && p.name.length === rs.name.length + 6);
  }

  private createPod(rs: StoredObject, tpl: Obj, labels: Record<string, string>): void {
    const name = `${rs.name}-${hash(`${rs.name}/${++this.seq}`, 5)}`;
    const node = NODE_NAMES[this.seq % NODE_NAMES.length]!;
    const tspec = isObj(tpl.spec) ? tpl.spec : {};
    const containers = (Array.isArray(tspec.containers) ? tspec.containers : []).filter(isObj);
    const ns = rs.namespace;
    this.api.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.name, uid: rs.uid, controller: true, blockOwnerDeletion: true }] }, spec: { ...tspec, nodeName: node } });
    this.api.setStatus('Pod', ns, name, { phase: 'Pending', containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } })) });
    const rec = (reason: string, message: string, source = 'kubelet') => this.api.events.record({ type: 'Normal', reason, involved: { kind: 'Pod', namespace: ns, name }, message, source, ...(source === 'kubelet' ? { host: node } : {}) });
    this.api.events.record({ type: 'Normal', reason: 'SuccessfulCreate', involved: { kind: 'ReplicaSet', namespace: ns, name: rs.name }, message: `Created pod: ${name}`, source: 'replicaset-controller' });
    rec('Scheduled', `Successfully assigned ${ns}/${name} to ${node}`, 'default-scheduler');
    this.clock.after(3, () => {
      if (!this.api.get('Pod', ns, name)) return;
      for (const c of containers) {
        rec('Pulled', `Container image "${c.image}" already present on machine`);
        rec('Created', `Created container: ${c.name}`);
        rec('Started', `Started container ${c.name}`);
      }
      this.api.setStatus('Pod', ns, name, { phase: 'Running', podIP: `10.244.${NODE_NAMES.indexOf(node) + 1}.${(this.seq % 200) + 20}`, containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: true, restartCount: 0, started: true, state: { running: { startedAt: this.clock.now } } })) });
      const owner = rs.name.slice(0, rs.name.lastIndexOf('-'));
      this.status(ns, owner);
    });
  }

  private removeRs(rs: StoredObject): void {
    for (const p of this.pods(rs)) this.api.delete('Pod', p.namespace, p.name);
    this.api.delete('ReplicaSet', rs.namespace, rs.name);
  }

  /** The Deployment's and its ReplicaSet's status from their pods. */
  private status(ns: string, name: string): void {
    const d = this.api.get('Deployment', ns, name);
    if (!d) return;
    const rs = this.api.list('ReplicaSet', ns).find((r) => r.name.startsWith(`${name}-`));
    const pods = rs ? this.pods(rs) : [];
    const ready = pods.filter((p) => isObj(p.obj.status) && p.obj.status.phase === 'Running').length;
    if (rs) this.api.setStatus('ReplicaSet', ns, rs.name, { replicas: pods.length, readyReplicas: ready, availableReplicas: ready, fullyLabeledReplicas: pods.length, observedGeneration: 1 });
    const want = isObj(d.obj.spec) && typeof d.obj.spec.replicas === 'number' ? d.obj.spec.replicas : 1;
    this.api.setStatus('Deployment', ns, name, {
      observedGeneration: Number((d.obj.metadata as Obj).generation ?? 1),
      replicas: pods.length,
      updatedReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [{ type: 'Available', status: ready >= want ? 'True' : 'False', reason: ready >= want ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable' }],
    });
  }
}
