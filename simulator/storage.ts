// Storage: PersistentVolumeClaims (Pending → Bound, the storage class from the cluster's default)
// and CDI DataVolumes with their importer / upload pods, phases, progress, conditions and events,
// as CDI's datavolume controllers and import controller report them (SOURCES.md names the files).
// Objects live in the API store (objects.ts); this controller writes their status.
import type { SimClock } from './clock.ts';
import type { ApiObjects, StoredObject } from './objects.ts';
import { isObj, type Obj } from '../validators/raw.ts';

export interface StorageOptions {
  /** The default StorageClass (annotated storageclass.kubernetes.io/is-default-class). */
  defaultStorageClass: string;
  /** Access modes the class gives when a claim names none (CDI's StorageProfile claimPropertySets). */
  defaultAccessModes: string[];
}

export const DEFAULT_STORAGE: StorageOptions = { defaultStorageClass: 'longhorn', defaultAccessModes: ['ReadWriteMany'] };

/** CDI's default global filesystem overhead (CDIConfig spec.filesystemOverhead.global). */
const FS_OVERHEAD = 0.06;
/** File names an http source serves (anything else answers 404 in the sandbox). */
const IMAGE_FILE = /\.(img|qcow2|raw|iso|vmdk|vhdx?|gz|xz|tar|zst)(\?.*)?$/i;

export type ClaimState = 'ready' | 'provisioning' | 'binding' | 'missing';

type SourceKind = 'http' | 'registry' | 's3' | 'pvc' | 'blank' | 'upload' | 'other';

interface DvRun {
  ns: string;
  name: string;
  source: SourceKind;
  gen: number;
  /** MiB to move (the image, or the claim's size for a clone / blank). */
  size: number;
  done: number;
  restarts: number;
  pod?: string;
  error?: string;
}

const ms = (s: string | undefined): number => {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(s ?? '');
  if (!m) return 0;
  const f: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, K: 1e3 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, T: 1e12 / 1048576 };
  const n = Number(m[1]);
  return m[2] ? n * f[m[2]]! : n / 1048576;
};
const mi = (n: number): string => (n >= 1024 && n % 1024 === 0 ? `${n / 1024}Gi` : `${Math.ceil(n)}Mi`);

export class StorageController {
  private readonly runs = new Map<string, DvRun>();
  /** Claims this controller has seen (the sandbox may have stored the object before it is told). */
  private readonly claims = new Set<string>();
  private readonly listeners: (() => void)[] = [];
  private seq = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly api: ApiObjects,
    readonly opts: StorageOptions = DEFAULT_STORAGE,
  ) {
    api.control('DataVolume', 'PersistentVolumeClaim');
  }

  /** Someone waits on volumes (the VM controller): told after every phase change. */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private event(kind: string, ns: string, name: string, type: 'Normal' | 'Warning', reason: string, message: string, source = 'datavolume-import-controller'): void {
    const o = this.api.get(kind, ns, name);
    this.api.events.record({ type, reason, message, source, involved: { kind, namespace: ns, name, ...(o ? { uid: o.uid } : {}) } });
    this.clock.emit('storage', 'event', { kind, name, type, reason, message });
  }

  // --- PersistentVolumeClaims -----------------------------------------------------------------

  /** A claim as the API server stores it: the default class filled in; it binds after pvcBind. */
  applyPvc(obj: Obj, ns: string): StoredObject {
    const spec = isObj(obj.spec) ? { ...obj.spec } : {};
    if (spec.storageClassName === undefined) spec.storageClassName = this.opts.defaultStorageClass;
    if (spec.volumeMode === undefined) spec.volumeMode = 'Filesystem';
    const key = `${ns}/${String((obj.metadata as Obj).name)}`;
    const known = this.claims.has(key);
    const old = this.api.get('PersistentVolumeClaim', ns, String((obj.metadata as Obj).name));
    const volumeName = known ? (old?.obj.spec as Obj | undefined)?.volumeName : undefined;
    const { stored } = this.api.put({ ...obj, metadata: { ...(obj.metadata as Obj), namespace: ns }, spec: volumeName ? { ...spec, volumeName } : spec });
    if (!known) {
      this.claims.add(key);
      this.api.setStatus('PersistentVolumeClaim', ns, stored.name, { phase: 'Pending' });
      this.clock.after(this.clock.timings.pvcBind, () => this.bind(ns, stored.name));
    }
    return stored;
  }

  private bind(ns: string, name: string): void {
    const o = this.api.get('PersistentVolumeClaim', ns, name);
    if (!o) return;
    const spec = o.obj.spec as Obj;
    const req = isObj(spec.resources) && isObj(spec.resources.requests) ? String(spec.resources.requests.storage ?? '1Gi') : '1Gi';
    const volumeName = `pvc-${o.uid}`;
    this.api.put({ ...o.obj, spec: { ...spec, volumeName } });
    this.api.setStatus('PersistentVolumeClaim', ns, name, { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: mi(ms(req)) } });
    this.clock.emit('storage', 'pvc', { name, phase: 'Bound' });
    const dv = this.runs.get(`${ns}/${name}`);
    if (dv) this.afterBind(dv);
    this.changed();
  }

  // --- DataVolumes ----------------------------------------------------------------------------

  /** kubectl apply (or a VM's dataVolumeTemplates) of a DataVolume: its claim, then the transfer. */
  applyDataVolume(obj: Obj, ns: string, owner?: { kind: string; name: string; uid: string }): 'created' | 'configured' | 'unchanged' {
    const meta: Obj = { ...(obj.metadata as Obj), namespace: ns };
    const name = String(meta.name);
    if (owner) meta.ownerReferences = [{ apiVersion: 'kubevirt.io/v1', kind: owner.kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }];
    const existed = this.runs.has(`${ns}/${name}`);
    const { verdict, stored } = this.api.put({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', ...obj, metadata: meta });
    if (existed) return verdict; // a DataVolume's spec is immutable once it ran: nothing restarts
    const spec = isObj(obj.spec) ? obj.spec : {};
    const src = isObj(spec.source) ? spec.source : {};
    const source = (['http', 'registry', 's3', 'pvc', 'blank', 'upload'] as const).find((k) => isObj(src[k])) ?? 'other';
    const claimSpec: Obj = isObj(spec.storage) ? { ...spec.storage } : isObj(spec.pvc) ? { ...spec.pvc } : {};
    const req = isObj(claimSpec.resources) && isObj(claimSpec.resources.requests) ? String(claimSpec.resources.requests.storage ?? '') : '';
    let size = ms(req);
    if (isObj(spec.storage)) {
      // the storage API: the profile fills access modes, and a Filesystem claim gets CDI's overhead
      if (!claimSpec.accessModes) claimSpec.accessModes = this.opts.defaultAccessModes;
      if (size) claimSpec.resources = { requests: { storage: mi(Math.ceil(size / (1 - FS_OVERHEAD))) } };
    }
    const run: DvRun = { ns, name, source, gen: 0, size: Math.min(size || 1024, this.clock.timings.importSize), done: 0, restarts: 0 };
    if (source === 'pvc' || source === 'blank') run.size = size || 1024;
    this.runs.set(`${ns}/${name}`, run);
    this.status(run, 'Pending', 'N/A');
    this.applyPvc({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: ns, labels: { app: 'containerized-data-importer', 'app.kubernetes.io/component': 'storage', 'app.kubernetes.io/managed-by': 'cdi-controller' }, ownerReferences: [{ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', name, uid: stored.uid, controller: true, blockOwnerDeletion: true }] }, spec: claimSpec }, ns);
    this.event('DataVolume', ns, name, 'Normal', 'Pending', `PVC ${name} Pending`);
    if (source === 'other') this.clock.emit('storage', 'not-simulated', { name, message: `DataVolume ${name}: this source is not simulated (http, registry, pvc, blank and upload are); use connected mode for a real cluster` });
    this.changed();
    return 'created';
  }

  /** Its owner was deleted with --cascade=orphan: the DataVolume (and its claim) stay, owned by nobody. */
  orphanDataVolume(ns: string, name: string): void {
    if (this.api.removeMeta('DataVolume', ns, name, ['ownerReferences'])) this.changed();
  }

  deleteDataVolume(ns: string, name: string): boolean {
    const run = this.runs.get(`${ns}/${name}`);
    const o = this.api.delete('DataVolume', ns, name);
    if (run) {
      run.gen++;
      if (run.pod) this.api.delete('Pod', ns, run.pod);
      this.runs.delete(`${ns}/${name}`);
    }
    this.api.delete('PersistentVolumeClaim', ns, name);
    this.claims.delete(`${ns}/${name}`);
    this.changed();
    return !!o;
  }

  /** The controller has seen this claim already. */
  knows(ns: string, name: string): boolean {
    return this.claims.has(`${ns}/${name}`);
  }

  /** Whether a volume a VM names can be used: its DataVolume Succeeded / its claim Bound. */
  claimState(ns: string, claim: string): ClaimState {
    const dv = this.api.get('DataVolume', ns, claim);
    const pvc = this.api.get('PersistentVolumeClaim', ns, claim);
    if (!dv && !pvc) return 'missing';
    if (pvc && (pvc.obj.status as Obj | undefined)?.phase !== 'Bound') return 'binding';
    if (dv && (dv.obj.status as Obj | undefined)?.phase !== 'Succeeded') return 'provisioning';
    return 'ready';
  }

  /** The claim's access modes (for migratability). */
  accessModes(ns: string, claim: string): string[] {
    const pvc = this.api.get('PersistentVolumeClaim', ns, claim);
    const m = (pvc?.obj.spec as Obj | undefined)?.accessModes;
    return Array.isArray(m) ? m.map(String) : [];
  }

  private status(run: DvRun, phase: string, progress: string, extra: Obj = {}): void {
    const bound = this.api.get('PersistentVolumeClaim', run.ns, run.name);
    const isBound = (bound?.obj.status as Obj | undefined)?.phase === 'Bound';
    const running = phase === 'ImportInProgress' || phase === 'CloneInProgress' || phase === 'UploadReady';
    const conditions = [
      { type: 'Bound', status: isBound ? 'True' : 'False', reason: isBound ? 'Bound' : 'Pending', message: `PVC ${run.name} ${isBound ? 'Bound' : 'Pending'}` },
      { type: 'Ready', status: phase === 'Succeeded' ? 'True' : 'False', reason: phase === 'Succeeded' ? '' : 'TransferRunning' },
      { type: 'Running', status: running && !run.error ? 'True' : 'False', reason: run.error ? 'Error' : phase === 'Succeeded' ? 'Completed' : running ? 'Pod is running' : '', ...(run.error ? { message: run.error } : {}) },
    ];
    this.api.setStatus('DataVolume', run.ns, run.name, { phase, progress, claimName: run.name, restartCount: run.restarts, conditions, ...extra });
    this.clock.emit('storage', 'datavolume', { name: run.name, phase, progress, ...(run.restarts ? { restarts: run.restarts } : {}) });
  }

  private phase(run: DvRun): string {
    return String((this.api.get('DataVolume', run.ns, run.name)?.obj.status as Obj | undefined)?.phase ?? '');
  }

  private afterBind(run: DvRun): void {
    this.event('DataVolume', run.ns, run.name, 'Normal', 'Bound', `PVC ${run.name} Bound`);
    const t = this.clock.timings;
    const gen = run.gen;
    const pvc = this.api.get('PersistentVolumeClaim', run.ns, run.name);
    const uid = pvc?.uid ?? String(++this.seq);
    const where = `${run.ns}/${run.name}`;
    switch (run.source) {
      case 'http':
      case 'registry':
      case 's3':
      case 'blank': {
        run.pod = `importer-prime-${uid}`;
        this.pod(run, 'Pending', 'ContainerCreating');
        this.status(run, 'ImportScheduled', 'N/A');
        this.event('DataVolume', run.ns, run.name, 'Normal', 'ImportScheduled', `Import into ${run.name} scheduled`);
        this.clock.after(t.importerStart, () => gen === run.gen && this.transferStart(run, 'ImportInProgress', `Import into ${run.name} in progress`, 'ImportInProgress'));
        return;
      }
      case 'pvc': {
        const src = (this.api.get('DataVolume', run.ns, run.name)?.obj.spec as Obj | undefined)?.source as Obj | undefined;
        const from = isObj(src?.pvc) ? src.pvc : {};
        const sns = typeof from.namespace === 'string' ? from.namespace : run.ns;
        const sname = String(from.name ?? '');
        const srcPvc = this.api.get('PersistentVolumeClaim', sns, sname);
        if (!srcPvc) {
          // CDI waits for the source claim; it says why on the DataVolume
          this.event('DataVolume', run.ns, run.name, 'Warning', 'CloneSourcePVCNotFound', `Source PVC ${sns}/${sname} not found`, 'datavolume-pvc-clone-controller');
          return;
        }
        run.pod = `cdi-upload-tmp-pvc-${uid}`; // host-assisted clone: the target side's upload server
        this.status(run, 'CloneScheduled', 'N/A');
        this.event('DataVolume', run.ns, run.name, 'Normal', 'CloneScheduled', `Cloning from ${sns}/${sname} into ${where} scheduled`, 'datavolume-pvc-clone-controller');
        this.clock.after(t.importerStart, () => gen === run.gen && this.transferStart(run, 'CloneInProgress', `Cloning from ${sns}/${sname} into ${where} in progress`, 'CloneInProgress', `Successfully cloned from ${sns}/${sname} into ${where}`, 'CloneSucceeded'));
        return;
      }
      case 'upload': {
        run.pod = `cdi-upload-${run.name}`;
        this.pod(run, 'Pending', 'ContainerCreating');
        this.status(run, 'UploadScheduled', 'N/A');
        this.event('DataVolume', run.ns, run.name, 'Normal', 'UploadScheduled', `Upload into ${run.name} scheduled`, 'datavolume-upload-controller');
        this.clock.after(t.importerStart, () => {
          if (gen !== run.gen) return;
          this.pod(run, 'Running');
          this.status(run, 'UploadReady', 'N/A');
          this.event('DataVolume', run.ns, run.name, 'Normal', 'UploadReady', `Upload into ${run.name} ready`, 'datavolume-upload-controller');
          this.changed();
        });
        return;
      }
      case 'other':
        return;
    }
  }

  /** The upload server is ready for `virtctl image-upload` (phase UploadReady). */
  uploadReady(ns: string, name: string): boolean {
    const run = this.runs.get(`${ns}/${name}`);
    return !!run && run.source === 'upload' && this.phase(run) === 'UploadReady';
  }

  /** virtctl image-upload streams `sizeMi` into the upload server; the DataVolume Succeeds at the end. */
  upload(ns: string, name: string, sizeMi: number): void {
    const run = this.runs.get(`${ns}/${name}`);
    if (!run || run.source !== 'upload') return;
    run.size = sizeMi;
    this.progress(run, 'UploadReady', `Successfully uploaded into ${run.name}`, 'UploadSucceeded', 'datavolume-upload-controller');
  }

  private transferStart(run: DvRun, phase: string, message: string, reason: string, okMessage?: string, okReason?: string): void {
    this.pod(run, 'Running');
    this.status(run, phase, 'N/A');
    this.event('DataVolume', run.ns, run.name, 'Normal', reason, message, reason.startsWith('Clone') ? 'datavolume-pvc-clone-controller' : undefined);
    const bad = this.badSource(run);
    if (bad) return this.fail(run, phase, bad);
    this.progress(run, phase, okMessage ?? `Successfully imported into PVC ${run.name}`, okReason ?? 'ImportSucceeded');
  }

  /** What the importer answers for a source the sandbox cannot reach (the simulator's own rule: see SOURCES.md). */
  private badSource(run: DvRun): string | undefined {
    const spec = this.api.get('DataVolume', run.ns, run.name)?.obj.spec as Obj | undefined;
    const src = isObj(spec?.source) ? spec.source : {};
    if (run.source === 'http') {
      const url = String((src.http as Obj).url ?? '');
      if (!/^https?:\/\/[^/\s]+\/\S*/.test(url) || !IMAGE_FILE.test(url)) return 'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found';
    }
    if (run.source === 'registry') {
      const url = String((src.registry as Obj).url ?? '');
      if (!/^docker:\/\/\S+/.test(url)) return `Unable to connect to registry data source: Could not fetch image: invalid image url ${url}`;
    }
    return undefined;
  }

  /** The importer exits 1; the pod (restartPolicy OnFailure) restarts with the kubelet's back-off; the phase stays. */
  private fail(run: DvRun, phase: string, message: string): void {
    const gen = run.gen;
    this.clock.after(this.clock.timings.importerFail, () => {
      if (gen !== run.gen) return;
      run.restarts++;
      const first = !run.error;
      run.error = message;
      this.pod(run, 'Running', 'CrashLoopBackOff');
      this.status(run, phase, 'N/A');
      this.event('PersistentVolumeClaim', run.ns, run.name, 'Warning', 'ErrImportFailed', message, 'import-controller');
      if (first) this.event('DataVolume', run.ns, run.name, 'Warning', 'Error', message);
      // CrashLoopBackOff: 10 s doubling to 300 s between runs (kubelet's container back-off)
      const backoff = Math.min(300, 10 * 2 ** (run.restarts - 1));
      this.clock.after(backoff, () => gen === run.gen && this.fail(run, phase, message));
    });
  }

  private progress(run: DvRun, phase: string, okMessage: string, okReason: string, source?: string): void {
    const t = this.clock.timings;
    const gen = run.gen;
    const step = () => {
      if (gen !== run.gen) return;
      run.done = Math.min(run.size, run.done + t.importRate * t.progressInterval);
      if (run.done >= run.size) {
        this.pod(run, 'Succeeded', 'Completed');
        this.status(run, 'Succeeded', '100.0%');
        this.event('DataVolume', run.ns, run.name, 'Normal', okReason, okMessage, source);
        // CDI removes the importer pod once the claim is populated
        this.clock.after(1, () => gen === run.gen && run.pod && this.api.delete('Pod', run.ns, run.pod));
        this.changed();
        return;
      }
      this.status(run, phase, `${((100 * run.done) / run.size).toFixed(2)}%`);
      this.clock.after(t.progressInterval, step);
    };
    this.clock.after(t.progressInterval, step);
  }

  private pod(run: DvRun, phase: 'Pending' | 'Running' | 'Succeeded', reason?: string): void {
    if (!run.pod) return;
    const waiting = phase === 'Pending' || reason === 'CrashLoopBackOff';
    const state = phase === 'Succeeded' ? { terminated: { exitCode: 0, reason: 'Completed' } } : waiting ? { waiting: { reason: reason ?? 'ContainerCreating' } } : { running: { startedAt: this.clock.now } };
    const container = run.source === 'upload' ? 'cdi-upload-server' : 'importer';
    const existing = this.api.get('Pod', run.ns, run.pod);
    if (!existing) {
      this.api.put({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: run.pod, namespace: run.ns, labels: { app: 'containerized-data-importer', 'app.kubernetes.io/component': 'storage', 'app.kubernetes.io/managed-by': 'cdi-controller', 'cdi.kubevirt.io': container === 'importer' ? 'importer' : 'cdi-upload-server' }, annotations: { 'cdi.kubevirt.io/storage.createdByController': 'yes' } },
        spec: { restartPolicy: 'OnFailure', containers: [{ name: container, image: `quay.io/kubevirt/cdi-${container === 'importer' ? 'importer' : 'uploadserver'}:v1.62.0` }], nodeName: 'training-worker-0' },
      });
    }
    this.api.setStatus('Pod', run.ns, run.pod, { phase, containerStatuses: [{ name: container, ready: phase === 'Running' && !waiting, restartCount: run.restarts, state }] });
  }
}
