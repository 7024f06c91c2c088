// Admission stage: KubeVirt v1.9.0's validating webhook rules (virtualmachine-validator and the
// VMI spec checks it runs on the template), after the defaults the admitter applies. Messages
// are KubeVirt's own (../shared/docs/kubevirt-validation.md §3). P is the spec prefix:
// spec.template.spec for a VirtualMachine, spec for a VirtualMachineInstance. Rules whose outcome
// depends on the KubeVirt CR's configuration read it from `config` (cluster-config.ts).
import { DEFAULT_CLUSTER_CONFIG, type ClusterConfig } from './cluster-config.ts';
import { dns1123LabelErrors, parseK8sQuantity, parseQuantity, portNameErrors, QUANTITY_FORMAT_MSG, quantityString, quantityValue, type Quantity } from './k8s.ts';
import { clusterPath, type PathSeg } from './spans.ts';
import { add, P, present, type Ctx } from './admission/ctx.ts';
import { deviceRules } from './admission/devices.ts';
import { dnsRules, serviceAccountRules } from './admission/dns.ts';
import type { instancetypeAdmission } from './admission/instancetype.ts';
import { ruleFor } from './registry.ts';
import { arr, isObj, type Obj, type RawFinding } from './raw.ts';

const RUN_STRATEGIES = ['Halted', 'Manual', 'Always', 'RerunOnFailure', 'Once'];
const MODELS = ['e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio'];
const BUSES = ['virtio', 'scsi', 'sata', 'usb'];
const EVICTION = ['None', 'LiveMigrate', 'LiveMigrateIfPossible', 'External'];
const CACHE = ['none', 'writethrough', 'writeback'];
const IO = ['native', 'threads'];
const ERROR_POLICIES = ['stop', 'ignore', 'report', 'enospace'];
/** pkg/storage/admitters/disks.go: isValidExpression, maxStrLen. */
const SERIAL = /^[A-Za-z0-9_.+-]+$/;
const SERIAL_MAX = 256;


/** Has a pod network after KubeVirt's defaults (both lists empty ⇒ default pod network added,
 *  unless autoattachPodInterface is false: pkg/network/vmispec/defaults.go SetDefaultNetworkInterface). */
export function hasPodNetwork(spec: Obj): boolean {
  const nets = arr(spec.networks);
  const dev = isObj(spec.domain) && isObj(spec.domain.devices) ? spec.domain.devices : {};
  const ifaces = arr(dev.interfaces);
  if (nets.length === 0 && ifaces.length === 0) return dev.autoattachPodInterface !== false;
  return nets.some((n) => isObj(n) && present(n.pod));
}

function probes(ctx: Ctx): void {
  const s = ctx.spec;
  const kinds = ['httpGet', 'tcpSocket', 'exec', 'guestAgentPing'];
  for (const name of ['readinessProbe', 'livenessProbe']) {
    const p = s[name];
    if (!isObj(p)) continue;
    const n = kinds.filter((k) => present(p[k])).length;
    if (n === 0)
      add(ctx, [name], `either ${P(ctx, [name, 'tcpSocket'])}, ${P(ctx, [name, 'exec'])} or ${P(ctx, [name, 'httpGet'])} must be set if a ${P(ctx, [name])} is specified`, 'Give the probe one handler: httpGet, tcpSocket, exec or guestAgentPing.');
    else if (n > 1) add(ctx, [name], `${P(ctx, [name])} must have exactly one probe type set`, 'Keep one of httpGet, tcpSocket, exec, guestAgentPing and remove the others.');
  }
  if (!hasPodNetwork(s)) {
    for (const name of ['readinessProbe', 'livenessProbe']) {
      const p = s[name];
      if (!isObj(p)) continue;
      for (const k of ['httpGet', 'tcpSocket'])
        if (present(p[k])) add(ctx, [name, k], `${P(ctx, [name, k])} is only allowed if the Pod Network is attached`, 'Attach the pod network (networks: [{name: default, pod: {}}]) or use an exec / guestAgentPing probe.');
    }
  }
  if (present(s.startStrategy)) {
    if (s.startStrategy === 'Paused') {
      if (isObj(s.livenessProbe)) add(ctx, ['startStrategy'], `either ${P(ctx, ['startStrategy'])} or ${P(ctx, ['livenessProbe'])} should be provided.Pausing VMI with LivenessProbe is not supported`, 'Remove startStrategy or the livenessProbe.');
    } else add(ctx, ['startStrategy'], `${P(ctx, ['startStrategy'])} is set with an unrecognized option: ${String(s.startStrategy)}`, 'The only startStrategy is Paused.', 'value');
  }
}

const MAC6 = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/;
const MACLONG = /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){6}([:-][0-9A-Fa-f]{2}){0,12}$/;

// Path helpers at module level: a closure made per call is costly where names are kept (tsx).
const ip = (i: number, ...r: PathSeg[]) => ['domain', 'devices', 'interfaces', i, ...r] as PathSeg[];

function networks(ctx: Ctx): void {
  const s = ctx.spec;
  const dev = (isObj(s.domain) && isObj(s.domain.devices) ? s.domain.devices : {}) as Obj;
  const ifaces = arr(dev.interfaces).filter(isObj);
  const nets = arr(s.networks).filter(isObj);
  if (ifaces.length === 0 && nets.length === 0) return; // defaults add pod network + interface
  // N19: discontinued bindings, with early return.
  let discontinued = false;
  ifaces.forEach((f, i) => {
    for (const [k, label] of [['slirp', 'Slirp'], ['passt', 'Passt'], ['macvtap', 'Macvtap']] as const)
      if (present(f[k])) {
        add(ctx, ip(i, k), `${label} interface support has been discontinued since v1.3`, 'Use masquerade (pod network) or bridge instead.');
        discontinued = true;
      }
  });
  if (discontinued) return;
  // N1, N2
  const podIdx = nets.map((n, i) => (present(n.pod) ? i : -1)).filter((i) => i >= 0);
  if (podIdx.length > 1) add(ctx, ['networks', podIdx[1]!, 'pod'], `more than one interface is connected to a pod network in ${P(ctx, ['interfaces'])}`, 'Keep one network with pod: {}.');
  const multusDefault = nets.map((n, i) => (isObj(n.multus) && n.multus.default === true ? i : -1)).filter((i) => i >= 0);
  if (podIdx.length && multusDefault.length) add(ctx, ['networks', multusDefault[0]!], 'Pod network cannot be defined when Multus default network is defined', 'Remove pod: {} or the multus default: true.');
  if (multusDefault.length > 1) add(ctx, ['networks', multusDefault[1]!], 'Multus CNI should only have one default network', 'Mark one multus network default: true.');
  // N3, N4
  nets.forEach((n, i) => {
    const c = ['pod', 'multus'].filter((k) => present(n[k])).length;
    if (c === 0) add(ctx, ['networks', i], 'should have a network type', 'Add pod: {} (or multus: {networkName: …}).');
    else if (c > 1) add(ctx, ['networks', i], 'should have only one network type', 'Keep either pod or multus.');
    if (isObj(n.multus) && !n.multus.networkName) add(ctx, ['networks', i, 'multus'], 'CNI delegating plugin must have a networkName', 'Add networkName: <NetworkAttachmentDefinition name>.');
  });
  const netByName = new Map(nets.map((n) => [String(n.name), n]));
  ifaces.forEach((f, i) => {
    const name = String(f.name ?? '');
    // N5
    if (present(f.state) && f.state !== '') {
      if (!['absent', 'down', 'up'].includes(String(f.state))) add(ctx, ip(i, 'state'), `logical ${name} interface state value is unsupported: ${String(f.state)}`, 'Use up, down or absent.', 'value');
      else if (f.state === 'absent' && !present(f.bridge)) add(ctx, ip(i, 'state'), `"${name}" interface's state "absent" is supported only for bridge binding`, 'Use state: down, or a bridge binding.', 'value');
    }
    // N6
    const bindings = ['masquerade', 'bridge', 'sriov', 'passtBinding', 'binding'].filter((k) => present(f[k])).length;
    if (bindings !== 1) add(ctx, ip(i), `logical ${name} interface must have exactly one binding method or binding plugin`, 'Give the interface one of masquerade: {}, bridge: {}, sriov: {} or binding: {name: …}.');
    // N7, N8
    if (present(f.masquerade)) {
      const net = netByName.get(name);
      // a missing network is a zero-value Network in binding.go's caller: no pod either
      if (!net || !present(net.pod)) add(ctx, ip(i, 'name'), 'Masquerade interface only implemented with pod network', 'Masquerade connects to the pod network only: use bridge for a multus network.');
      if (typeof f.macAddress === 'string' && f.macAddress.toLowerCase() === '02:00:00:00:00:00')
        add(ctx, ip(i, 'macAddress'), 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.', 'Pick another address, e.g. 02:00:00:00:00:01, or leave macAddress out.', 'value');
    }
    // N9 (pkg/network/admitter/binding.go: validateBridgeBinding): only when the cluster sets
    // network.permitBridgeInterfaceOnPodNetwork: false (KubeVirt's default is true).
    if (present(f.bridge) && !ctx.config.permitBridgeInterfaceOnPodNetwork) {
      const net = netByName.get(name);
      if (net && present(net.pod)) add(ctx, ip(i, 'name'), 'Bridge on pod network configuration is not enabled under kubevirt-config', 'This cluster does not permit bridge on the pod network: use masquerade: {} there (bridge stays possible on a multus network).');
    }
  });
  // N10
  const seenNet = new Set<string>();
  nets.forEach((n, i) => {
    const name = String(n.name);
    if (seenNet.has(name)) add(ctx, ['networks', i, 'name'], `Network with name "${name}" already exists, every network must have a unique name`, 'Rename one of the networks (and its interface).', 'value');
    seenNet.add(name);
  });
  // N11
  const ifNames = new Set(ifaces.map((f) => String(f.name)));
  nets.forEach((n, i) => {
    if (!ifNames.has(String(n.name))) add(ctx, ['networks', i, 'name'], `${P(ctx, ['networks', i, 'name'])} '${String(n.name)}' not found.`, `Add an interface named "${String(n.name)}" under domain.devices.interfaces, or remove the network.`, 'value');
  });
  // N12
  const seenIf = new Set<string>();
  ifaces.forEach((f, i) => {
    if (seenIf.has(String(f.name))) add(ctx, ip(i, 'name'), 'Only one interface can be connected to one specific network', 'Give each interface its own network name.', 'value');
    seenIf.add(String(f.name));
  });
  ifaces.forEach((f, i) => {
    const name = String(f.name ?? '');
    // N13
    if (!netByName.has(name)) add(ctx, ip(i, 'name'), `${P(ctx, ip(i, 'name'))} '${name}' not found.`, `Add a network named "${name}" under networks (e.g. {name: ${name}, pod: {}}), or rename the interface to match one.`, 'value');
    // N14
    if (!/^[A-Za-z0-9-_]+$/.test(name)) add(ctx, ip(i, 'name'), 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)', 'Rename the interface (and its network), e.g. "default".', 'value');
    // N15
    if (present(f.model) && f.model !== '' && !MODELS.includes(String(f.model)))
      add(ctx, ip(i, 'model'), `interface ${P(ctx, ip(i, 'name'))} uses model ${String(f.model)} that is not supported.`, `Use one of: ${MODELS.join(', ')}.`, 'value');
    // N16
    if (typeof f.macAddress === 'string' && f.macAddress !== '') {
      if (MACLONG.test(f.macAddress)) add(ctx, ip(i, 'macAddress'), `interface ${P(ctx, ip(i, 'name'))} has too long MAC address (${f.macAddress}).`, 'Use six bytes, e.g. 02:ab:cd:ef:01:23.', 'value');
      else if (!MAC6.test(f.macAddress)) add(ctx, ip(i, 'macAddress'), `interface ${P(ctx, ip(i, 'name'))} has malformed MAC address (${f.macAddress}).`, 'Use six bytes, e.g. 02:ab:cd:ef:01:23.', 'value');
    }
    // N17: port rules only for interfaces on the pod network
    const net = netByName.get(name);
    if (net && present(net.pod)) {
      const names = new Set<string>();
      arr(f.ports).forEach((p, j) => {
        if (!isObj(p)) return;
        const port = p.port;
        if (port === 0 || port === undefined) add(ctx, ip(i, 'ports', j), 'Port field is mandatory.', 'Set port: to the guest port to forward.');
        else if (typeof port === 'number' && (port < 0 || port > 65535)) add(ctx, ip(i, 'ports', j, 'port'), 'Port field must be in range 0 < x < 65536.', 'Use a port between 1 and 65535.', 'value');
        if (present(p.protocol) && p.protocol !== '' && !['TCP', 'UDP'].includes(String(p.protocol))) add(ctx, ip(i, 'ports', j, 'protocol'), 'Unknown protocol, only TCP or UDP allowed', 'Use TCP or UDP.', 'value');
        if (typeof p.name === 'string' && p.name !== '') {
          if (names.has(p.name)) add(ctx, ip(i, 'ports', j, 'name'), `Duplicate name of the port: ${p.name}`, 'Give each port its own name.', 'value');
          names.add(p.name);
          if (portNameErrors(p.name).length) add(ctx, ip(i, 'ports', j, 'name'), `Invalid name of the port: ${p.name}`, `A port name is an IANA_SVC_NAME: ${portNameErrors(p.name).join('; ')}.`, 'value');
        }
      });
    }
    // N18
    if (arr(f.portRanges).length) add(ctx, ip(i, 'portRanges'), 'portRanges is specified on interface but the PortRangesSpec feature gate is not enabled', 'List the ports under ports: instead.');
  });
}

const TARGETS = ['disk', 'lun', 'cdrom'];

const dp = (i: number, ...r: PathSeg[]) => ['domain', 'devices', 'disks', i, ...r] as PathSeg[];

function disks(ctx: Ctx): void {
  const s = ctx.spec;
  const dev = (isObj(s.domain) && isObj(s.domain.devices) ? s.domain.devices : {}) as Obj;
  const ds = arr(dev.disks);
  const vols = arr(s.volumes).filter(isObj);
  const volNames = new Set(vols.map((v) => String(v.name)));
  const seen = new Map<string, number>();
  const boot = new Map<number, boolean>();
  ds.forEach((d, i) => {
    if (!isObj(d)) return;
    const name = String(d.name ?? '');
    if (!volNames.has(name) && !(present(d.cdrom) && !volNames.has(name)))
      add(ctx, dp(i, 'name'), `${P(ctx, dp(i))}.Name '${name}' not found.`, `Add a volume named "${name}" under volumes, or rename the disk to match one (${[...volNames].join(', ') || 'no volumes yet'}).`, 'value');
    if (seen.has(name)) add(ctx, dp(i, 'name'), `${P(ctx, dp(i))} and ${P(ctx, dp(seen.get(name)!))} must not have the same Name.`, 'Rename one of the disks.', 'value');
    else seen.set(name, i);
    const targets = TARGETS.filter((t) => present(d[t]));
    if (targets.length > 1) add(ctx, dp(i), `${P(ctx, dp(i))} can only have a single target type defined`, 'Keep one of disk, lun or cdrom.');
    const dnsErr = dns1123LabelErrors(name);
    if (name && dnsErr.length) add(ctx, dp(i, 'name'), dnsErr.join(', '), 'Use lower case letters, digits and "-", e.g. "containerdisk".', 'value');
    for (const t of targets) {
      const tgt = d[t];
      if (!isObj(tgt) || !present(tgt.bus) || tgt.bus === '') continue;
      const bus = String(tgt.bus);
      const at = dp(i, t, 'bus');
      if (bus === 'ide') add(ctx, at, 'IDE bus is not supported', `Use one of: ${BUSES.join(', ')}.`, 'value');
      else if (!BUSES.includes(bus)) add(ctx, at, `${P(ctx, dp(i))} is set with an unrecognized bus ${bus}, must be one of: [${BUSES.join(' ')}]`, `Use one of: ${BUSES.join(', ')}.`, 'value');
      else if (t === 'cdrom' && bus === 'virtio') add(ctx, at, 'Bus type virtio is invalid for CD-ROM device', 'Use sata or scsi for a CD-ROM.', 'value');
      else if (t === 'disk' && bus === 'sata' && tgt.readonly === true) add(ctx, at, 'sata hard-disks do not support read-only.', 'Use bus: virtio for a read-only disk.', 'value');
    }
    // D6, B1 (vmi-create-admitter.go: validateBootOrder; disks.go: validateBootOrderValue): a
    // disk's order enters the map shared with the interfaces even when it is below 1.
    if (present(d.bootOrder)) {
      const b = Number(d.bootOrder);
      if (b < 1) add(ctx, dp(i, 'bootOrder'), `${P(ctx, dp(i))} must have a boot order > 0, if supplied`, 'Boot orders start at 1.', 'value');
      if (boot.has(b)) add(ctx, dp(i, 'bootOrder'), `Boot order for ${P(ctx, dp(i, 'bootOrder'))} already set for a different device.`, 'Give each device its own boot order.', 'value');
      boot.set(b, true);
    }
    // D7 (pkg/storage/admitters/disks.go: validateSerialNumValue, validateSerialNumLength,
    // validateCacheMode, validateIOMode, validateErrorPolicy, in ValidateDisks' order)
    if (typeof d.serial === 'string' && d.serial !== '') {
      if (!SERIAL.test(d.serial)) add(ctx, dp(i, 'serial'), `${P(ctx, dp(i))} must be made up of the following characters [A-Za-z0-9_.+-], if specified`, 'Use letters, digits and _ . + - only, e.g. serial: DISK-0001.', 'value');
      if ([...d.serial].length > SERIAL_MAX) add(ctx, dp(i, 'serial'), `${P(ctx, dp(i))} must be less than or equal to ${SERIAL_MAX} in length, if specified`, `Shorten the serial to at most ${SERIAL_MAX} characters.`, 'value');
    }
    if (present(d.cache) && d.cache !== '' && !CACHE.includes(String(d.cache))) add(ctx, dp(i, 'cache'), `${P(ctx, dp(i, 'cache'))} has invalid value ${String(d.cache)}`, `Use one of: ${CACHE.join(', ')}.`, 'value');
    // KubeVirt names the disks list, not the disk, in this message (and its cause's field is
    // P.domain.devices.disks.domain.devices.disks[i].io); the finding sits on the disk's io.
    if (present(d.io) && d.io !== '' && !IO.includes(String(d.io))) add(ctx, dp(i, 'io'), `Disk IO mode for ${P(ctx, ['domain', 'devices', 'disks'])} is not supported. Supported modes are: native, threads.`, 'Use io: native or io: threads.', 'value');
    // a pointer in KubeVirt: an empty errorPolicy is set, and invalid
    if (present(d.errorPolicy) && !ERROR_POLICIES.includes(String(d.errorPolicy)))
      add(ctx, dp(i, 'errorPolicy'), `${P(ctx, dp(i, 'errorPolicy'))} has invalid value "${String(d.errorPolicy)}"`, `Use one of: ${ERROR_POLICIES.join(', ')} (stop is the default).`, 'value');
  });
  // vmi-create-admitter.go: validateInterfaceBootOrder, after the disks, on the same map
  arr(dev.interfaces).forEach((f, i) => {
    if (!isObj(f) || !present(f.bootOrder)) return;
    const b = Number(f.bootOrder);
    const at: PathSeg[] = ['domain', 'devices', 'interfaces', i, 'bootOrder'];
    if (b < 1) add(ctx, at, `${clusterPath(ctx.base)}[${i}] must have a boot order > 0, if supplied`, 'Boot orders start at 1.', 'value');
    else {
      if (boot.has(b)) add(ctx, at, `Boot order for ${P(ctx, at)} already set for a different device.`, 'Disks and interfaces share one boot order: give the interface a number no disk uses.', 'value');
      boot.set(b, true);
    }
  });
}

const STD_B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64(s: string): string | undefined {
  const t = s.replace(/\s+/g, '');
  if (!STD_B64.test(t)) return undefined;
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(t), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

const ciPath = (i: number, key: string, ...r: PathSeg[]) => ['volumes', i, key, ...r] as PathSeg[];
const set = (v: unknown) => typeof v === 'string' ? v !== '' : present(v);
const refSet = (v: unknown) => isObj(v) && typeof v.name === 'string' && v.name !== '';

function cloudInitSource(ctx: Ctx, i: number, src: Obj, key: string): void {
  const user = [set(src.userData), set(src.userDataBase64), refSet(src.secretRef)].filter(Boolean).length;
  const net = [set(src.networkData), set(src.networkDataBase64), refSet(src.networkDataSecretRef)].filter(Boolean).length;
  if (user === 0 && net === 0) add(ctx, ciPath(i, key), `${P(ctx, ciPath(i, key))} must have at least one userdatasource or one networkdatasource set.`, 'Set userData, userDataBase64 or secretRef: {name: …}.');
  if (user > 1) add(ctx, ciPath(i, key), `${P(ctx, ciPath(i, key))} must have only one userdatasource set.`, 'Keep one of userData, userDataBase64, secretRef.');
  if (net > 1) add(ctx, ciPath(i, key), `${P(ctx, ciPath(i, key))} must have only one networkdata source set.`, 'Keep one of networkData, networkDataBase64, networkDataSecretRef.');
  for (const [kind, plain, b64, refName] of [['userdata', 'userData', 'userDataBase64', 'UserDataSecretRef'], ['networkdata', 'networkData', 'networkDataBase64', 'NetworkDataSecretRef']] as const) {
    let size = 0;
    if (typeof src[plain] === 'string') size = byteLength(src[plain] as string);
    if (typeof src[b64] === 'string' && src[b64] !== '') {
      const dec = decodeBase64(src[b64] as string);
      if (dec === undefined) {
        add(ctx, ciPath(i, key, b64), `${P(ctx, ciPath(i, key, b64))}.${key}.${b64} is not a valid base64 value.`, 'Encode the text with `base64 -w0` or use the plain field instead.', 'value');
        continue;
      }
      size = byteLength(dec);
    }
    if (size > 2048) add(ctx, ciPath(i, key, set(src[plain]) ? plain : b64), `${P(ctx, ciPath(i, key))} ${kind} exceeds 2048 byte limit. Should use ${refName} for larger data.`, `Put the ${kind} into a Secret and reference it with secretRef.`, 'value');
  }
}

function volumes(ctx: Ctx): void {
  const vols = arr(ctx.spec.volumes);
  const seen = new Map<string, number>();
  vols.forEach((v, i) => {
    if (!isObj(v)) return;
    const name = String(v.name ?? '');
    if (seen.has(name)) add(ctx, ['volumes', i, 'name'], `${P(ctx, ['volumes', i])} and ${P(ctx, ['volumes', seen.get(name)!])} must not have the same Name.`, 'Rename one of the volumes (and its disk).', 'value');
    else seen.set(name, i);
    const sources = Object.keys(v).filter((k) => k !== 'name' && present(v[k]));
    if (sources.length !== 1) add(ctx, ['volumes', i], `${P(ctx, ['volumes', i])} must have exactly one source type set`, sources.length ? `Keep one of ${sources.join(', ')}.` : 'Add a source such as containerDisk: {image: …} or cloudInitNoCloud: {…}.');
    for (const key of ['cloudInitNoCloud', 'cloudInitConfigDrive'])
      if (isObj(v[key])) cloudInitSource(ctx, i, v[key] as Obj, key);
    const cd = v.containerDisk;
    if (isObj(cd) && typeof cd.path === 'string' && cd.path !== '') {
      const p = cd.path;
      if (p === '/') add(ctx, ['volumes', i, 'containerDisk', 'path'], `${P(ctx, ['volumes', i, 'containerDisk'])} must not point to root`, 'Point at the disk image file, e.g. /disk/disk.img.', 'value');
      else if (!p.startsWith('/') || p.split('/').some((s) => s === '.' || s === '..')) add(ctx, ['volumes', i, 'containerDisk', 'path'], `${P(ctx, ['volumes', i, 'containerDisk'])} must be an absolute path to a file without relative components`, 'Use an absolute path such as /disk/disk.img.', 'value');
    }
    if (isObj(v.dataVolume) && !v.dataVolume.name) add(ctx, ['volumes', i, 'dataVolume'], "DataVolume 'name' must be set", 'Add name: <DataVolume name>.');
    if (isObj(v.secret) && !v.secret.secretName) add(ctx, ['volumes', i, 'secret'], `${P(ctx, ['volumes', i, 'secret', 'secretName'])} is a required field`, 'Add secretName: <Secret name>.');
    if (isObj(v.configMap) && !v.configMap.name) add(ctx, ['volumes', i, 'configMap'], `${P(ctx, ['volumes', i, 'configMap', 'name'])} is a required field`, 'Add name: <ConfigMap name>.');
  });
}

/** A quantity as the admitter prints it (Go's %s of a resource.Quantity: its canonical form, 2048Mi → 2Gi). */
const shownQuantity = (v: unknown): string => {
  const q = parseK8sQuantity(v);
  return q ? quantityString(q) : String(v);
};

const rp = (k: 'requests' | 'limits', r: string) => ['domain', 'resources', k, r] as PathSeg[];

function memory(ctx: Ctx): void {
  const dom = isObj(ctx.spec.domain) ? ctx.spec.domain : {};
  const res = isObj(dom.resources) ? dom.resources : {};
  const req = isObj(res.requests) ? res.requests : {};
  const lim = isObj(res.limits) ? res.limits : {};
  for (const [k, m] of [['requests', req], ['limits', lim]] as const) {
    if (present(m.memory)) {
      const v = parseQuantity(m.memory);
      if (v < 0) add(ctx, rp(k, 'memory'), `${P(ctx, rp(k, 'memory'))} '${shownQuantity(m.memory)}': must be greater than or equal to 0.`, 'Use a positive size such as 1024M.', 'value');
      else if (k === 'requests' && v > 0 && v < 1e6) add(ctx, rp(k, 'memory'), `${P(ctx, rp(k, 'memory'))} '${shownQuantity(m.memory)}': must be greater than or equal to 1M.`, 'A lower-case "m" means milli: write 64Mi or 64M.', 'value');
    }
    if (present(m.cpu) && parseQuantity(m.cpu) < 0) add(ctx, rp(k, 'cpu'), `${P(ctx, rp(k, 'cpu'))} '${shownQuantity(m.cpu)}': must be greater than or equal to 0.`, 'Use a CPU amount of 0 or more, e.g. 200m.', 'value');
  }
  for (const r of ['memory', 'cpu']) {
    if (present(req[r]) && present(lim[r]) && parseQuantity(req[r]) > parseQuantity(lim[r]))
      add(ctx, rp('requests', r), `${P(ctx, rp('requests', r))} '${shownQuantity(req[r])}' is greater than ${P(ctx, rp('limits', r))} '${shownQuantity(lim[r])}'`, 'Requests may not exceed limits.', 'value');
  }
  hugepages(ctx, dom, req, lim);
  guestMemoryLimit(ctx, dom, req, lim);
}

/** A memory quantity as the admitter sees it after decoding; undefined when absent or unparsable. */
function quantityAt(m: Obj, key: string): Quantity | undefined {
  return present(m[key]) ? parseK8sQuantity(m[key]) : undefined;
}
const nonZero = (q: Quantity | undefined) => q !== undefined && q.nanos !== 0n;

/** memory.guest after KubeVirt's defaults (pkg/defaults/defaults.go: setGuestMemory, which the VM
 *  admitter runs before validating): as written, else requests.memory, else limits.memory, else
 *  the hugepages page size; with the field it came from. */
function effectiveGuest(mem: Obj, req: Obj, lim: Obj): { q: Quantity; at: PathSeg[] } | undefined {
  const g = quantityAt(mem, 'guest');
  if (g) return { q: g, at: ['domain', 'memory', 'guest'] };
  const r = quantityAt(req, 'memory');
  if (nonZero(r)) return { q: r!, at: ['domain', 'resources', 'requests', 'memory'] };
  const l = quantityAt(lim, 'memory');
  if (nonZero(l)) return { q: l!, at: ['domain', 'resources', 'limits', 'memory'] };
  const h = isObj(mem.hugepages) && typeof mem.hugepages.pageSize === 'string' ? parseK8sQuantity(mem.hugepages.pageSize) : undefined;
  return h ? { q: h, at: ['domain', 'memory', 'hugepages', 'pageSize'] } : undefined;
}

/** The next multiple of the page size at or above `bytes`, as a quantity (978Mi for 1024M and 2Mi). */
function roundedUp(bytes: number, pageSize: number): string {
  const up = Math.max(1, Math.ceil(bytes / pageSize)) * pageSize;
  return quantityString(parseK8sQuantity(up % 1024 === 0 ? `${up / 1024}Ki` : `${up}`)!);
}

// M7 (vmi-create-admitter.go: validateHugepagesMemoryRequests). The memory compared is
// requests.memory, else memory.guest (after defaults), else limits.memory; the message always
// names requests.memory and prints its value ('0' when unset), as KubeVirt's does. The finding
// sits on the field the memory came from.
function hugepages(ctx: Ctx, dom: Obj, req: Obj, lim: Obj): void {
  const mem = isObj(dom.memory) ? dom.memory : {};
  if (!isObj(mem.hugepages)) return;
  const hp = mem.hugepages;
  const psPath: PathSeg[] = ['domain', 'memory', 'hugepages', 'pageSize'];
  const raw = typeof hp.pageSize === 'string' ? hp.pageSize : '';
  const size = parseK8sQuantity(raw);
  if (!size) {
    add(ctx, present(hp.pageSize) ? psPath : ['domain', 'memory', 'hugepages'], `${P(ctx, psPath)} '${raw}': ${QUANTITY_FORMAT_MSG}`, 'Give the page size as a quantity: 2Mi or 1Gi on x86_64.', present(hp.pageSize) ? 'value' : 'key');
    return;
  }
  const pageSize = quantityValue(size);
  // KubeVirt divides by the page size: 0 makes the webhook panic rather than answer; not modelled.
  if (pageSize === 0) return;
  const r = quantityAt(req, 'memory');
  let vmMemory = r ? quantityValue(r) : 0;
  let at: PathSeg[] = ['domain', 'resources', 'requests', 'memory'];
  if (vmMemory === 0) {
    const g = effectiveGuest(mem, req, lim);
    vmMemory = g ? quantityValue(g.q) : 0;
    if (g) at = g.at;
  }
  if (vmMemory === 0) {
    const l = quantityAt(lim, 'memory');
    vmMemory = l ? quantityValue(l) : 0;
    at = ['domain', 'resources', 'limits', 'memory'];
  }
  const shown = `${P(ctx, ['domain', 'resources', 'requests', 'memory'])} '${r ? quantityString(r) : '0'}'`;
  if (vmMemory !== 0 && vmMemory < pageSize)
    add(ctx, at, `${shown} must be equal to or larger than page size ${P(ctx, psPath)} '${raw}'`, `Give the VM at least one page (${raw}) of memory, or use a smaller pageSize (2Mi).`, 'value');
  else if (vmMemory % pageSize !== 0)
    add(ctx, at, `${shown} is not a multiple of the page size ${P(ctx, psPath)} '${raw}'`, pageSize < 0 ? 'A page size is positive: 2Mi or 1Gi on x86_64.' : `Make the memory a whole number of ${raw} pages, e.g. ${roundedUp(vmMemory, pageSize)}.`, 'value');
}


// M6 (vmi-create-admitter.go: validateGuestMemoryLimit): skipped while the cluster's
// vmRolloutStrategy is LiveUpdate (KubeVirt's default), checked under Stage.
function guestMemoryLimit(ctx: Ctx, dom: Obj, req: Obj, lim: Obj): void {
  if (ctx.config.vmRolloutStrategy === 'LiveUpdate') return;
  const mem = isObj(dom.memory) ? dom.memory : {};
  const g = effectiveGuest(mem, req, lim);
  if (!g) return;
  const l = quantityAt(lim, 'memory');
  const limits = l ? quantityValue(l) : 0;
  if (limits !== 0 && limits < quantityValue(g.q))
    add(ctx, g.at, `${P(ctx, ['domain', 'memory', 'guest'])} '${quantityString(g.q)}' must be equal to or less than the memory limit ${P(ctx, ['domain', 'resources', 'limits', 'memory'])} '${quantityString(l!)}'`, 'Lower memory.guest to the limit, or raise resources.limits.memory.', 'value');
}

function misc(ctx: Ctx): void {
  const s = ctx.spec;
  if (typeof s.hostname === 'string' && s.hostname !== '') {
    const errs = dns1123LabelErrors(s.hostname);
    if (errs.length) add(ctx, ['hostname'], `${P(ctx, ['hostname'])} does not conform to the kubernetes DNS_LABEL rules : ${errs.join(', ')}`, 'Use lower case letters, digits and "-", at most 63 characters.', 'value');
  }
  if (present(s.evictionStrategy) && !EVICTION.includes(String(s.evictionStrategy)))
    add(ctx, ['evictionStrategy'], `${P(ctx, ['evictionStrategy'])} is set with an unrecognized option: ${String(s.evictionStrategy)}`, `Use one of: ${EVICTION.join(', ')}.`, 'value');
}

/** KubeVirt's defaults give a spec without interfaces and networks a bridge interface on the pod
 *  network (defaultNetworkInterface: bridge), and refuse to when the cluster does not permit
 *  bridge there (pkg/network/vmispec/defaults.go: SetDefaultNetworkInterface). The admitter
 *  returns that error before any rule runs (vms-admitter.go: Admit; the VMI mutator likewise). */
function defaultInterfaceRefused(base: PathSeg[], spec: Obj, config: Readonly<ClusterConfig>): RawFinding | undefined {
  if (config.permitBridgeInterfaceOnPodNetwork) return undefined;
  const dev = isObj(spec.domain) && isObj(spec.domain.devices) ? spec.domain.devices : {};
  if (dev.autoattachPodInterface === false || arr(spec.networks).length || arr(dev.interfaces).length) return undefined;
  return {
    stage: 'admission', severity: 'error', path: [...base, 'domain', 'devices'], anchor: 'key', message: 'bridge interface is not enabled in kubevirt-config',
    hint: 'Without interfaces KubeVirt adds a bridge one, which this cluster does not permit: add interfaces: [{name: default, masquerade: {}}] and networks: [{name: default, pod: {}}].',
  };
}

/** The VMI-spec rules, shared by VirtualMachine (template) and VirtualMachineInstance. */
export function vmiSpecRules(base: PathSeg[], spec: Obj, out: RawFinding[], config: Readonly<ClusterConfig> = DEFAULT_CLUSTER_CONFIG): void {
  const ctx: Ctx = { base, spec, out, config };
  probes(ctx);
  networks(ctx);
  disks(ctx);
  volumes(ctx);
  memory(ctx);
  misc(ctx);
  dnsRules(ctx);
  serviceAccountRules(ctx);
  deviceRules(ctx);
}

/** Admission findings for a VirtualMachine or VirtualMachineInstance document. */
/** `docs` are the stream's other objects, where a VM's instance type and preference are looked up. */
const rs = (out: RawFinding[], rel: PathSeg[], message: string, hint: string, anchor: 'key' | 'value' = 'key', severity: 'error' | 'warning' = 'error') =>
  out.push({ stage: 'admission', severity, path: ['spec', ...rel], anchor, message, hint });

export function admissionStage(obj: Obj, kind: string, config: Readonly<ClusterConfig> = DEFAULT_CLUSTER_CONFIG, docs: readonly unknown[] = []): RawFinding[] {
  const out: RawFinding[] = [];
  const spec = isObj(obj.spec) ? obj.spec : {};
  if (kind === 'VirtualMachine') {
    // The mutating webhook's matcher checks and the conflicts with the instance type end
    // admission before the VM spec rules run (vms-admitter.go: Admit, ApplyToVM).
    // only a VM that names an instance type or preference needs their rules (and KubeVirt's
    // common ones): they load with the instancetype.kubevirt.io group (registry.ts ruleLoaders)
    if (isObj(spec.instancetype) || isObj(spec.preference)) {
      const it = ruleFor<typeof instancetypeAdmission>('instancetype.kubevirt.io', 'instancetypeAdmission')(obj, docs, config);
      if (it.refusal) return it.refusal;
      out.push(...it.warnings);
    }
    const hasRunning = present(spec.running);
    const hasStrategy = present(spec.runStrategy);
    if (!hasRunning && !hasStrategy) rs(out, [], 'RunStrategy must be specified', 'Add runStrategy: Always (or Halted, Manual, RerunOnFailure, Once) under spec.');
    if (hasRunning && hasStrategy) rs(out, ['running'], 'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead', 'Remove running: and keep runStrategy.');
    if (hasStrategy && !RUN_STRATEGIES.includes(String(spec.runStrategy))) {
      const v = String(spec.runStrategy);
      rs(out, ['runStrategy'], v === 'WaitAsReceiver' ? 'Invalid RunStrategy (WaitAsReceiver), DecentralizedLiveMigration feature gate is not enabled in kubevirt resource' : `Invalid RunStrategy (${v})`, `Use one of: ${RUN_STRATEGIES.join(', ')}.`, 'value');
    }
    if (hasRunning) rs(out, ['running'], 'spec.running is deprecated, please use spec.runStrategy instead.', spec.running === true ? 'Write runStrategy: Always instead of running: true.' : 'Write runStrategy: Halted instead of running: false.', 'key', 'warning');
    const tmpl = isObj(spec.template) ? spec.template : undefined;
    if (!tmpl) return out;
    const refused = defaultInterfaceRefused(['spec', 'template', 'spec'], isObj(tmpl.spec) ? tmpl.spec : {}, config);
    if (refused) return [refused];
    vmiSpecRules(['spec', 'template', 'spec'], isObj(tmpl.spec) ? tmpl.spec : {}, out, config);
  } else if (kind === 'VirtualMachineInstance') {
    const refused = defaultInterfaceRefused(['spec'], spec, config);
    if (refused) return [refused];
    vmiSpecRules(['spec'], spec, out, config);
  }
  return out;
}
