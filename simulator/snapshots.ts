// VirtualMachineSnapshot, VirtualMachineSnapshotContent and VirtualMachineRestore
// (snapshot.kubevirt.io/v1beta1) as KubeVirt v1.9.0's snapshot and restore controllers drive them
// (pkg/storage/snapshot/snapshot.go, restore.go, source.go, util.go; the admission of
// pkg/storage/admitters/vmrestore.go). SOURCES.md names each rule's file.
//
// Times in status (creationTime, restoreTime, lastTransitionTime) are simulated seconds, as every
// time the simulator keeps; the faces turn them into timestamps.
import type { SimClock } from './clock.ts';
import type { ApiObjects, StoredObject } from './objects.ts';
import type { VmRecord } from './records.ts';
import { isObj, type Obj } from '../validators/raw.ts';

/** What the snapshot controllers need of the rest of the cluster. */
export interface SnapshotHooks {
  vm(ns: string, name: string): VmRecord | undefined;
  /** The restore's VM update (the VM controller takes the new spec for its next VMI). */
  updateVm(obj: Obj): void;
  /** virtctl stop (targetReadinessPolicy StopTarget). */
  stopVm(ns: string, name: string): void;
  /** A new claim (the restored volume), bound by the storage controller. */
  createPvc(obj: Obj, ns: string): void;
}

/** snapshotv1beta1.DefaultGracePeriod (5m): WaitGracePeriod's wait and the snapshot's failureDeadline default. */
export const RESTORE_GRACE_PERIOD = 300;
const GRACE = '5m0s';
/** The controllers' reconcile steps and the CSI driver's VolumeSnapshot (the simulator's own durations). */
const STEP = 1;
const VOLUME_SNAPSHOT = 3;

const MSG = {
  notLocked: 'Source not locked',
  locked: 'Source locked and operation in progress',
  noSource: 'Source does not exist',
  waitGrace: `Waiting for target VM to be powered off. Please stop the restore target to proceed with restore, or the operation will fail after ${GRACE}`,
  waitEventually: 'Waiting for target VM to be powered off. Please stop the restore target to proceed with restore',
  vmiExists: 'Restore target VMI still exists, please stop the restore target to proceed with restore',
  stopTarget: 'Automatically stopping restore target for restore operation',
  failImmediate: 'Restore target VMI must be powered off before restore operation',
  graceExceeded: `Restore target failed to be ready within ${GRACE}. Please power off the target VM before attempting restore`,
};

type Cond = { type: string; status: 'True' | 'False'; reason: string; lastTransitionTime: number };

const spec = (o: Obj): Obj => (isObj(o.spec) ? o.spec : {});
const status = (o: StoredObject | undefined): Obj => (o && isObj(o.obj.status) ? o.obj.status : {});

export class SnapshotController {
  /** Per VM: the snapshot or restore holding it (VM status snapshotInProgress / restoreInProgress). */
  private readonly locks = new Map<string, { snapshot?: string; restore?: string }>();

  constructor(
    private readonly clock: SimClock,
    private readonly api: ApiObjects,
    private readonly hooks: SnapshotHooks,
    storageClass: string,
  ) {
    api.control('VirtualMachineSnapshot', 'VirtualMachineSnapshotContent', 'VirtualMachineRestore', 'VolumeSnapshot');
    // the lab cluster's CSI driver has a snapshot class for the default storage class (a training's
    // snapshot lab needs one; without it KubeVirt leaves every volume out of the snapshot)
    api.put({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: `${storageClass}-snapshot-vsc`, annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } }, driver: `driver.${storageClass}.io`, deletionPolicy: 'Delete' });
  }

  /** The VM status fields the snapshot controllers write (merged into the VM's status by the faces). */
  vmStatus(ns: string, name: string): Obj {
    const l = this.locks.get(`${ns}/${name}`);
    return { ...(l?.snapshot ? { snapshotInProgress: l.snapshot } : {}), ...(l?.restore ? { restoreInProgress: l.restore } : {}) };
  }

  private cond(type: string, st: boolean, reason: string, prev: Cond[] = []): Cond {
    const old = prev.find((c) => c.type === type);
    const s = st ? 'True' : 'False';
    // updateCondition keeps lastTransitionTime while status and reason stay
    return { type, status: s, reason, lastTransitionTime: old && old.status === s && old.reason === reason ? old.lastTransitionTime : this.clock.now };
  }

  private event(kind: string, ns: string, name: string, type: 'Normal' | 'Warning', reason: string, message: string, source: string): void {
    const o = this.api.get(kind, ns, name);
    this.api.events.record({ type, reason, message, source, involved: { kind, namespace: ns, name, apiVersion: 'snapshot.kubevirt.io/v1beta1', ...(o ? { uid: o.uid } : {}) } });
    this.clock.emit('storage', 'event', { kind, name, type, reason, message });
  }

  private patchMeta(kind: string, ns: string, name: string, extra: Obj): void {
    const o = this.api.get(kind, ns, name);
    if (!o) return;
    const m = isObj(o.obj.metadata) ? o.obj.metadata : {};
    const fin = [...new Set([...(Array.isArray(m.finalizers) ? m.finalizers : []), ...((extra.finalizers as string[] | undefined) ?? [])])];
    this.api.setMeta(kind, ns, name, { ...extra, finalizers: fin });
  }

  // --- VirtualMachineSnapshot ------------------------------------------------------------------

  applySnapshot(obj: Obj, ns: string): string {
    const s = spec(obj);
    const src = isObj(s.source) ? s.source : {};
    // vmsnapshot.go: the source's apiGroup and kind on create, an unchanged spec on update
    const causes = this.admit('VirtualMachineSnapshot', obj, ns, () => (src.apiGroup === undefined || src.apiGroup === null ? ['missing apiGroup'] : src.apiGroup !== 'kubevirt.io' ? ['invalid apiGroup'] : src.kind !== 'VirtualMachine' ? ['invalid kind'] : []));
    if (causes.length) throw new Error(`admission webhook "virtualmachinesnapshot-validator.snapshot.kubevirt.io" denied the request: ${causes.join(', ')}`);
    return this.start(obj, ns, (n, uid) => this.snapshotStep(ns, n, uid));
  }

  /** Specs as admitted, by uid (an update may not change them). */
  private readonly admitted = new Map<string, string>();

  /** The webhook's causes: `create()` for a new object, the immutable spec for a known one. */
  private admit(kind: string, obj: Obj, ns: string, create: (self?: string) => string[]): string[] {
    const name = String((obj.metadata as Obj | undefined)?.name ?? '');
    // the sandbox may have stored the object already: known means admitted before
    const cur = this.api.get(kind, ns, name);
    const was = cur ? this.admitted.get(cur.uid) : undefined;
    if (was !== undefined) return was === JSON.stringify(spec(obj)) ? [] : ['spec in immutable after creation'];
    return create(cur?.uid);
  }

  private start(obj: Obj, ns: string, step: (name: string, uid: string) => void): string {
    const { verdict, stored } = this.api.put({ ...obj, metadata: { ...(obj.metadata as Obj), namespace: ns } });
    if (!this.admitted.has(stored.uid)) {
      this.admitted.set(stored.uid, JSON.stringify(spec(obj)));
      this.clock.after(STEP, () => step(stored.name, stored.uid));
      return 'created';
    }
    return verdict;
  }

  private snapshotStep(ns: string, name: string, uid: string): void {
    const snap = this.api.get('VirtualMachineSnapshot', ns, name);
    if (!snap || snap.uid !== uid) return;
    const st = status(snap);
    const conds = (Array.isArray(st.conditions) ? st.conditions : []) as Cond[];
    const src = isObj(spec(snap.obj).source) ? (spec(snap.obj).source as Obj) : {};
    const vmName = String(src.name ?? '');
    const vmObj = this.api.get('VirtualMachine', ns, vmName);
    const vm = this.hooks.vm(ns, vmName);
    if (st.phase === 'Succeeded' || st.phase === 'Failed') return;
    if (!st.phase) {
      // first reconcile: the finalizer, then the status initialised (the source not yet locked)
      this.patchMeta('VirtualMachineSnapshot', ns, name, { finalizers: ['snapshot.kubevirt.io/vmsnapshot-protection'] });
      this.api.setStatus('VirtualMachineSnapshot', ns, name, {
        conditions: [this.cond('Progressing', false, vmObj ? MSG.notLocked : MSG.noSource), this.cond('Ready', false, 'Not ready')],
        ...(vm ? this.indications(vm) : {}),
        phase: 'InProgress',
        readyToUse: false,
        ...(vmObj ? { sourceUID: vmObj.uid } : {}),
      });
      this.clock.after(STEP, () => this.snapshotStep(ns, name, uid));
      return;
    }
    if (!vmObj || !vm) {
      // no source: InProgress until the failure deadline (spec.failureDeadline, default 5m)
      if (this.clock.now - snap.createdAt >= RESTORE_GRACE_PERIOD) {
        this.api.setStatus('VirtualMachineSnapshot', ns, name, { ...st, phase: 'Failed', conditions: [this.cond('Progressing', false, 'Operation failed', conds), this.cond('Ready', false, 'Not ready', conds), this.cond('Failure', true, 'snapshot deadline exceeded', conds)] });
        return;
      }
      this.clock.after(STEP * 5, () => this.snapshotStep(ns, name, uid));
      return;
    }
    const lock = this.locks.get(`${ns}/${vmName}`) ?? {};
    if (lock.snapshot !== name) {
      if (lock.snapshot || lock.restore) {
        this.clock.after(STEP, () => this.snapshotStep(ns, name, uid));
        return;
      }
      // source.Lock(): the VM's status.snapshotInProgress names this snapshot
      this.locks.set(`${ns}/${vmName}`, { ...lock, snapshot: name });
      this.api.setStatus('VirtualMachineSnapshot', ns, name, { ...st, conditions: [this.cond('Progressing', true, MSG.locked, conds), this.cond('Ready', false, 'Not ready', conds)], ...this.indications(vm) });
      this.clock.after(STEP, () => this.snapshotStep(ns, name, uid));
      return;
    }
    const contentName = `vmsnapshot-content-${uid}`;
    if (!this.api.get('VirtualMachineSnapshotContent', ns, contentName)) this.createContent(snap, vmObj, contentName);
  }

  /** status.indications (and sourceIndications) of a snapshot of a running VM. */
  private indications(vm: VmRecord): Obj {
    const v = vm.vmi;
    if (!v || v.phase !== 'Running') return {};
    const list = ['Online', v.paused ? 'Paused' : v.guest.agentUp ? 'GuestAgent' : 'NoGuestAgent'];
    const text: Record<string, string> = {
      Online: 'Snapshot taken while the VM was running. Consistency depends on guest-agent quiescing.',
      GuestAgent: 'Guest agent was active and attempted to quiesce the filesystem for application consistency.',
      NoGuestAgent: 'Guest agent was not available. Snapshot is crash-consistent and may not be application-consistent.',
      Paused: 'Snapshot taken while the VM was paused. Snapshot is crash-consistent and may not be application-consistent.',
    };
    return { indications: list, sourceIndications: list.map((i) => ({ indication: i, message: text[i] })) };
  }

  /** The claim each PVC / DataVolume volume of the VM uses (volume name → claim name). */
  private claimsOf(vmObj: Obj): [string, string][] {
    const t = isObj(spec(vmObj).template) ? (spec(vmObj).template as Obj) : {};
    const vols = isObj(t.spec) && Array.isArray(t.spec.volumes) ? t.spec.volumes.filter(isObj) : [];
    const out: [string, string][] = [];
    for (const v of vols) {
      const claim = isObj(v.persistentVolumeClaim) ? v.persistentVolumeClaim.claimName : isObj(v.dataVolume) ? v.dataVolume.name : undefined;
      if (typeof claim === 'string' && typeof v.name === 'string') out.push([v.name, claim]);
    }
    return out;
  }

  private createContent(snap: StoredObject, vmObj: StoredObject, contentName: string): void {
    const { namespace: ns, name } = snap;
    const backups: Obj[] = [];
    for (const [volumeName, claim] of this.claimsOf(vmObj.obj)) {
      const pvc = this.api.get('PersistentVolumeClaim', ns, claim);
      // getSnapshotPVC: a claim that is missing or not Bound is left out
      if (!pvc || status(pvc).phase !== 'Bound') continue;
      const pm = isObj(pvc.obj.metadata) ? pvc.obj.metadata : {};
      backups.push({
        persistentVolumeClaim: { metadata: { name: pvc.name, namespace: ns, ...(isObj(pm.labels) ? { labels: pm.labels } : {}) }, spec: spec(pvc.obj) },
        volumeName,
        volumeSnapshotName: `vmsnapshot-${snap.uid}-volume-${volumeName}`,
      });
    }
    const vmMeta = isObj(vmObj.obj.metadata) ? vmObj.obj.metadata : {};
    const content = this.api.put({
      apiVersion: 'snapshot.kubevirt.io/v1beta1',
      kind: 'VirtualMachineSnapshotContent',
      metadata: { name: contentName, namespace: ns, finalizers: ['snapshot.kubevirt.io/vmsnapshotcontent-protection'], ownerReferences: [{ apiVersion: 'snapshot.kubevirt.io/v1beta1', kind: 'VirtualMachineSnapshot', name, uid: snap.uid, controller: true, blockOwnerDeletion: true }] },
      spec: {
        source: { virtualMachine: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: vmObj.name, namespace: ns, uid: vmObj.uid, ...(isObj(vmMeta.labels) ? { labels: vmMeta.labels } : {}), ...(isObj(vmMeta.annotations) ? { annotations: vmMeta.annotations } : {}) }, spec: structuredClone(spec(vmObj.obj)) } },
        virtualMachineSnapshotName: name,
        volumeBackups: backups,
      },
    });
    this.event('VirtualMachineSnapshot', ns, name, 'Normal', 'SuccessfulVirtualMachineSnapshotContentCreate', `Successfully created VirtualMachineSnapshotContent ${contentName}`, 'snapshot-controller');
    this.api.setStatus('VirtualMachineSnapshotContent', ns, contentName, { readyToUse: false });
    // the content controller creates one VolumeSnapshot per backup; the CSI driver cuts it
    for (const b of backups) {
      const vsName = String(b.volumeSnapshotName);
      const claim = String((b.persistentVolumeClaim as { metadata: Obj }).metadata.name);
      this.api.put({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: vsName, namespace: ns, ownerReferences: [{ apiVersion: 'snapshot.kubevirt.io/v1beta1', kind: 'VirtualMachineSnapshotContent', name: contentName, uid: content.stored.uid, controller: true }] }, spec: { source: { persistentVolumeClaimName: claim } } });
      this.api.setStatus('VolumeSnapshot', ns, vsName, { readyToUse: false });
      this.event('VirtualMachineSnapshotContent', ns, contentName, 'Normal', 'SuccessfulVolumeSnapshotCreate', `Successfully created VolumeSnapshot ${vsName}`, 'snapshot-controller');
    }
    this.clock.after(backups.length ? VOLUME_SNAPSHOT : STEP, () => this.contentReady(ns, name, snap.uid, contentName, backups, vmObj.obj));
  }

  private contentReady(ns: string, name: string, uid: string, contentName: string, backups: Obj[], vmSpecAt: Obj): void {
    const snap = this.api.get('VirtualMachineSnapshot', ns, name);
    if (!snap || snap.uid !== uid || !this.api.get('VirtualMachineSnapshotContent', ns, contentName)) return;
    const t = this.clock.now;
    const vss = backups.map((b) => {
      const vsName = String(b.volumeSnapshotName);
      const claim = this.api.get('PersistentVolumeClaim', ns, String((b.persistentVolumeClaim as { metadata: Obj }).metadata.name));
      const size = isObj(status(claim).capacity) ? (status(claim).capacity as Obj).storage : undefined;
      this.api.setStatus('VolumeSnapshot', ns, vsName, { boundVolumeSnapshotContentName: `snapcontent-${this.api.get('VolumeSnapshot', ns, vsName)?.uid ?? ''}`, creationTime: t, readyToUse: true, ...(size ? { restoreSize: size } : {}) });
      return { creationTime: t, readyToUse: true, volumeSnapshotName: vsName };
    });
    this.api.setStatus('VirtualMachineSnapshotContent', ns, contentName, { creationTime: t, readyToUse: true, ...(vss.length ? { volumeSnapshotStatus: vss } : {}) });
    // updateSnapshotStatus: the content's creationTime makes the snapshot Succeeded
    const st = status(snap);
    const conds = (Array.isArray(st.conditions) ? st.conditions : []) as Cond[];
    const included = new Set(backups.map((b) => String(b.volumeName)));
    const tspec = isObj(spec(vmSpecAt).template) ? (spec(vmSpecAt).template as Obj) : {};
    const vols = isObj(tspec.spec) && Array.isArray(tspec.spec.volumes) ? tspec.spec.volumes.filter(isObj).map((v) => String(v.name)) : [];
    const incl = vols.filter((v) => included.has(v));
    const excl = vols.filter((v) => !included.has(v));
    this.api.setStatus('VirtualMachineSnapshot', ns, name, {
      ...st,
      conditions: [this.cond('Progressing', false, 'Operation complete', conds), this.cond('Ready', true, 'Ready', conds)],
      creationTime: t,
      phase: 'Succeeded',
      readyToUse: true,
      snapshotVolumes: { ...(excl.length ? { excludedVolumes: excl } : {}), ...(incl.length ? { includedVolumes: incl } : {}) },
      virtualMachineSnapshotContentName: contentName,
    });
    // canUnlockSource: a finished snapshot unlocks the VM
    const vmName = String((spec(snap.obj).source as Obj | undefined)?.name ?? '');
    const lock = this.locks.get(`${ns}/${vmName}`);
    if (lock?.snapshot === name) lock.snapshot = undefined;
  }

  /** Deleting a snapshot deletes its content (deletionPolicy Delete, the default) and volume snapshots. */
  deleteSnapshot(ns: string, name: string): void {
    for (const c of this.api.list('VirtualMachineSnapshotContent', ns)) {
      if (spec(c.obj).virtualMachineSnapshotName !== name) continue;
      this.api.delete('VirtualMachineSnapshotContent', ns, c.name);
      for (const b of Array.isArray(spec(c.obj).volumeBackups) ? (spec(c.obj).volumeBackups as Obj[]) : []) this.api.delete('VolumeSnapshot', ns, String(b.volumeSnapshotName));
    }
    for (const l of this.locks.values()) if (l.snapshot === name) l.snapshot = undefined;
  }

  // --- VirtualMachineRestore -------------------------------------------------------------------

  /** Admission (vmrestore.go): the webhook's refusal as an Error, else the object is stored. */
  applyRestore(obj: Obj, ns: string): string {
    const s = spec(obj);
    const target = isObj(s.target) ? s.target : {};
    const causes = this.admit('VirtualMachineRestore', obj, ns, (self) => {
      const out: string[] = [];
      if (target.apiGroup === undefined || target.apiGroup === null) out.push('missing apiGroup');
      else if (target.apiGroup !== 'kubevirt.io') out.push('invalid apiGroup');
      else if (target.kind !== 'VirtualMachine') out.push('invalid kind');
      for (const r of this.api.list('VirtualMachineRestore', ns)) {
        if (r.uid !== self && JSON.stringify(spec(r.obj).target) === JSON.stringify(s.target) && status(r).complete !== true) out.push(`VirtualMachineRestore "${r.name}" in progress`);
      }
      return out;
    });
    if (causes.length) throw new Error(`admission webhook "virtualmachinerestore-validator.snapshot.kubevirt.io" denied the request: ${causes.join(', ')}`);
    return this.start(obj, ns, (n, uid) => this.restoreStep(ns, n, uid));
  }

  private restoreError(ns: string, name: string, st: Obj, message: string, fail: boolean): void {
    const conds = (Array.isArray(st.conditions) ? st.conditions : []) as Cond[];
    this.event('VirtualMachineRestore', ns, name, 'Warning', fail ? 'Operation failed' : 'VirtualMachineRestoreError', fail ? `VirtualMachineRestore failed ${message}` : `VirtualMachineRestore encountered error ${message}`, 'restore-controller');
    this.api.setStatus('VirtualMachineRestore', ns, name, { ...st, conditions: [this.cond('Progressing', false, message, conds), this.cond('Ready', false, message, conds), ...(fail ? [this.cond('Failure', true, message, conds)] : [])] });
  }

  private restoreStep(ns: string, name: string, uid: string): void {
    const r = this.api.get('VirtualMachineRestore', ns, name);
    if (!r || r.uid !== uid) return;
    const again = (dt = STEP) => this.clock.after(dt, () => this.restoreStep(ns, name, uid));
    const st = status(r);
    const conds = (Array.isArray(st.conditions) ? st.conditions : []) as Cond[];
    if (st.complete === true || conds.some((c) => c.type === 'Failure' && c.status === 'True')) return;
    const set = (progress: boolean, reason: string, ready: string, extra: Obj = {}) =>
      this.api.setStatus('VirtualMachineRestore', ns, name, { ...st, ...extra, conditions: [this.cond('Progressing', progress, reason, conds), this.cond('Ready', false, ready, conds)] });
    if (!isObj(r.obj.status)) {
      set(true, 'Initializing VirtualMachineRestore', 'Initializing VirtualMachineRestore', { complete: false });
      return again();
    }
    const s = spec(r.obj);
    const target = isObj(s.target) ? s.target : {};
    const vmName = String(target.name ?? '');
    const vmObj = this.api.get('VirtualMachine', ns, vmName);
    const vm = this.hooks.vm(ns, vmName);
    const meta = isObj(r.obj.metadata) ? r.obj.metadata : {};
    if (vmObj && !Array.isArray(meta.ownerReferences)) {
      // target.Own and the finalizer
      this.patchMeta('VirtualMachineRestore', ns, name, { ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: vmName, uid: vmObj.uid, controller: true, blockOwnerDeletion: true }], finalizers: ['snapshot.kubevirt.io/vmrestore-protection'] });
      return again(0);
    }
    // target.Ready(): the VM has no VMI
    if (vm?.vmi) {
      const policy = String(s.targetReadinessPolicy ?? 'WaitGracePeriod');
      const first = !conds.some((c) => c.reason === MSG.waitGrace || c.reason === MSG.waitEventually || c.reason === MSG.stopTarget);
      if (policy === 'FailImmediate') return this.restoreError(ns, name, st, MSG.failImmediate, true);
      if (policy === 'WaitGracePeriod' && this.clock.now - r.createdAt >= RESTORE_GRACE_PERIOD) return this.restoreError(ns, name, st, MSG.graceExceeded, true);
      if (policy === 'StopTarget') {
        if (first) {
          this.event('VirtualMachineRestore', ns, name, 'Warning', 'RestoreTargetNotReady', MSG.stopTarget, 'restore-controller');
          set(false, MSG.stopTarget, MSG.stopTarget);
          this.hooks.stopVm(ns, vmName);
        }
        return again();
      }
      const reason = policy === 'WaitEventually' ? MSG.waitEventually : MSG.waitGrace;
      if (first) {
        this.event('VirtualMachineRestore', ns, name, 'Warning', 'RestoreTargetNotReady', MSG.vmiExists, 'restore-controller');
        set(false, reason, reason);
      }
      return again();
    }
    const snapName = String(s.virtualMachineSnapshotName ?? '');
    const snap = this.api.get('VirtualMachineSnapshot', ns, snapName);
    const sst = status(snap);
    const err = !snap ? `VMSnapshot ${ns}/${snapName} does not exist` : sst.phase === 'Failed' ? `VMSnapshot ${ns}/${snapName} failed and is invalid to use` : sst.readyToUse !== true ? `VMSnapshot ${ns}/${snapName} not ready` : '';
    if (err) {
      if (!conds.some((c) => c.reason === err)) this.restoreError(ns, name, st, err, false);
      return again(5);
    }
    const content = this.api.get('VirtualMachineSnapshotContent', ns, String(sst.virtualMachineSnapshotContentName ?? ''));
    const source = content && isObj(spec(content.obj).source) && isObj((spec(content.obj).source as Obj).virtualMachine) ? ((spec(content.obj).source as Obj).virtualMachine as Obj) : undefined;
    if (!content || !source) return this.restoreError(ns, name, st, `VirtualMachineSnapshotContent of ${ns}/${snapName} does not exist`, false);
    if (vmObj && sst.sourceUID !== vmObj.uid) return this.restoreError(ns, name, st, 'restore source and restore target are different but restore target already exists', false);
    const lock = this.locks.get(`${ns}/${vmName}`) ?? {};
    if (lock.restore !== name) this.locks.set(`${ns}/${vmName}`, { ...lock, restore: name });
    // reconcileVolumeRestores: a new claim from each VolumeSnapshot, restore-<restore uid>-<volume>
    const backups = Array.isArray(spec(content.obj).volumeBackups) ? (spec(content.obj).volumeBackups as Obj[]) : [];
    if (!Array.isArray(st.restores) && backups.length) {
      const restores = backups.map((b) => {
        const pvcName = `restore-${uid}-${b.volumeName}`;
        const orig = b.persistentVolumeClaim as { metadata: Obj; spec: Obj };
        const { volumeName: _v, ...claimSpec } = orig.spec;
        this.hooks.createPvc({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: pvcName, namespace: ns, labels: { 'restore.kubevirt.io/source-vm-name': String(source.metadata && (source.metadata as Obj).name), 'restore.kubevirt.io/source-vm-namespace': ns }, annotations: { 'restore.kubevirt.io/name': name } }, spec: { ...claimSpec, dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: b.volumeSnapshotName } } }, ns);
        return { persistentVolumeClaim: pvcName, volumeName: b.volumeName, volumeSnapshotName: b.volumeSnapshotName };
      });
      set(true, 'Creating new PVCs', 'Waiting for new PVCs', { restores });
      return again();
    }
    const restores = (Array.isArray(st.restores) ? st.restores : []) as Obj[];
    if (restores.some((x) => status(this.api.get('PersistentVolumeClaim', ns, String(x.persistentVolumeClaim))).phase !== 'Bound')) return again();
    const lastRestore = `${name}-${uid}`;
    const vmAnn = vmObj && isObj(vmObj.obj.metadata) && isObj(vmObj.obj.metadata.annotations) ? vmObj.obj.metadata.annotations : {};
    if (vmAnn['restore.kubevirt.io/lastRestoreUID'] !== lastRestore) {
      this.hooks.updateVm(this.restoredVm(source, vmObj, vm, restores, lastRestore, ns, vmName));
      set(true, 'Updating target spec', 'Waiting for target update');
      return again();
    }
    // UpdateDoneRestore, the event, complete
    const l = this.locks.get(`${ns}/${vmName}`);
    if (l?.restore === name) l.restore = undefined;
    this.event('VirtualMachineRestore', ns, name, 'Normal', 'VirtualMachineRestoreComplete', `Successfully completed VirtualMachineRestore ${name}`, 'restore-controller');
    this.api.setStatus('VirtualMachineRestore', ns, name, { ...st, complete: true, conditions: [this.cond('Progressing', false, 'Operation complete', conds), { ...this.cond('Ready', true, 'Operation complete', conds) }], restoreTime: this.clock.now });
  }

  /** generateRestoredVMSpec: the snapshot's spec with the restored claims, the run strategy kept. */
  private restoredVm(source: Obj, vmObj: StoredObject | undefined, vm: VmRecord | undefined, restores: Obj[], lastRestore: string, ns: string, vmName: string): Obj {
    const sspec = structuredClone(spec(source));
    const byVolume = new Map(restores.map((x) => [String(x.volumeName), String(x.persistentVolumeClaim)]));
    const templates = Array.isArray(sspec.dataVolumeTemplates) ? (sspec.dataVolumeTemplates as Obj[]) : [];
    const tspec = isObj(sspec.template) && isObj((sspec.template as Obj).spec) ? ((sspec.template as Obj).spec as Obj) : {};
    const vols = Array.isArray(tspec.volumes) ? (tspec.volumes as Obj[]) : [];
    tspec.volumes = vols.map((v) => {
      const claim = byVolume.get(String(v.name));
      if (!claim) return v;
      if (isObj(v.persistentVolumeClaim)) return { ...v, persistentVolumeClaim: { ...v.persistentVolumeClaim, claimName: claim } };
      const ti = isObj(v.dataVolume) ? templates.findIndex((t) => isObj(t.metadata) && t.metadata.name === (v.dataVolume as Obj).name) : -1;
      if (ti >= 0) {
        templates[ti] = { ...templates[ti], metadata: { ...(templates[ti]!.metadata as Obj), name: claim } };
        return { ...v, dataVolume: { ...(v.dataVolume as Obj), name: claim } };
      }
      // a DataVolume volume without a template becomes a claim volume
      return { name: v.name, persistentVolumeClaim: { claimName: claim } };
    });
    if (templates.length) sspec.dataVolumeTemplates = templates;
    if (!vmObj) {
      // a new VM: stopped
      if ('running' in sspec) sspec.running = false;
      else sspec.runStrategy = 'Halted';
      const sm = isObj(source.metadata) ? source.metadata : {};
      return { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: vmName, namespace: ns, ...(isObj(sm.labels) ? { labels: sm.labels } : {}), annotations: { ...(isObj(sm.annotations) ? sm.annotations : {}), 'restore.kubevirt.io/lastRestoreUID': lastRestore } }, spec: sspec };
    }
    const cur = spec(vmObj.obj);
    if ('running' in cur) {
      sspec.running = false;
      delete sspec.runStrategy;
    } else {
      sspec.runStrategy = vm?.strategy ?? cur.runStrategy ?? 'Halted';
      delete sspec.running;
    }
    const m = isObj(vmObj.obj.metadata) ? vmObj.obj.metadata : {};
    return { ...vmObj.obj, metadata: { ...m, annotations: { ...(isObj(m.annotations) ? m.annotations : {}), 'restore.kubevirt.io/lastRestoreUID': lastRestore } }, spec: sspec };
  }
}
