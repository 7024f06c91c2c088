// Volume hotplug (virtctl addvolume / removevolume): the VM keeps the volume in its spec, a
// running VMI attaches it through an hp-volume- pod and reports each step in
// status.volumeStatus (Bound → AttachedToNode → MountedToPod → Ready) with the events
// virt-controller and virt-handler record; the guest then sees a new SCSI disk.
import type { SimClock } from './clock.ts';
import { intn } from './prng.ts';
import { isFinal, type HotplugVolume, type VmiRecord, type VmRecord } from './records.ts';

export type { HotplugVolume };
import type { ObjectStore } from './store.ts';
import type { ApiObjects } from './objects.ts';

export class HotplugController {
  constructor(
    private readonly clock: SimClock,
    private readonly api: ApiObjects,
    private readonly store: ObjectStore,
  ) {}

  private event(ns: string, vmi: string, reason: string, message: string, source: string): void {
    this.api.events.record({ type: 'Normal', reason, message, source, involved: { kind: 'VirtualMachineInstance', namespace: ns, name: vmi } });
  }

  add(ns: string, vmName: string, volumeName: string, opts: { serial?: string; bus?: string; diskName?: string } = {}): { ok: boolean; message: string } {
    const vm = this.store.vm(ns, vmName);
    if (!vm) return { ok: false, message: `error adding volume, virtualmachine.kubevirt.io "${vmName}" not found` };
    const pvc = this.api.get('PersistentVolumeClaim', ns, volumeName);
    if (!this.api.get('DataVolume', ns, volumeName) && !pvc) return { ok: false, message: `Volume ${volumeName} is not a DataVolume or PersistentVolumeClaim` };
    const name = opts.diskName ?? volumeName;
    vm.hotplugged ??= [];
    if (vm.hotplugged.some((h) => h.name === name) || vm.model.claims.some((c) => c.volume === name)) {
      return { ok: false, message: `error adding volume, Unable to add volume [${name}] because volume with that name already exists` };
    }
    const cap = ((pvc?.obj.status as Record<string, unknown> | undefined)?.capacity as Record<string, string> | undefined)?.storage ?? '1Gi';
    const h: HotplugVolume = { name, claim: volumeName, bus: opts.bus === 'virtio' ? 'virtio' : 'scsi', phase: 'Bound', reason: '', message: '', attachPod: '', size: cap };
    if (opts.serial) h.serial = opts.serial;
    vm.hotplugged.push(h);
    const vmi = vm.vmi;
    if (vmi && vmi.phase === 'Running') this.attach(vm, vmi, h);
    return { ok: true, message: `Successfully submitted add volume request to VM ${vmName} for volume ${volumeName}` };
  }

  remove(ns: string, vmName: string, volumeName: string): { ok: boolean; message: string } {
    const vm = this.store.vm(ns, vmName);
    if (!vm) return { ok: false, message: `error removing volume, virtualmachine.kubevirt.io "${vmName}" not found` };
    const i = (vm.hotplugged ?? []).findIndex((h) => h.name === volumeName || h.claim === volumeName);
    if (i < 0) return { ok: false, message: `error removing volume, Unable to remove volume [${volumeName}] because it does not exist` };
    const [h] = vm.hotplugged!.splice(i, 1);
    const vmi = vm.vmi;
    const live = vmi?.hotplug?.find((x) => x.name === h!.name);
    if (vmi && live) {
      live.phase = 'Detaching';
      this.clock.after(this.clock.timings.migrationStep, () => {
        if (!vmi.hotplug) return;
        vmi.hotplug = vmi.hotplug.filter((x) => x !== live);
        this.event(ns, vmi.name, 'VolumeUnplugged', `Volume ${live.name} has been unplugged`, 'virt-handler');
        this.clock.emit('vmi', 'volume', { name: live.name, phase: 'Unplugged' });
        if (live.attachPod) this.api.delete('Pod', ns, live.attachPod);
      });
    }
    return { ok: true, message: `Successfully submitted remove volume request to VM ${vmName} for volume ${volumeName}` };
  }

  /** A new VMI of a VM with hotplugged volumes starts with them attached. */
  onVmiRunning(vm: VmRecord, vmi: VmiRecord): void {
    for (const h of vm.hotplugged ?? []) this.attach(vm, vmi, { ...h });
  }

  private attach(vm: VmRecord, vmi: VmiRecord, h: HotplugVolume): void {
    const ns = vmi.namespace;
    vmi.hotplug ??= [];
    vmi.hotplug.push(h);
    const alive = () => vm.vmi === vmi && !isFinal(vmi.phase) && vmi.hotplug?.includes(h);
    const step = this.clock.timings.migrationStep;
    const set = (phase: HotplugVolume['phase'], reason: string, message: string, source: string) => {
      Object.assign(h, { phase, reason, message });
      this.event(ns, vmi.name, reason, message, source);
      this.clock.emit('vmi', 'volume', { name: h.name, phase });
    };
    this.clock.emit('vmi', 'volume', { name: h.name, phase: 'Bound' });
    this.clock.after(step, () => {
      if (!alive()) return;
      const abc = 'bcdfghjklmnpqrstvwxz2456789';
      let s = '';
      for (let i = 0; i < 5; i++) s += abc[intn(this.clock.rand, abc.length)];
      h.attachPod = `hp-volume-${s}`;
      this.api.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: h.attachPod, namespace: ns, labels: { 'kubevirt.io': 'hotplug-disk' } }, spec: { nodeName: vmi.node, containers: [{ name: 'hotplug-disk', image: 'quay.io/kubevirt/virt-launcher:v1.9.0' }] } });
      this.api.setStatus('Pod', ns, h.attachPod, { phase: 'Running', containerStatuses: [{ name: 'hotplug-disk', ready: true, restartCount: 0, state: { running: { startedAt: this.clock.now } } }] });
      set('AttachedToNode', 'SuccessfulCreate', `Created hotplug attachment pod ${h.attachPod}, for volume ${h.name}`, 'virtualmachine-controller');
      this.clock.after(step, () => {
        if (!alive()) return;
        set('MountedToPod', 'VolumeMountedToPod', `Volume ${h.name} has been mounted in virt-launcher pod`, 'virt-handler');
        this.clock.after(step / 2, () => {
          if (!alive()) return;
          const used = new Set((vmi.hotplug ?? []).map((x) => x.target).filter(Boolean));
          const prefix = h.bus === 'scsi' ? 'sd' : 'vd';
          for (let c = h.bus === 'scsi' ? 0 : 2; c < 26; c++) {
            const dev = `${prefix}${String.fromCharCode(97 + c)}`;
            if (!used.has(dev)) {
              h.target = dev;
              break;
            }
          }
          set('Ready', 'VolumeReady', `Successfully attach hotplugged volume ${h.name} to VM`, 'virt-handler');
        });
      });
    });
  }
}
