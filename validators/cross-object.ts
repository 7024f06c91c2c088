// Cross-object checks within one stream (the documents of one text) and the objects of the other
// files given beside it (`related`: a lab folder, `kvlab validate a.yaml b.yaml`). An object a
// manifest names may already be on the cluster, so a missing one is a warning; the stage says
// who would notice: `admission` where a webhook looks it up (migration → VMI), `references`
// where the object is accepted and then waits (a VM's DataVolume, a snapshot's VM, a Service
// that selects nothing).
import jsyaml from 'js-yaml';
import { KUBECTL_JS_YAML } from './kubectl-yaml.ts';
import type { PathSeg } from './spans.ts';
import { arr, isObj, type Obj, type RawFinding } from './raw.ts';
import { selectorMatches } from './k8s-validation/field.ts';

/** The objects of a YAML text, for `related` (documents that do not parse are left out). */
export function objectsOf(text: string): Obj[] {
  const out: Obj[] = [];
  try { jsyaml.loadAll(text, (d) => { if (isObj(d)) out.push(d); }, { schema: KUBECTL_JS_YAML, json: false }); } catch { /* reported where it is validated */ }
  return out;
}

const nameOf = (o: Obj) => (isObj(o.metadata) && typeof o.metadata.name === 'string' ? o.metadata.name : undefined);
const nsOf = (o: Obj) => (isObj(o.metadata) && typeof o.metadata.namespace === 'string' ? o.metadata.namespace : undefined);

/** Pod-template labels of the workloads a Service can select. */
function podLabels(o: Obj): Obj | undefined {
  const spec = isObj(o.spec) ? o.spec : {};
  const labelsOf = (t: unknown) => (isObj(t) && isObj(t.metadata) && isObj(t.metadata.labels) ? t.metadata.labels : {});
  switch (o.kind) {
    case 'VirtualMachine': case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet': case 'Job': case 'VirtualMachineInstanceReplicaSet':
      return labelsOf(spec.template);
    case 'VirtualMachinePool':
      return isObj(spec.virtualMachineTemplate) && isObj(spec.virtualMachineTemplate.spec) ? labelsOf(spec.virtualMachineTemplate.spec.template) : {};
    case 'VirtualMachineInstance': case 'Pod':
      return isObj(o.metadata) && isObj(o.metadata.labels) ? o.metadata.labels : {};
    default: return undefined;
  }
}

/** Kinds with a cross-object check (the others return at once). */
const CHECKED = new Set(['VirtualMachine', 'Service', 'VirtualMachineInstanceMigration', 'VirtualMachineSnapshot', 'VirtualMachineRestore']);

const inNs = (o: Obj, ns: string | undefined) => !ns || !nsOf(o) || nsOf(o) === ns;
/** Another object of the stream of kind k (or one of kinds k) named name, in obj's namespace. */
const hasObject = (all: Obj[], obj: Obj, ns: string | undefined, k: string | string[], name: string) =>
  all.some((o) => o !== obj && (Array.isArray(k) ? k.includes(String(o.kind)) : o.kind === k) && nameOf(o) === name && inNs(o, ns));

export function crossObjectStage(obj: Obj, kind: string, stream: unknown[], related: unknown[] = []): RawFinding[] {
  const out: RawFinding[] = [];
  if (!CHECKED.has(kind)) return out;
  const all = [...stream, ...related].filter(isObj);
  const ns = nsOf(obj);
  const has = (k: string | string[], name: string) => hasObject(all, obj, ns, k, name);
  const warn = (stage: RawFinding['stage'], path: PathSeg[], message: string, hint: string) => out.push({ stage, severity: 'warning', path, anchor: 'value', message, hint });
  const spec = isObj(obj.spec) ? obj.spec : {};
  const nsShown = ns ?? '<namespace>';

  if (kind === 'VirtualMachine') {
    const tmplNames = new Set(arr(spec.dataVolumeTemplates).map((t) => (isObj(t) ? nameOf(t) : undefined)).filter(Boolean));
    const vspec = isObj(spec.template) && isObj(spec.template.spec) ? spec.template.spec : {};
    arr(vspec.volumes).forEach((v, i) => {
      if (!isObj(v)) return;
      const base: PathSeg[] = ['spec', 'template', 'spec', 'volumes', i];
      if (isObj(v.dataVolume) && typeof v.dataVolume.name === 'string') {
        const n = v.dataVolume.name;
        if (!tmplNames.has(n) && !has('DataVolume', n))
          warn('references', [...base, 'dataVolume', 'name'], `DataVolume "${n}" is neither in spec.dataVolumeTemplates nor in this file or folder: unless it is on the cluster already, the VM's disk has nothing behind it and the VM does not start`, `Create the DataVolume first (kind: DataVolume, name: ${n}), or add it under spec.dataVolumeTemplates.`);
      }
      if (isObj(v.persistentVolumeClaim) && typeof v.persistentVolumeClaim.claimName === 'string') {
        const n = v.persistentVolumeClaim.claimName;
        if (!tmplNames.has(n) && !has(['PersistentVolumeClaim', 'DataVolume'], n))
          warn('references', [...base, 'persistentVolumeClaim', 'claimName'], `PersistentVolumeClaim "${n}" is in no DataVolume, dataVolumeTemplate or PVC of this file or folder: unless it is on the cluster already, the VM's pod stays Pending`, `Create the PVC (or a DataVolume named ${n}) first.`);
      }
    });
  } else if (kind === 'Service') {
    const sel = isObj(spec.selector) ? spec.selector : undefined;
    const workloads = all.map((o) => ({ o, l: podLabels(o) })).filter((w) => w.l !== undefined && inNs(w.o, ns));
    if (sel && Object.keys(sel).length && workloads.length && !workloads.some((w) => selectorMatches({ matchLabels: sel }, w.l!)))
      warn('references', ['spec', 'selector'], `the selector ${Object.entries(sel).map(([k, v]) => `${k}=${String(v)}`).join(',')} matches none of the ${workloads.length} workload(s) in this file or folder (${workloads.map((w) => `${String(w.o.kind)} ${nameOf(w.o) ?? '?'}`).join(', ')}): the Service would have no endpoints`, 'For a VM, the selector must match spec.template.metadata.labels (the VMI\'s labels, which the virt-launcher pod carries), not the VM\'s own metadata.labels.');
  } else if (kind === 'VirtualMachineInstanceMigration') {
    const n = typeof spec.vmiName === 'string' ? spec.vmiName : undefined;
    if (n && !has(['VirtualMachineInstance', 'VirtualMachine'], n))
      warn('admission', ['spec', 'vmiName'], `no VirtualMachine or VirtualMachineInstance "${n}" in this file or folder; unless it runs on the cluster, KubeVirt refuses the migration: the VMI "${nsShown}/${n}" does not exist`, `Name a running VMI (kubectl get vmi); a VM's VMI has the VM's name.`);
  } else if (kind === 'VirtualMachineSnapshot') {
    const s = isObj(spec.source) ? spec.source : {};
    if (s.kind === 'VirtualMachine' && typeof s.name === 'string' && !has('VirtualMachine', s.name))
      warn('references', ['spec', 'source', 'name'], `VirtualMachine "${s.name}" is not in this file or folder: unless it is on the cluster, the snapshot waits for its source and never becomes ready`, 'Name an existing VM (kubectl get vm).');
  } else if (kind === 'VirtualMachineRestore') {
    // The target may be missing: the restore controller then creates the VM from the snapshot.
    const n = typeof spec.virtualMachineSnapshotName === 'string' ? spec.virtualMachineSnapshotName : undefined;
    if (n && !has('VirtualMachineSnapshot', n))
      warn('references', ['spec', 'virtualMachineSnapshotName'], `VirtualMachineSnapshot "${n}" is not in this file or folder: unless it is on the cluster, the restore cannot start`, 'Name an existing snapshot (kubectl get vmsnapshot).');
  }
  return out;
}
