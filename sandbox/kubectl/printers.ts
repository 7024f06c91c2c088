// Table columns of the kinds kept in the generic store, as kubectl v1.32 prints them: the built-in
// printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go) for core and apps kinds,
// the CRDs' additionalPrinterColumns for KubeVirt and CDI kinds. A kind with neither prints
// NAME and AGE, as kubectl does for a CRD without columns.
import { humanDuration } from '../format.ts';
import type { ClusterEvent, StoredObject } from '../../simulator/objects.ts';
import { isObj, type Obj } from '../../validators/raw.ts';
import { evalPath, parseTemplate, printValue } from './jsonpath.ts';
import { SNAPSHOT_COLUMNS } from './snapshot-columns.ts';

export interface Column {
  h: string;
  /** A JSONPath into the object (CRD columns), or a function (built-in printers). */
  path?: string;
  fn?: (o: Obj, age: string, now: number) => string;
  /** Shown with -o wide only. */
  wide?: boolean;
}

/** `{.a.b}` evaluated on the object; several values joined by ',', none → <none>. */
export function jsonCell(o: Obj, path: string): string {
  const node = parseTemplate(path.startsWith('{') ? path : `{${path}}`)[0];
  if (!node || node.t !== 'path') return '<none>';
  const vals = evalPath(node.steps, o).filter((v) => v !== undefined && v !== null);
  return vals.length ? vals.map(printValue).join(',') : '<none>';
}

const st = (o: Obj): Obj => (isObj(o.status) ? o.status : {});
const sp = (o: Obj): Obj => (isObj(o.spec) ? o.spec : {});
const num = (v: unknown) => String(typeof v === 'number' ? v : 0);
const ageCol: Column = { h: 'AGE', fn: (_o, age) => age };

function accessModes(modes: unknown): string {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
  return Array.isArray(modes) ? modes.map((m) => short[String(m)] ?? String(m)).join(',') : '';
}

function podCells(o: Obj): { ready: string; status: string; restarts: string } {
  const cs = Array.isArray(st(o).containerStatuses) ? (st(o).containerStatuses as Obj[]) : [];
  const containers = Array.isArray(sp(o).containers) ? (sp(o).containers as unknown[]).length : cs.length;
  const ready = cs.filter((c) => c.ready === true).length;
  const restarts = cs.reduce((n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0);
  let status = String(st(o).phase ?? 'Pending');
  for (const c of cs) {
    const state = isObj(c.state) ? c.state : {};
    if (isObj(state.waiting) && state.waiting.reason) status = String(state.waiting.reason);
    else if (isObj(state.terminated) && state.terminated.reason && status !== 'Running') status = String(state.terminated.reason);
  }
  if (isObj(o.metadata) && o.metadata.deletionTimestamp) status = 'Terminating';
  return { ready: `${ready}/${containers}`, status, restarts: String(restarts) };
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    { h: 'READY', fn: (o) => podCells(o).ready },
    { h: 'STATUS', fn: (o) => podCells(o).status },
    { h: 'RESTARTS', fn: (o) => podCells(o).restarts },
    ageCol,
    { h: 'IP', path: '.status.podIP', wide: true },
    { h: 'NODE', path: '.spec.nodeName', wide: true },
    { h: 'NOMINATED NODE', fn: () => '<none>', wide: true },
    { h: 'READINESS GATES', fn: () => '<none>', wide: true },
  ],
  Node: [
    { h: 'STATUS', fn: (o) => (Array.isArray(st(o).conditions) && (st(o).conditions as Obj[]).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Ready' : 'NotReady') + (sp(o).unschedulable ? ',SchedulingDisabled' : '') },
    { h: 'ROLES', fn: (o) => Object.keys(isObj(o.metadata) && isObj(o.metadata.labels) ? o.metadata.labels : {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).sort().join(',') || '<none>' },
    ageCol,
    { h: 'VERSION', path: '.status.nodeInfo.kubeletVersion' },
    { h: 'INTERNAL-IP', path: '.status.addresses[?(@.type=="InternalIP")].address', wide: true },
    { h: 'EXTERNAL-IP', path: '.status.addresses[?(@.type=="ExternalIP")].address', wide: true },
    { h: 'OS-IMAGE', path: '.status.nodeInfo.osImage', wide: true },
    { h: 'KERNEL-VERSION', path: '.status.nodeInfo.kernelVersion', wide: true },
    { h: 'CONTAINER-RUNTIME', path: '.status.nodeInfo.containerRuntimeVersion', wide: true },
  ],
  Namespace: [{ h: 'STATUS', fn: (o) => String(st(o).phase ?? 'Active') }, ageCol],
  PersistentVolumeClaim: [
    { h: 'STATUS', fn: (o) => String(st(o).phase ?? 'Pending') },
    { h: 'VOLUME', fn: (o) => String(sp(o).volumeName ?? '') },
    { h: 'CAPACITY', fn: (o) => (isObj(st(o).capacity) ? String((st(o).capacity as Obj).storage ?? '') : '') },
    { h: 'ACCESS MODES', fn: (o) => accessModes(st(o).accessModes) },
    { h: 'STORAGECLASS', fn: (o) => String(sp(o).storageClassName ?? '<unset>') },
    { h: 'VOLUMEATTRIBUTESCLASS', fn: (o) => String(sp(o).volumeAttributesClassName ?? '<unset>') },
    ageCol,
    { h: 'VOLUMEMODE', fn: (o) => String(sp(o).volumeMode ?? 'Filesystem'), wide: true },
  ],
  Deployment: [
    { h: 'READY', fn: (o) => `${num(st(o).readyReplicas)}/${num(sp(o).replicas ?? 1)}` },
    { h: 'UP-TO-DATE', fn: (o) => num(st(o).updatedReplicas) },
    { h: 'AVAILABLE', fn: (o) => num(st(o).availableReplicas) },
    ageCol,
    { h: 'CONTAINERS', path: '.spec.template.spec.containers[*].name', wide: true },
    { h: 'IMAGES', path: '.spec.template.spec.containers[*].image', wide: true },
    { h: 'SELECTOR', fn: (o) => Object.entries(isObj(sp(o).selector) && isObj((sp(o).selector as Obj).matchLabels) ? ((sp(o).selector as Obj).matchLabels as Obj) : {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>', wide: true },
  ],
  ReplicaSet: [
    { h: 'DESIRED', fn: (o) => num(sp(o).replicas ?? 1) },
    { h: 'CURRENT', fn: (o) => num(st(o).replicas) },
    { h: 'READY', fn: (o) => num(st(o).readyReplicas) },
    ageCol,
  ],
  HorizontalPodAutoscaler: [
    { h: 'REFERENCE', fn: (o) => (isObj(sp(o).scaleTargetRef) ? `${(sp(o).scaleTargetRef as Obj).kind}/${(sp(o).scaleTargetRef as Obj).name}` : '') },
    { h: 'TARGETS', fn: (o) => hpaTargets(o) },
    { h: 'MINPODS', fn: (o) => num(sp(o).minReplicas ?? 1) },
    { h: 'MAXPODS', fn: (o) => num(sp(o).maxReplicas) },
    { h: 'REPLICAS', fn: (o) => num(st(o).currentReplicas) },
    ageCol,
  ],
  Ingress: [
    { h: 'CLASS', fn: (o) => String(sp(o).ingressClassName ?? '<none>') },
    { h: 'HOSTS', fn: (o) => (Array.isArray(sp(o).rules) ? (sp(o).rules as Obj[]).map((r) => String(r.host ?? '*')).join(',') : '*') || '*' },
    { h: 'ADDRESS', path: '.status.loadBalancer.ingress[*].ip' },
    { h: 'PORTS', fn: (o) => (Array.isArray(sp(o).tls) && (sp(o).tls as unknown[]).length ? '80, 443' : '80') },
    ageCol,
  ],
  StorageClass: [
    { h: 'PROVISIONER', path: '.provisioner' },
    { h: 'RECLAIMPOLICY', fn: (o) => String(o.reclaimPolicy ?? 'Delete') },
    { h: 'VOLUMEBINDINGMODE', fn: (o) => String(o.volumeBindingMode ?? 'Immediate') },
    { h: 'ALLOWVOLUMEEXPANSION', fn: (o) => String(o.allowVolumeExpansion ?? false) },
    ageCol,
  ],
  DataVolume: [{ h: 'PHASE', path: '.status.phase' }, { h: 'PROGRESS', path: '.status.progress' }, { h: 'RESTARTS', path: '.status.restartCount' }, ageCol],
  VirtualMachineInstanceReplicaSet: [{ h: 'DESIRED', path: '.spec.replicas' }, { h: 'CURRENT', path: '.status.replicas' }, { h: 'READY', path: '.status.readyReplicas' }, ageCol],
  VirtualMachinePool: [{ h: 'DESIRED', path: '.spec.replicas' }, { h: 'CURRENT', path: '.status.replicas' }, { h: 'READY', path: '.status.readyReplicas' }, ageCol],
  VirtualMachineInstanceMigration: [{ h: 'PHASE', path: '.status.phase' }, { h: 'VMI', path: '.spec.vmiName' }],
  ...SNAPSHOT_COLUMNS,
  // printControllerRevision: the controller as formatResourceName writes it (kind.group/name, lower case)
  ControllerRevision: [
    {
      h: 'CONTROLLER',
      fn: (o) => {
        const refs = isObj(o.metadata) && Array.isArray(o.metadata.ownerReferences) ? o.metadata.ownerReferences.filter(isObj) : [];
        const c = refs.find((r) => r.controller === true);
        if (!c) return '<none>';
        const api = String(c.apiVersion ?? '');
        const group = api.includes('/') ? api.slice(0, api.indexOf('/')) : '';
        return `${String(c.kind).toLowerCase()}${group ? `.${group}` : ''}/${String(c.name)}`;
      },
    },
    { h: 'REVISION', fn: (o) => num(o.revision) },
    ageCol,
  ],
  VolumeSnapshotClass: [{ h: 'DRIVER', path: '.driver' }, { h: 'DELETIONPOLICY', path: '.deletionPolicy' }, ageCol],
};

function hpaTargets(o: Obj): string {
  // an autoscaling/v1 object as kubectl reads it (converted to v2: one cpu Utilization metric)
  if (typeof sp(o).targetCPUUtilizationPercentage === 'number') return `cpu: ${typeof st(o).currentCPUUtilizationPercentage === 'number' ? `${st(o).currentCPUUtilizationPercentage}%` : '<unknown>'}/${sp(o).targetCPUUtilizationPercentage}%`;
  const metrics = Array.isArray(sp(o).metrics) ? (sp(o).metrics as Obj[]) : [];
  const current = Array.isArray(st(o).currentMetrics) ? (st(o).currentMetrics as Obj[]) : [];
  if (!metrics.length) return '<none>';
  return metrics
    .map((m, i) => {
      const r = isObj(m.resource) ? m.resource : {};
      const t = isObj(r.target) ? r.target : {};
      const cur = isObj(current[i]) && isObj(current[i]!.resource) && isObj((current[i]!.resource as Obj).current) ? ((current[i]!.resource as Obj).current as Obj).averageUtilization : undefined;
      const name = String(r.name ?? 'metric');
      return t.averageUtilization !== undefined ? `${name}: ${cur ?? '<unknown>'}${cur !== undefined ? '%' : ''}/${t.averageUtilization}%` : `${name}: <unknown>/${t.averageValue ?? t.value ?? ''}`;
    })
    .join(', ');
}

export function storeHeaders(kind: string, wide: boolean): string[] {
  return ['NAME', ...(COLUMNS[kind] ?? [ageCol]).filter((c) => wide || !c.wide).map((c) => c.h)];
}

export function storeCells(o: StoredObject, now: number, wide: boolean): string[] {
  const age = humanDuration(now - o.createdAt);
  return [o.name, ...(COLUMNS[o.kind] ?? [ageCol]).filter((c) => wide || !c.wide).map((c) => (c.fn ? c.fn(o.obj, age, now) : jsonCell(o.obj, c.path!)))];
}

export const EVENT_HEADERS = (wide: boolean) => (wide ? ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'] : ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);

/** printers.go printEvent: "LAST SEEN" with "(xN over FIRST)" when the event repeated. */
export function eventCells(e: ClusterEvent, now: number, wide: boolean): string[] {
  const last = humanDuration(now - e.lastTime);
  const first = humanDuration(now - e.firstTime);
  const lastSeen = e.count > 1 ? `${last} (x${e.count} over ${first})` : last;
  const object = `${e.involved.kind.toLowerCase()}/${e.involved.name}`;
  if (!wide) return [lastSeen, e.type, e.reason, object, e.message];
  return [lastSeen, e.type, e.reason, object, e.involved.fieldPath ?? '', `${e.source ?? ''}${e.host ? `, ${e.host}` : ''}`, e.message, first, String(e.count), e.name];
}
