// A trainee's lab files as the cluster holds them, for `kvlab check --namespace NS` (or
// --objects FILE, a saved `kubectl get … -o yaml`): each lab file that is a Kubernetes object
// becomes the live object of the same kind and name, as the trainee applied it (kubectl's
// last-applied-configuration annotation, else the object without status and server-set
// metadata); each #cloud-config file becomes the user data of the Secret that the task's VM
// names in cloudInitNoCloud.secretRef. Then the same checker runs on them. Pure: no Node APIs.
import { parseAllDocuments, stringify } from 'yaml';
import { isCloudConfig } from '../validators/cloudinit.ts';
import { userDataOfSecret } from '../validators/index.ts';
import type { ResolvedLab } from './types.ts';
import { isObj, type Obj } from '../validators/raw.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Objects from a `kubectl get -o yaml|json` output: a List, a single object, or a stream. */
export function objectsFromText(text: string): { objects: Obj[]; error?: string } {
  const objects: Obj[] = [];
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length) return { objects, error: `line ${d.errors[0]!.linePos?.[0]?.line ?? '?'}: ${d.errors[0]!.message.split('\n')[0]}` };
    const o = d.toJS({ maxAliasCount: 100 }) as unknown;
    if (!isObj(o)) continue;
    if (Array.isArray(o.items)) objects.push(...o.items.filter(isObj));
    else objects.push(o);
  }
  return { objects };
}

const kindName = (o: Obj): string | undefined => {
  const name = isObj(o.metadata) ? o.metadata.name : undefined;
  return typeof o.kind === 'string' && typeof name === 'string' ? `${o.kind}/${name}` : undefined;
};

/** The object as the trainee applied it. */
export function appliedObject(o: Obj): Obj {
  const meta = isObj(o.metadata) ? o.metadata : {};
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  const last = annotations[LAST_APPLIED];
  if (typeof last === 'string') {
    try {
      const parsed = JSON.parse(last) as unknown;
      if (isObj(parsed)) return parsed;
    } catch {
      // fall through to the cleaned live object
    }
  }
  const { status: _status, ...rest } = o;
  const { managedFields: _m, resourceVersion: _r, uid: _u, generation: _g, creationTimestamp: _c, selfLink: _s, finalizers: _f, annotations: _a, ...keep } = meta;
  const own = Object.fromEntries(Object.entries(annotations).filter(([k]) => !/(^|\.)kubevirt\.io\/|^kubectl\.kubernetes\.io\//.test(k)));
  return { ...rest, metadata: { ...keep, ...(Object.keys(own).length ? { annotations: own } : {}) } };
}

function secretRefs(vmText: string): string[] {
  const names: string[] = [];
  for (const d of parseAllDocuments(vmText)) {
    const o = d.errors.length ? undefined : (d.toJS() as unknown);
    const vols = isObj(o) && isObj(o.spec) && isObj(o.spec.template) && isObj(o.spec.template.spec) ? o.spec.template.spec.volumes : undefined;
    for (const v of Array.isArray(vols) ? vols : []) {
      for (const src of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
        const ref = isObj(v) && isObj(v[src]) && isObj(v[src].secretRef) ? v[src].secretRef.name : undefined;
        if (typeof ref === 'string') names.push(ref);
      }
    }
  }
  return names;
}

export interface LiveFiles {
  /** path (as the lab names it) → text, for the files the cluster holds. */
  files: Record<string, string>;
  /** path → where it came from ("VirtualMachine/lab08-probe", "Secret/lab08-cloudinit-probe userdata"). */
  sources: Record<string, string>;
}

export function filesFromObjects(lab: ResolvedLab, objects: Obj[]): LiveFiles {
  const byKindName = new Map<string, Obj>();
  for (const o of objects) {
    const k = kindName(o);
    if (k) byKindName.set(k, o);
  }
  // the last solution of each path: what the finished lab holds there
  const solutions = new Map<string, string>();
  for (const t of lab.tasks) for (const f of t.files) if (f.solution) solutions.set(f.path, f.solution);
  const out: LiveFiles = { files: {}, sources: {} };
  for (const [path, solution] of solutions) {
    if (isCloudConfig(solution)) continue;
    const docs: string[] = [];
    const from: string[] = [];
    for (const d of parseAllDocuments(solution)) {
      const o = d.errors.length ? undefined : (d.toJS() as unknown);
      const k = isObj(o) ? kindName(o) : undefined;
      const live = k ? byKindName.get(k) : undefined;
      if (!live || !k) continue;
      docs.push(stringify(appliedObject(live)));
      from.push(k);
    }
    if (docs.length) {
      out.files[path] = docs.join('---\n');
      out.sources[path] = from.join(', ');
    }
  }
  // #cloud-config files: the Secret the same task's VM refers to
  for (const [path, solution] of solutions) {
    if (!isCloudConfig(solution)) continue;
    for (const t of lab.tasks) {
      if (!t.files.some((f) => f.path === path)) continue;
      for (const f of t.files) {
        if (f.path === path || !f.solution) continue;
        for (const name of secretRefs(f.solution)) {
          const s = byKindName.get(`Secret/${name}`);
          const text = s ? userDataOfSecret(s)?.text : undefined;
          if (text === undefined || path in out.files) continue;
          out.files[path] = text;
          out.sources[path] = `Secret/${name} userdata`;
        }
      }
    }
  }
  return out;
}
