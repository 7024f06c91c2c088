// Instance types and preferences (KubeVirt v1.9.0 pkg/instancetype/): the common cluster
// instance types virt-operator deploys, the VM controller's sync (find the referenced objects,
// store ControllerRevisions, status.instancetypeRef / preferenceRef, the Failure condition when
// one is missing) and the expansion of the VMI spec (apply/*.go, preference/apply/*.go).
// The admission conflicts are the validators' (validators/admission/instancetype.ts).
import type { ApiObjects, StoredObject } from './objects.ts';
import { commonInstancetype, commonInstancetypeNames, commonPreference, commonPreferenceNames } from '../validators/admission/common-instancetypes.ts';
import { isObj, type Obj } from '../validators/raw.ts';

const GROUP = 'instancetype.kubevirt.io';
const VERSION = 'v1beta1';
type What = 'instancetype' | 'preference';
const KINDS: Record<What, [string, string]> = {
  instancetype: ['VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype'],
  preference: ['VirtualMachinePreference', 'VirtualMachineClusterPreference'],
};

export interface InstancetypeFailure {
  reason: 'FailedFindInstancetype' | 'FailedFindPreference';
  message: string;
}

const o = (v: unknown): Obj => (isObj(v) ? v : {});

/** The kind a matcher names (find/spec.go): empty or the cluster kind → cluster-scoped. */
function kindOf(m: Obj, what: What): string {
  const k = typeof m.kind === 'string' ? m.kind.toLowerCase() : '';
  const [ns, cl] = KINDS[what];
  return k === ns.toLowerCase() || k === `${ns.toLowerCase()}s` ? ns : cl;
}

const plural = (kind: string) => `${kind.toLowerCase()}s.${GROUP}`;

export class InstancetypeController {
  constructor(private readonly api: ApiObjects, common: boolean) {
    api.control('VirtualMachineClusterInstancetype', 'VirtualMachineInstancetype', 'VirtualMachineClusterPreference', 'VirtualMachinePreference', 'ControllerRevision');
    if (!common) return;
    // virt-operator's common-instancetypes bundle (what admission knows: validators' common-instancetypes.ts)
    const labels = { 'app.kubernetes.io/component': 'kubevirt', 'app.kubernetes.io/managed-by': 'virt-operator', 'instancetype.kubevirt.io/vendor': 'kubevirt.io' };
    for (const name of commonInstancetypeNames()) this.api.put({ apiVersion: `${GROUP}/${VERSION}`, kind: 'VirtualMachineClusterInstancetype', metadata: { name, labels }, spec: commonInstancetype(name) });
    for (const name of commonPreferenceNames()) this.api.put({ apiVersion: `${GROUP}/${VERSION}`, kind: 'VirtualMachineClusterPreference', metadata: { name, labels }, spec: commonPreference(name) });
  }

  private find(vm: Obj, ns: string, what: What): { ref?: { kind: string; name: string }; obj?: StoredObject } {
    const m = o(o(vm.spec)[what]);
    if (typeof m.name !== 'string' || !m.name) return {};
    const kind = kindOf(m, what);
    return { ref: { kind, name: m.name }, obj: this.api.get(kind, ns, m.name) };
  }

  /** checkResourcesExist: the Failure condition's reason and message, or undefined. */
  failure(vm: Obj, ns: string): InstancetypeFailure | undefined {
    for (const what of ['instancetype', 'preference'] as const) {
      const { ref, obj } = this.find(vm, ns, what);
      if (ref && !obj) return { reason: what === 'instancetype' ? 'FailedFindInstancetype' : 'FailedFindPreference', message: `${plural(ref.kind)} "${ref.name}" not found` };
    }
    return undefined;
  }

  private readonly refs = new Map<string, Obj>();

  /** The VM's status refs (instancetypeRef, preferenceRef) as the last sync left them. */
  statusRefs(ns: string, name: string): Obj {
    return this.refs.get(`${ns}/${name}`) ?? {};
  }

  /** Store: a ControllerRevision per referenced object and the VM's status refs (revision/store.go). */
  sync(vm: StoredObject): Obj {
    const out: Obj = {};
    this.refs.set(`${vm.namespace}/${vm.name}`, out);
    if (this.failure(vm.obj, vm.namespace)) return out;
    for (const what of ['instancetype', 'preference'] as const) {
      const { ref, obj } = this.find(vm.obj, vm.namespace, what);
      if (!ref || !obj) continue;
      const gen = Number(o(obj.obj.metadata).generation ?? 1);
      const name = `${vm.name}-${obj.name}-${VERSION}-${obj.uid}-${gen}`;
      if (!this.api.get('ControllerRevision', vm.namespace, name)) {
        this.api.put({
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: {
            name,
            namespace: vm.namespace,
            labels: { [`${GROUP}/object-generation`]: String(gen), [`${GROUP}/object-kind`]: ref.kind, [`${GROUP}/object-name`]: obj.name, [`${GROUP}/object-uid`]: obj.uid, [`${GROUP}/object-version`]: VERSION },
            ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: vm.name, uid: vm.uid, controller: true, blockOwnerDeletion: true }],
          },
          data: { apiVersion: `${GROUP}/${VERSION}`, kind: ref.kind, metadata: { name: obj.name, uid: obj.uid, generation: gen }, spec: obj.obj.spec ?? {} },
          revision: 0,
        });
      }
      out[`${what}Ref`] = { controllerRevisionRef: { name }, kind: ref.kind, name: ref.name };
    }
    return out;
  }

  /** ApplyToVMI: the VMI's metadata annotations and spec after the instance type and preference. */
  expand(vm: Obj, ns: string, spec: Obj): { annotations: Record<string, string>; spec: Obj } {
    const annotations: Record<string, string> = {};
    const it = this.find(vm, ns, 'instancetype');
    const pref = this.find(vm, ns, 'preference');
    if (!it.obj && !pref.obj) return { annotations, spec };
    const s = structuredClone(spec);
    const dom = (s.domain = o(s.domain));
    const itSpec = it.obj ? o(it.obj.obj.spec) : undefined;
    const pSpec = pref.obj ? o(pref.obj.obj.spec) : undefined;
    // annotations.Set
    if (it.ref) annotations[it.ref.kind === KINDS.instancetype[1] ? 'kubevirt.io/cluster-instancetype-name' : 'kubevirt.io/instancetype-name'] = it.ref.name;
    if (pref.ref) annotations[pref.ref.kind === KINDS.preference[1] ? 'kubevirt.io/cluster-preference-name' : 'kubevirt.io/preference-name'] = pref.ref.name;
    if (itSpec) {
      const cpu = o(itSpec.cpu);
      const vcpu = o((dom.cpu = { ...o(dom.cpu) }));
      if (cpu.model !== undefined) vcpu.model = cpu.model;
      if (cpu.dedicatedCPUPlacement !== undefined) vcpu.dedicatedCpuPlacement = cpu.dedicatedCPUPlacement;
      if (cpu.isolateEmulatorThread !== undefined) vcpu.isolateEmulatorThread = cpu.isolateEmulatorThread;
      for (const k of ['numa', 'realtime', 'maxSockets']) if (cpu[k] !== undefined) vcpu[k] = structuredClone(cpu[k]);
      Object.assign(vcpu, topology(Number(cpu.guest ?? 1), pSpec));
      const mem = o(itSpec.memory);
      const vmem = o((dom.memory = { ...o(dom.memory) }));
      if (mem.guest !== undefined) vmem.guest = mem.guest;
      if (mem.hugepages !== undefined) vmem.hugepages = structuredClone(mem.hugepages);
      if (mem.maxGuest !== undefined) vmem.maxGuest = mem.maxGuest;
      if (itSpec.nodeSelector !== undefined) s.nodeSelector = structuredClone(itSpec.nodeSelector);
      if (itSpec.schedulerName !== undefined) s.schedulerName = itSpec.schedulerName;
      if (itSpec.ioThreadsPolicy !== undefined) dom.ioThreadsPolicy = itSpec.ioThreadsPolicy;
      for (const [k, v] of Object.entries(o(itSpec.annotations))) annotations[k] = String(v);
    }
    if (pSpec) applyPreference(pSpec, s);
    return { annotations, spec: s };
  }
}

/** applyGuestCPUTopology (apply/cpu.go) with the preference's preferredCPUTopology (default sockets). */
function topology(vcpus: number, pref: Obj | undefined): Obj {
  const t = { cores: 1, sockets: 1, threads: 1 };
  if (vcpus === 1) return t;
  const pc = o(pref?.cpu);
  const topo = typeof pc.preferredCPUTopology === 'string' ? pc.preferredCPUTopology : 'sockets';
  if (topo === 'cores' || topo === 'preferCores') t.cores = vcpus;
  else if (topo === 'threads' || topo === 'preferThreads') t.threads = vcpus;
  else if (topo === 'spread' || topo === 'preferSpread') {
    const so = o(pc.spreadOptions);
    const ratio = Number(so.ratio ?? pref?.preferSpreadSocketToCoreRatio ?? 2) || 2;
    const across = String(so.across ?? 'SocketsCores');
    if (across === 'CoresThreads') Object.assign(t, { threads: ratio, cores: Math.floor(vcpus / ratio) });
    else if (across === 'SocketsCoresThreads') Object.assign(t, { threads: 2, cores: ratio, sockets: Math.floor(vcpus / 2 / ratio) });
    else Object.assign(t, { cores: ratio, sockets: Math.floor(vcpus / ratio) });
  } else t.sockets = vcpus;
  return t;
}

/** preference/apply: a preferred value fills a field the VM left unset. */
function applyPreference(p: Obj, s: Obj): void {
  const dom = o(s.domain);
  const dev = o(p.devices);
  const vdev = o((dom.devices = { ...o(dom.devices) }));
  for (const [pk, vk] of [['preferredAutoattachGraphicsDevice', 'autoattachGraphicsDevice'], ['preferredAutoattachMemBalloon', 'autoattachMemBalloon'], ['preferredAutoattachPodInterface', 'autoattachPodInterface'], ['preferredAutoattachSerialConsole', 'autoattachSerialConsole'], ['preferredAutoattachInputDevice', 'autoattachInputDevice'], ['preferredUseVirtioTransitional', 'useVirtioTransitional'], ['preferredBlockMultiQueue', 'blockMultiQueue'], ['preferredNetworkInterfaceMultiQueue', 'networkInterfaceMultiQueue']] as const) {
    if (dev[pk] !== undefined && vdev[vk] === undefined) vdev[vk] = dev[pk];
  }
  if (Array.isArray(vdev.disks)) {
    vdev.disks = vdev.disks.map((d0) => {
      const d = { ...o(d0) };
      if (!isObj(d.disk) && !isObj(d.cdrom) && !isObj(d.lun)) d.disk = {};
      if (isObj(d.disk)) {
        d.disk = { ...d.disk };
        if (dev.preferredDiskBus && !(d.disk as Obj).bus) (d.disk as Obj).bus = dev.preferredDiskBus;
        if (dev.preferredDiskCache && !d.cache) d.cache = dev.preferredDiskCache;
        if (dev.preferredDiskIO && !d.io) d.io = dev.preferredDiskIO;
      } else if (isObj(d.cdrom) && dev.preferredCdromBus && !d.cdrom.bus) d.cdrom = { ...d.cdrom, bus: dev.preferredCdromBus };
      else if (isObj(d.lun) && dev.preferredLunBus && !d.lun.bus) d.lun = { ...d.lun, bus: dev.preferredLunBus };
      return d;
    });
  }
  if (Array.isArray(vdev.interfaces) && dev.preferredInterfaceModel) vdev.interfaces = vdev.interfaces.map((i) => (isObj(i) && !i.model ? { ...i, model: dev.preferredInterfaceModel } : i));
  const fw = o(p.firmware);
  if (Object.keys(fw).length) {
    const vfw = o((dom.firmware = { ...o(dom.firmware) }));
    const bl = o((vfw.bootloader = { ...o(vfw.bootloader) }));
    if (fw.preferredUseBios === true && !bl.bios && !bl.efi) bl.bios = {};
    if (fw.preferredUseBiosSerial !== undefined && isObj(bl.bios) && bl.bios.useSerial === undefined) bl.bios = { ...bl.bios, useSerial: fw.preferredUseBiosSerial };
    if (!bl.efi && !bl.bios && isObj(fw.preferredEfi)) bl.efi = structuredClone(fw.preferredEfi);
    else {
      if (fw.preferredUseEfi === true && !bl.efi && !bl.bios) bl.efi = {};
      if (fw.preferredUseSecureBoot !== undefined && isObj(bl.efi) && bl.efi.secureBoot === undefined) bl.efi = { ...bl.efi, secureBoot: fw.preferredUseSecureBoot };
    }
  }
  const mt = o(p.machine).preferredMachineType;
  if (typeof mt === 'string' && mt && !o(dom.machine).type) dom.machine = { ...o(dom.machine), type: mt };
  if (p.preferredTerminationGracePeriodSeconds !== undefined && s.terminationGracePeriodSeconds === undefined) s.terminationGracePeriodSeconds = p.preferredTerminationGracePeriodSeconds;
  if (p.preferredSubdomain !== undefined && s.subdomain === undefined) s.subdomain = p.preferredSubdomain;
  if (typeof p.preferredArchitecture === 'string' && !s.architecture) s.architecture = p.preferredArchitecture;
}
