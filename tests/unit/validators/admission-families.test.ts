// The KubeVirt admission families of issue #13 (docs/validators.md, ids DNS1–IT4): per rule a
// rejected case (stage, message, path, line) and an accepted one, through validateText.
import { describe, expect, it } from 'vitest';
import { validateText, type ClusterConfig } from '../../../validators/index.ts';
import { commonInstancetype, commonPreference } from '../../../validators/admission/common-instancetypes.ts';
import { BASE_VM, edit, findingsOf, lineOf } from './base.ts';

const P = 'spec.template.spec';
const B = BASE_VM;

interface Case {
  id: string;
  bad: string;
  message: string;
  path: string;
  /** Text on the line the finding starts at (below the line holding `after`). */
  at: string;
  after?: string;
  severity?: 'error' | 'warning';
  good: string;
  /** Cluster configuration for the bad case / the good case (default: KubeVirt's). */
  cluster?: Partial<ClusterConfig>;
  goodCluster?: Partial<ClusterConfig>;
}

/** Lines inserted into the template spec before `networks:`. */
const spec = (lines: string) => edit(B, ['      networks:\n', `${lines}      networks:\n`]);
/** A volume (and nothing else) appended to the volumes. */
const vol = (t: string, v: string) => `${t}${v}`;
const disk0 = (target: string) => edit(B, ['            - name: containerdisk\n              disk:\n                bus: virtio\n', `            - name: containerdisk\n${target}`]);
const pvc0 = (t: string) => edit(t, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          persistentVolumeClaim:\n            claimName: lab-disk\n']);
const noMemory = edit(B, ['        resources:\n          requests:\n            memory: 1024M\n', '']);
const withIT = (t: string, matcher = '  instancetype:\n    name: lab-u1-small\n') => edit(t, ['spec:\n  runStrategy: Halted\n', `spec:\n  runStrategy: Halted\n${matcher}`]);
const IT = `---
apiVersion: instancetype.kubevirt.io/v1beta1
kind: VirtualMachineClusterInstancetype
metadata:
  name: lab-u1-small
spec:
  cpu:
    guest: 1
  memory:
    guest: 1Gi
`;
const PREF = `---
apiVersion: instancetype.kubevirt.io/v1beta1
kind: VirtualMachineClusterPreference
metadata:
  name: lab-linux
spec:
  requirements:
    cpu:
      guest: 2
`;
const dns = (cfg: string) => spec(`      dnsConfig:\n${cfg}`);
const long = (c: string) => `${c.repeat(60)}.${c.repeat(60)}.example`;

const cases: Case[] = [
  // DNS1–DNS8 (vmi-create-admitter.go: validatePodDNSConfig)
  { id: 'DNS1', bad: spec('      dnsPolicy: None\n'), message: 'must provide `dnsConfig` when `dnsPolicy` is None', path: `${P}.dnsPolicy`, at: 'dnsPolicy: None',
    good: spec('      dnsPolicy: None\n      dnsConfig:\n        nameservers: ["1.1.1.1"]\n') },
  { id: 'DNS2', bad: spec('      dnsPolicy: None\n      dnsConfig:\n        searches: [lab.example]\n'), message: 'must provide at least one DNS nameserver when `dnsPolicy` is None', path: `${P}.dnsConfig`, at: 'dnsConfig:',
    good: spec('      dnsPolicy: None\n      dnsConfig:\n        nameservers: ["1.1.1.1"]\n        searches: [lab.example]\n') },
  { id: 'DNS3', bad: dns('        nameservers: ["1.1.1.1", "8.8.8.8", "9.9.9.9", "1.0.0.1"]\n'), message: 'must not have more than 3 nameservers: [1.1.1.1 8.8.8.8 9.9.9.9 1.0.0.1]', path: `${P}.dnsConfig.nameservers`, at: 'nameservers:',
    good: dns('        nameservers: ["1.1.1.1", "8.8.8.8", "9.9.9.9"]\n') },
  { id: 'DNS4', bad: dns('        nameservers:\n          - dns.google\n'), message: 'must be valid IP address: dns.google', path: `${P}.dnsConfig.nameservers[0]`, at: '- dns.google',
    good: dns('        nameservers:\n          - "2001:4860:4860::8888"\n          - ::ffff:8.8.4.4\n') },
  { id: 'DNS5', bad: dns('        searches: [a.example, b.example, c.example, d.example, e.example, f.example, g.example]\n'), message: 'must not have more than 6 search paths', path: `${P}.dnsConfig.searches`, at: 'searches:',
    good: dns('        searches: [a.example, b.example, c.example, d.example, e.example, f.example]\n') },
  { id: 'DNS6', bad: dns(`        searches: [${long('a')}, ${long('b')}]\n`), message: 'must not have more than 256 characters (including spaces) in the search list', path: `${P}.dnsConfig.searches`, at: 'searches:',
    good: dns(`        searches: [${long('a')}]\n`) },
  { id: 'DNS7', bad: dns('        searches:\n          - Lab.Example\n'),
    message: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    path: `${P}.dnsConfig.searches[0]`, at: '- Lab.Example', good: dns('        searches:\n          - lab.example\n') },
  { id: 'DNS8', bad: dns('        options:\n          - value: "2"\n'), message: 'Option.Name must not be empty', path: `${P}.dnsConfig.options[0]`, at: '- value: "2"',
    good: dns('        options:\n          - name: ndots\n            value: "2"\n') },
  // SD1
  { id: 'SD1', bad: spec('      subdomain: Lab_VMs\n'), message: `${P}.subdomain does not conform to the kubernetes DNS_SUBDOMAIN rules : a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    path: `${P}.subdomain`, at: 'subdomain: Lab_VMs', good: spec('      subdomain: lab-vms\n') },
  // SA1–SA4 (validateServiceAccountName, validateVolumes)
  { id: 'SA1', bad: spec('      serviceAccountName: Lab_Reader\n'), message: `${P}.serviceAccountName is not a valid service account name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    path: `${P}.serviceAccountName`, at: 'serviceAccountName: Lab_Reader', good: spec('      serviceAccountName: lab-reader\n') },
  { id: 'SA2', bad: vol(spec('      serviceAccountName: lab-reader\n'), '        - name: sa\n          serviceAccount:\n            serviceAccountName: lab-writer\n'),
    message: 'spec.serviceAccountName "lab-reader" and serviceAccount volume "lab-writer" must reference the same service account', path: `${P}.serviceAccountName`, at: 'serviceAccountName: lab-reader',
    good: vol(spec('      serviceAccountName: lab-reader\n'), '        - name: sa\n          serviceAccount:\n            serviceAccountName: lab-reader\n') },
  { id: 'SA3', bad: vol(B, '        - name: sa\n          serviceAccount:\n            serviceAccountName: lab-reader\n        - name: sa2\n          serviceAccount:\n            serviceAccountName: lab-reader\n'),
    message: `${P}.volumes must have max one serviceAccount volume set`, path: `${P}.volumes[3]`, at: '- name: sa2',
    good: vol(B, '        - name: sa\n          serviceAccount:\n            serviceAccountName: lab-reader\n') },
  { id: 'SA4', bad: vol(B, '        - name: sa\n          serviceAccount: {}\n'), message: `${P}.volumes[2].serviceAccount.serviceAccountName is a required field`, path: `${P}.volumes[2].serviceAccount`, at: 'serviceAccount: {}',
    good: vol(B, '        - name: sa\n          serviceAccount:\n            serviceAccountName: default\n') },
  // L1, L2 (validateBootOrder, validatePersistentReservation)
  { id: 'L1', bad: disk0('              lun:\n                bus: scsi\n'), message: `${P}.domain.devices.disks[0].lun can only be mapped to a DataVolume or PersistentVolumeClaim volume.`, path: `${P}.domain.devices.disks[0].lun`, at: 'lun:',
    good: pvc0(disk0('              lun:\n                bus: scsi\n')) },
  { id: 'L2', bad: pvc0(disk0('              lun:\n                bus: scsi\n                reservation: true\n')), message: 'persistent reservation is not enabled in kubevirt config', path: `${P}.domain.devices.disks[0].lun.reservation`, at: 'reservation: true',
    good: pvc0(disk0('              lun:\n                bus: scsi\n                reservation: true\n')), goodCluster: { persistentReservation: true } },
  // PCI1, PCI2 (disks.go: validatePciAddress)
  { id: 'PCI1', bad: disk0('              disk:\n                bus: sata\n                pciAddress: "0000:81:01.0"\n'), message: `disk ${P}.domain.devices.disks.disk[0].name - setting a PCI address is only possible with bus type virtio.`, path: `${P}.domain.devices.disks[0].disk.pciAddress`, at: 'pciAddress',
    good: disk0('              disk:\n                bus: virtio\n                pciAddress: "0000:81:01.0"\n') },
  { id: 'PCI2', bad: disk0('              disk:\n                bus: virtio\n                pciAddress: "81:01.0"\n'), message: `disk ${P}.domain.devices.disks.disk[0].name has malformed PCI address (81:01.0).`, path: `${P}.domain.devices.disks[0].disk.pciAddress`, at: 'pciAddress',
    good: disk0('              disk:\n                bus: virtio\n                pciAddress: "0000:0a:1F.7"\n') },
  // B1 (validateBootOrder → validateInterfaceBootOrder)
  { id: 'B1', bad: edit(disk0('              bootOrder: 1\n              disk:\n                bus: virtio\n'), ['              masquerade: {}\n', '              masquerade: {}\n              bootOrder: 1\n']),
    message: `Boot order for ${P}.domain.devices.interfaces[0].bootOrder already set for a different device.`, path: `${P}.domain.devices.interfaces[0].bootOrder`, at: 'bootOrder: 1', after: 'masquerade',
    good: edit(disk0('              bootOrder: 1\n              disk:\n                bus: virtio\n'), ['              masquerade: {}\n', '              masquerade: {}\n              bootOrder: 2\n']) },
  // G1–G4: sources behind Alpha gates
  { id: 'G1', bad: edit(B, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          hostDisk:\n            path: /var/data/disk.img\n            type: Disk\n']),
    message: 'HostDisk feature gate is not enabled', path: `${P}.volumes[0].hostDisk`, at: 'hostDisk:',
    good: edit(B, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          hostDisk:\n            path: /var/data/disk.img\n            type: Disk\n']), goodCluster: { featureGates: ['HostDisk'] } },
  { id: 'G1b', bad: edit(B, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          hostDisk:\n            path: /var/data/disk.img\n            type: Disk\n            capacity: 1Gi\n']), cluster: { featureGates: ['HostDisk'] },
    message: `${P}.volumes[0].hostDisk.capacity is allowed to pass only with ${P}.volumes[0].hostDisk.type equal to 'DiskOrCreate'`, path: `${P}.volumes[0].hostDisk.capacity`, at: 'capacity: 1Gi',
    good: edit(B, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          hostDisk:\n            path: /var/data/disk.img\n            type: DiskOrCreate\n            capacity: 1Gi\n']), goodCluster: { featureGates: ['HostDisk'] } },
  { id: 'G2', bad: vol(B, '        - name: metrics\n          downwardMetrics: {}\n'), message: 'downwardMetrics disks are not allowed: DownwardMetrics feature gate is not enabled.', path: `${P}.volumes[2].downwardMetrics`, at: 'downwardMetrics: {}',
    good: vol(B, '        - name: metrics\n          downwardMetrics: {}\n'), goodCluster: { featureGates: ['DownwardMetrics'] } },
  { id: 'G3', bad: edit(B, ['          interfaces:\n', '          downwardMetrics: {}\n          interfaces:\n']), message: 'downwardMetrics virtio serial is not allowed: DownwardMetrics feature gate is not enabled', path: `${P}.domain.devices.downwardMetrics`, at: 'downwardMetrics: {}',
    good: edit(B, ['          interfaces:\n', '          downwardMetrics: {}\n          interfaces:\n']), goodCluster: { featureGates: ['DownwardMetrics'] } },
  { id: 'G4', bad: vol(edit(B, ['          interfaces:\n', '          filesystems:\n            - name: shared\n              virtiofs: {}\n          interfaces:\n']), '        - name: shared\n          persistentVolumeClaim:\n            claimName: lab-shared\n'),
    message: 'virtiofs is not allowed: virtiofs feature gate is not enabled for PVC', path: `${P}.domain.devices.filesystems`, at: 'filesystems:',
    good: vol(edit(B, ['          interfaces:\n', '          filesystems:\n            - name: shared\n              virtiofs: {}\n          interfaces:\n']), '        - name: shared\n          configMap:\n            name: lab-config\n') },
  // PR1: no pod network once autoattachPodInterface is false
  { id: 'PR1', bad: edit(B, ['          interfaces:\n            - name: default\n              masquerade: {}\n', '          autoattachPodInterface: false\n'], ['      networks:\n        - name: default\n          pod: {}\n', '']),
    message: `${P}.readinessProbe.httpGet is only allowed if the Pod Network is attached`, path: `${P}.readinessProbe.httpGet`, at: 'httpGet:',
    good: edit(B, ['          interfaces:\n            - name: default\n              masquerade: {}\n', '          autoattachPodInterface: true\n'], ['      networks:\n        - name: default\n          pod: {}\n', '']) },
  // IT1–IT4: instance types and preferences
  { id: 'IT1', bad: withIT(B) + IT, message: `VM field(s) ${P}.domain.resources.requests.memory conflicts with selected instance type`, path: `${P}.domain.resources.requests.memory`, at: 'memory: 1024M',
    good: withIT(noMemory) + IT },
  { id: 'IT1b', bad: withIT(edit(noMemory, ['        devices:\n', '        cpu:\n          cores: 2\n        devices:\n'])) + IT, message: `VM field(s) ${P}.domain.cpu.cores conflicts with selected instance type`, path: `${P}.domain.cpu.cores`, at: 'cores: 2',
    good: withIT(edit(noMemory, ['        devices:\n', '        cpu:\n          model: host-passthrough\n        devices:\n'])) + IT },
  { id: 'IT2', bad: withIT(noMemory, '  instancetype:\n    kind: VirtualMachineClusterInstancetype\n') + IT, message: 'Either Name or InferFromVolume should be provided within the InstancetypeMatcher', path: 'spec.instancetype', at: 'instancetype:',
    good: withIT(noMemory, '  instancetype:\n    kind: VirtualMachineClusterInstancetype\n    name: lab-u1-small\n') + IT },
  { id: 'IT3', bad: withIT(noMemory), severity: 'warning', path: 'spec.instancetype.name', at: 'name: lab-u1-small',
    message: 'VirtualMachineClusterInstancetype "lab-u1-small" is not in this stream nor beside it: KubeVirt admits the VM without it, and the VM cannot start unless it exists on the cluster ("error encountered while storing instancetype.kubevirt.io controllerRevisions: … not found")',
    good: withIT(noMemory) + IT },
  { id: 'IT4', bad: withIT(noMemory, '  instancetype:\n    name: lab-u1-small\n  preference:\n    name: lab-linux\n') + IT + PREF, path: 'spec.instancetype', at: 'instancetype:',
    message: 'failure checking preference requirements: insufficient CPU resources of 1 vCPU provided by instance type, preference requires 2 vCPU',
    good: withIT(noMemory, '  instancetype:\n    name: lab-u1-small\n  preference:\n    name: lab-linux\n') + IT.replace('guest: 1\n', 'guest: 2\n') + PREF },
  // the common instance types and preferences virt-operator deploys (commonInstancetypesDeployment, on by default)
  { id: 'IT5', bad: withIT(B, '  instancetype:\n    name: u1.nano\n'), message: `VM field(s) ${P}.domain.resources.requests.memory conflicts with selected instance type`, path: `${P}.domain.resources.requests.memory`, at: 'memory: 1024M',
    good: withIT(noMemory, '  instancetype:\n    name: u1.nano\n') },
  { id: 'IT6', bad: withIT(B, '  preference:\n    name: fedora\n'), path: `${P}.domain`, at: '      domain:',
    message: 'failure checking preference requirements: insufficient Memory resources of 1024M provided by VirtualMachine, preference requires 2Gi',
    good: withIT(edit(B, ['memory: 1024M', 'memory: 2Gi']), '  preference:\n    name: fedora\n') },
  { id: 'IT7', bad: withIT(edit(B, ['      domain:\n', '      architecture: amd64\n      domain:\n'], ['memory: 1024M', 'memory: 2Gi']), '  preference:\n    name: fedora.arm64\n'), path: `${P}.architecture`, at: 'architecture: amd64',
    message: 'failure checking preference requirements: preference requires architecture arm64 but amd64 is being requested',
    good: withIT(edit(B, ['memory: 1024M', 'memory: 2Gi']), '  preference:\n    name: fedora.arm64\n') },
];

/** The first document's findings (the VM; an instance type after it is looked up, not judged here). */
const vmFindings = (text: string, cluster?: Partial<ClusterConfig>) => validateText(text, cluster && { cluster })[0]!.findings;

describe('KubeVirt admission families of #13 (docs/validators.md DNS1–IT4)', () => {
  for (const c of cases) {
    it(`${c.id} rejects: ${c.message.slice(0, 70)}`, () => {
      const fs = vmFindings(c.bad, c.cluster);
      const f = fs.find((x) => x.message === c.message);
      expect(f, `findings: ${JSON.stringify(fs.map((x) => x.message), null, 1)}`).toBeDefined();
      expect(f!.stage).toBe('admission');
      expect(f!.severity).toBe(c.severity ?? 'error');
      expect(f!.path).toBe(c.path);
      expect(f!.line).toBe(lineOf(c.bad, c.at, c.after));
      expect(f!.hint ?? '').not.toBe('');
    });
    it(`${c.id} accepts the corrected variant`, () => {
      const fs = vmFindings(c.good, c.goodCluster ?? c.cluster);
      expect(fs.find((x) => x.message === c.message)).toBeUndefined();
      expect(fs.filter((x) => x.severity === 'error'), JSON.stringify(fs, null, 1)).toEqual([]);
    });
  }
});

describe('instance type conflicts end admission (vms-admitter.go: Admit returns ApplyToVM causes alone)', () => {
  it('reports every CPU conflict and no other rule', () => {
    const t = edit(withIT(edit(B, ['        devices:\n', '        cpu:\n          sockets: 1\n          threads: 2\n        devices:\n'])), ['runStrategy: Halted', 'runStrategy: Sometimes']) + IT;
    expect(vmFindings(t).map((f) => f.message)).toEqual([
      `VM field(s) ${P}.domain.cpu.sockets conflicts with selected instance type`,
      `VM field(s) ${P}.domain.cpu.threads conflicts with selected instance type`,
      `VM field(s) ${P}.domain.resources.requests.memory conflicts with selected instance type`,
    ]);
  });
  it('an annotation of the instance type set to another value on the template conflicts', () => {
    const it2 = IT.replace('  name: lab-u1-small\nspec:\n', '  name: lab-u1-small\nspec:\n  annotations:\n    lab/size: small\n');
    const t = withIT(edit(noMemory, ['        kubevirt.io/domain: lab08-probe\n', '        kubevirt.io/domain: lab08-probe\n      annotations:\n        lab/size: large\n'])) + it2;
    const f = vmFindings(t).find((x) => x.message === 'VM field(s) annotations.lab/size conflicts with selected instance type');
    expect(f?.path).toBe('spec.template.metadata.annotations.lab/size');
    expect(f?.line).toBe(lineOf(t, 'lab/size: large'));
    expect(vmFindings(withIT(edit(noMemory, ['        kubevirt.io/domain: lab08-probe\n', '        kubevirt.io/domain: lab08-probe\n      annotations:\n        lab/size: small\n'])) + it2)).toEqual([]);
  });
  it('an instance type in a file beside the VM (related) counts as present: its conflicts apply, no warning', () => {
    const related = validateText(IT).length ? [{ apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterInstancetype', metadata: { name: 'lab-u1-small' }, spec: { cpu: { guest: 1 }, memory: { guest: '1Gi' } } }] : [];
    expect(validateText(withIT(noMemory), { related })[0]!.findings).toEqual([]);
    expect(validateText(withIT(B), { related })[0]!.findings.map((f) => f.message)).toEqual([`VM field(s) ${P}.domain.resources.requests.memory conflicts with selected instance type`]);
  });
  it('a namespaced instance type is looked up by kind: a cluster one of the same name does not count', () => {
    const t = withIT(noMemory, '  instancetype:\n    kind: VirtualMachineInstancetype\n    name: lab-u1-small\n') + IT;
    expect(vmFindings(t).map((f) => f.message)).toEqual([expect.stringMatching(/^VirtualMachineInstancetype "lab-u1-small" is not in this stream nor beside it/)]);
  });
});

describe('cases that must stay accepted', () => {
  it('two disks without boot order and an interface with one', () => {
    expect(vmFindings(edit(B, ['              masquerade: {}\n', '              masquerade: {}\n              bootOrder: 1\n']))).toEqual([]);
  });
  it('dnsPolicy ClusterFirst with an IPv6 nameserver and options', () => {
    expect(findingsOf(spec('      dnsPolicy: ClusterFirst\n      dnsConfig:\n        nameservers: ["fd00::a"]\n        options:\n          - name: ndots\n'))).toEqual([]);
  });
});

describe('common instance types (validators/admission/common-instancetypes.ts, from the v1.9.0 bundles)', () => {
  it('expands a size of a series with its traits', () => {
    expect(commonInstancetype('cx1.medium1gi')).toEqual({ cpu: { dedicatedCPUPlacement: true, guest: 1, isolateEmulatorThread: true, numa: { guestMappingPassthrough: {} } }, ioThreadsPolicy: 'auto', memory: { guest: '2Gi', hugepages: { pageSize: '1Gi' } } });
    expect(commonInstancetype('u1.nano')).toEqual({ cpu: { guest: 1 }, memory: { guest: '512Mi' } });
    expect(commonInstancetype('u1.tiny')).toBeUndefined();
    expect(commonPreference('cirros')).toBeDefined();
    expect(commonPreference('fedora.arm64')).toMatchObject({ preferredArchitecture: 'arm64', requirements: { architecture: 'arm64' } });
    expect(commonPreference('nope')).toBeUndefined();
  });
  it('a VM on a common instance type gets no "not in this stream" warning, unless the cluster does not deploy them', () => {
    const t = withIT(noMemory, '  instancetype:\n    name: u1.nano\n  preference:\n    name: cirros\n');
    expect(vmFindings(t)).toEqual([]);
    expect(vmFindings(t, { commonInstancetypesDeployment: false }).map((f) => [f.severity, f.path])).toEqual([['warning', 'spec.instancetype.name'], ['warning', 'spec.preference.name']]);
  });
  it('conflicts with a dedicated-CPU series field (cx1: dedicatedCPUPlacement)', () => {
    const t = withIT(edit(noMemory, ['        devices:\n', '        cpu:\n          dedicatedCpuPlacement: true\n        devices:\n']), '  instancetype:\n    name: cx1.medium\n');
    expect(vmFindings(t).map((f) => f.message)).toEqual([`VM field(s) ${P}.domain.cpu.dedicatedCPUPlacement conflicts with selected instance type`]);
  });
});

describe('on a VirtualMachineInstance the same rules name spec.… paths', () => {
  const vmi = (extra: string) => `apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: lab-vmi
spec:
${extra}  domain:
    devices: {}
    resources:
      requests:
        memory: 1Gi
`;
  it('subdomain and a nameserver that is no IP', () => {
    const t = vmi('  subdomain: Lab_VMs\n  dnsConfig:\n    nameservers: ["300.1.1.1"]\n');
    const fs = validateText(t)[0]!.findings;
    expect(fs.map((f) => [f.path, f.line])).toEqual([['spec.subdomain', 6], ['spec.dnsConfig.nameservers[0]', 8]]);
    expect(fs[0]!.message).toMatch(/^spec\.subdomain does not conform to the kubernetes DNS_SUBDOMAIN rules : /);
    expect(fs[1]!.message).toBe('must be valid IP address: 300.1.1.1');
    expect(validateText(vmi('  subdomain: lab-vms\n  dnsConfig:\n    nameservers: ["10.0.0.10"]\n'))[0]!.findings).toEqual([]);
  });
});
