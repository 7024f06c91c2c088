// LUN disks, PCI addresses, and the volume sources and devices behind feature gates that are off
// in a default KubeVirt v1.9.0 (Alpha): rules L1, L2, PCI1, PCI2, G1–G4 in docs/validators.md.
import { alphaGateOn, persistentReservationEnabled } from '../cluster-config.ts';
import { parseK8sQuantity } from '../k8s.ts';
import type { PathSeg } from '../spans.ts';
import { arr, isObj, type Obj } from '../raw.ts';
import { add, P, present, type Ctx } from './ctx.ts';

/** pkg/util/hardware/hw_utils.go: PCI_ADDRESS_PATTERN (domain:bus:slot.function). */
const PCI_ADDRESS = /^([\da-fA-F]{4}):([\da-fA-F]{2}):([\da-fA-F]{2})\.([0-7]{1})$/;
const HOST_DISK_TYPES = ['Disk', 'DiskOrCreate'];

const gateHint = (gate: string) => `Alpha feature gate ${gate} is off in a default KubeVirt: the cluster admin enables it in the KubeVirt CR (spec.configuration.developerConfiguration.featureGates: [${gate}]).`;

const dp = (i: number, ...r: PathSeg[]) => ['domain', 'devices', 'disks', i, ...r] as PathSeg[];
// KubeVirt's quirky field for the PCI messages: …disks.disk[i].name
const pciName = (ctx: Ctx, i: number) => P(ctx, ['domain', 'devices', 'disks', 'disk', i, 'name']);

export function deviceRules(ctx: Ctx): void {
  const s = ctx.spec;
  const dev = isObj(s.domain) && isObj(s.domain.devices) ? s.domain.devices : {};
  const vols = new Map<string, Obj>();
  for (const v of arr(s.volumes)) if (isObj(v) && !vols.has(String(v.name))) vols.set(String(v.name), v);
  let reservationReported = false;
  arr(dev.disks).forEach((d, i) => {
    if (!isObj(d)) return;
    const vol = vols.get(String(d.name ?? ''));
    if (present(d.lun) && vol && !present(vol.persistentVolumeClaim) && !present(vol.dataVolume))
      add(ctx, dp(i, 'lun'), `${P(ctx, dp(i, 'lun'))} can only be mapped to a DataVolume or PersistentVolumeClaim volume.`, 'A LUN passes a block device through: back it with a persistentVolumeClaim or dataVolume volume, or use disk: instead.');
    if (isObj(d.lun) && d.lun.reservation === true && !reservationReported && !persistentReservationEnabled(ctx.config)) {
      add(ctx, dp(i, 'lun', 'reservation'), 'persistent reservation is not enabled in kubevirt config', 'SCSI persistent reservation is off by default: the cluster admin sets persistentReservationConfiguration.enabled: true (or the PersistentReservation gate) in the KubeVirt CR, or drop reservation.', 'value');
      reservationReported = true;
    }
    if (isObj(d.disk) && typeof d.disk.pciAddress === 'string' && d.disk.pciAddress !== '') {
      const addr = d.disk.pciAddress;
      if (d.disk.bus !== 'virtio') add(ctx, dp(i, 'disk', 'pciAddress'), `disk ${pciName(ctx, i)} - setting a PCI address is only possible with bus type virtio.`, 'Set bus: virtio on this disk (the bus is not defaulted before this check), or remove pciAddress.', 'value');
      if (!PCI_ADDRESS.test(addr)) add(ctx, dp(i, 'disk', 'pciAddress'), `disk ${pciName(ctx, i)} has malformed PCI address (${addr}).`, 'Write domain:bus:slot.function in hex, e.g. 0000:81:01.0.', 'value');
    }
  });
  gatedSources(ctx, dev, vols);
}

function gatedSources(ctx: Ctx, dev: Obj, vols: Map<string, Obj>): void {
  const s = ctx.spec;
  // vmi-create-admitter.go: validateFilesystemsWithVirtIOFSEnabled (one cause per filesystem)
  for (const f of arr(dev.filesystems)) {
    if (!isObj(f)) continue;
    const v = vols.get(String(f.name ?? ''));
    if (v && (present(v.persistentVolumeClaim) || present(v.dataVolume)) && !alphaGateOn(ctx.config, 'EnableVirtioFsStorageVolumes'))
      add(ctx, ['domain', 'devices', 'filesystems'], 'virtiofs is not allowed: virtiofs feature gate is not enabled for PVC', gateHint('EnableVirtioFsStorageVolumes'));
  }
  if (present(dev.downwardMetrics) && !alphaGateOn(ctx.config, 'DownwardMetrics'))
    add(ctx, ['domain', 'devices', 'downwardMetrics'], 'downwardMetrics virtio serial is not allowed: DownwardMetrics feature gate is not enabled', gateHint('DownwardMetrics'));
  arr(s.volumes).forEach((v, i) => {
    if (!isObj(v)) return;
    if (present(v.downwardMetrics) && !alphaGateOn(ctx.config, 'DownwardMetrics'))
      add(ctx, ['volumes', i, 'downwardMetrics'], 'downwardMetrics disks are not allowed: DownwardMetrics feature gate is not enabled.', gateHint('DownwardMetrics'));
    const hd = v.hostDisk;
    if (!present(hd)) return;
    const h = isObj(hd) ? hd : {};
    const at = (...r: PathSeg[]) => ['volumes', i, 'hostDisk', ...r] as PathSeg[];
    if (!alphaGateOn(ctx.config, 'HostDisk')) add(ctx, at(), 'HostDisk feature gate is not enabled', `${gateHint('HostDisk')} In a lab, a persistentVolumeClaim or containerDisk volume needs no gate.`);
    if (typeof h.path !== 'string' || h.path === '') add(ctx, present(h.path) ? at('path') : at(), `${P(ctx, at('path'))} is required for hostDisk volume`, 'Add path: the image file on the node, e.g. /var/data/disk.img.', present(h.path) ? 'value' : 'key');
    const type = typeof h.type === 'string' ? h.type : '';
    if (!HOST_DISK_TYPES.includes(type)) add(ctx, present(h.type) ? at('type') : at(), `${P(ctx, at('type'))} has invalid value '${type}', allowed are 'Disk' or 'DiskOrCreate'`, 'Use type: Disk (the image exists) or type: DiskOrCreate (with capacity).', present(h.type) ? 'value' : 'key');
    const cap = present(h.capacity) ? parseK8sQuantity(h.capacity) : undefined;
    if (type === 'Disk' && cap && cap.nanos !== 0n)
      add(ctx, at('capacity'), `${P(ctx, at('capacity'))} is allowed to pass only with ${P(ctx, at('type'))} equal to 'DiskOrCreate'`, 'Remove capacity, or use type: DiskOrCreate.', 'key');
  });
}
