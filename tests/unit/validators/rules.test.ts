// Every rule of ../shared/docs/kubevirt-validation.md §3 (and the schema step of §1): a YAML case
// the rule rejects (message, stage, path and line asserted) and one it accepts.
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../../validators/index.ts';
import { BASE_VM, edit, expectClean, findingsOf, lineOf } from './base.ts';

const P = 'spec.template.spec';
const B = BASE_VM;

interface Case {
  id: string;
  bad: string;
  stage: string;
  message: string;
  path: string;
  /** Text on the line the finding must start at. */
  at: string;
  after?: string;
  severity?: 'error' | 'warning';
  /** A variant the rule accepts. */
  good: string;
  /** The cluster configuration both variants are validated under (default: KubeVirt's). */
  cluster?: Partial<ClusterConfig>;
}

const noPodNet = (t: string) => edit(t, ['          pod: {}\n', '          multus:\n            networkName: br\n']);
/** Hugepages of `pageSize`, optionally with another requests.memory than 1024M. */
const hp = (pageSize: string, memory?: string) => edit(B, ['        resources:\n          requests:\n            memory: 1024M\n', `        memory:\n          hugepages:\n            pageSize: ${pageSize}\n        resources:\n          requests:\n            memory: ${memory ?? '1024M'}\n`]);
/** memory.guest and limits.memory beside requests.memory: 1024M. */
const guestLimit = (guest: string, limit: string) => edit(B, ['        resources:\n          requests:\n            memory: 1024M\n', `        memory:\n          guest: ${guest}\n        resources:\n          requests:\n            memory: 1024M\n          limits:\n            memory: ${limit}\n`]);
/** Extra keys on the first disk (containerdisk), before its target. */
const disk0 = (extra: string) => edit(B, ['            - name: containerdisk\n              disk:', `            - name: containerdisk\n${extra}              disk:`]);
const iface = (extra: string) => edit(B, ['              masquerade: {}\n', `              masquerade: {}\n${extra}`]);

const cases: Case[] = [
  // §3.1 probes
  { id: 'P1', bad: edit(B, ['      livenessProbe:\n        tcpSocket:\n          port: 8081\n', '      livenessProbe:\n        periodSeconds: 10\n']), stage: 'admission',
    message: `either ${P}.livenessProbe.tcpSocket, ${P}.livenessProbe.exec or ${P}.livenessProbe.httpGet must be set if a ${P}.livenessProbe is specified`, path: `${P}.livenessProbe`, at: 'livenessProbe:',
    good: edit(B, ['      livenessProbe:\n        tcpSocket:\n          port: 8081\n', '      livenessProbe:\n        guestAgentPing: {}\n']) },
  { id: 'P2', bad: edit(B, ['        httpGet:\n          port: 8081\n', '        httpGet:\n          port: 8081\n        guestAgentPing: {}\n']), stage: 'admission',
    message: `${P}.readinessProbe must have exactly one probe type set`, path: `${P}.readinessProbe`, at: 'readinessProbe:', good: B },
  { id: 'P3', bad: noPodNet(B), stage: 'admission', message: `${P}.readinessProbe.httpGet is only allowed if the Pod Network is attached`, path: `${P}.readinessProbe.httpGet`, at: 'httpGet:',
    good: edit(noPodNet(B), ['        httpGet:\n          port: 8081\n', '        exec:\n          command: ["true"]\n'], ['        tcpSocket:\n          port: 8081\n', '        guestAgentPing: {}\n'], ['              masquerade: {}', '              bridge: {}']) },
  { id: 'P4', bad: edit(B, ['      networks:', '      startStrategy: Paused\n      networks:']), stage: 'admission',
    message: `either ${P}.startStrategy or ${P}.livenessProbe should be provided.Pausing VMI with LivenessProbe is not supported`, path: `${P}.startStrategy`, at: 'startStrategy',
    good: edit(B, ['      livenessProbe:\n        tcpSocket:\n          port: 8081\n', '      startStrategy: Paused\n']) },
  { id: 'P5', bad: edit(B, ['      networks:', '      startStrategy: Later\n      networks:']), stage: 'admission', message: `${P}.startStrategy is set with an unrecognized option: Later`, path: `${P}.startStrategy`, at: 'startStrategy', good: B },
  // §3.2 networks and interfaces
  { id: 'N1', bad: edit(B, ['          pod: {}\n', '          pod: {}\n        - name: second\n          pod: {}\n'], ['              masquerade: {}\n', '              masquerade: {}\n            - name: second\n              bridge: {}\n']), stage: 'admission',
    message: `more than one interface is connected to a pod network in ${P}.interfaces`, path: `${P}.networks[1].pod`, at: 'pod: {}', after: '          pod: {}', good: B },
  { id: 'N2', bad: edit(B, ['          pod: {}\n', '          pod: {}\n        - name: m\n          multus:\n            networkName: br\n            default: true\n'], ['              masquerade: {}\n', '              masquerade: {}\n            - name: m\n              bridge: {}\n']), stage: 'admission',
    message: 'Pod network cannot be defined when Multus default network is defined', path: `${P}.networks[1]`, at: '- name: m', after: 'networks:',
    good: edit(B, ['          pod: {}\n', '          pod: {}\n        - name: m\n          multus:\n            networkName: br\n'], ['              masquerade: {}\n', '              masquerade: {}\n            - name: m\n              bridge: {}\n']) },
  { id: 'N3', bad: edit(B, ['          pod: {}\n', '']), stage: 'admission', message: 'should have a network type', path: `${P}.networks[0]`, at: '- name: default', after: 'networks:', good: B },
  { id: 'N4', bad: edit(B, ['          pod: {}\n', '          multus:\n            networkName: ""\n'], ['              masquerade: {}', '              bridge: {}']), stage: 'admission', message: 'CNI delegating plugin must have a networkName', path: `${P}.networks[0].multus`, at: 'multus:',
    good: edit(noPodNet(B), ['        httpGet:\n          port: 8081\n', '        exec:\n          command: ["true"]\n'], ['        tcpSocket:\n          port: 8081\n', '        guestAgentPing: {}\n'], ['              masquerade: {}', '              bridge: {}']) },
  { id: 'N5', bad: iface('              state: sleeping\n'), stage: 'admission', message: 'logical default interface state value is unsupported: sleeping', path: `${P}.domain.devices.interfaces[0].state`, at: 'state: sleeping', good: iface('              state: up\n') },
  { id: 'N6', bad: iface('              bridge: {}\n'), stage: 'admission', message: 'logical default interface must have exactly one binding method or binding plugin', path: `${P}.domain.devices.interfaces[0]`, at: '- name: default', after: 'interfaces:', good: B },
  { id: 'N7', bad: edit(B, ['          pod: {}\n', '          multus:\n            networkName: br\n']), stage: 'admission', message: 'Masquerade interface only implemented with pod network', path: `${P}.domain.devices.interfaces[0].name`, at: '- name: default', after: 'interfaces:', good: B },
  { id: 'N8', bad: iface('              macAddress: "02:00:00:00:00:00"\n'), stage: 'admission', message: 'The requested MAC address is reserved for the in-pod bridge. Please choose another one.', path: `${P}.domain.devices.interfaces[0].macAddress`, at: 'macAddress', good: iface('              macAddress: "02:00:00:00:00:01"\n') },
  { id: 'N9', cluster: { permitBridgeInterfaceOnPodNetwork: false }, bad: edit(B, ['              masquerade: {}', '              bridge: {}']), stage: 'admission', message: 'Bridge on pod network configuration is not enabled under kubevirt-config', path: `${P}.domain.devices.interfaces[0].name`, at: '- name: default', after: 'interfaces:',
    good: B },
  { id: 'N9-default', cluster: { permitBridgeInterfaceOnPodNetwork: false }, bad: edit(B, ['          interfaces:\n            - name: default\n              masquerade: {}\n', ''], ['      networks:\n        - name: default\n          pod: {}\n', '']), stage: 'admission',
    message: 'bridge interface is not enabled in kubevirt-config', path: `${P}.domain.devices`, at: 'devices:', good: B },
  { id: 'N10', bad: edit(B, ['          pod: {}\n', '          pod: {}\n        - name: default\n          multus:\n            networkName: br\n']), stage: 'admission',
    message: 'Network with name "default" already exists, every network must have a unique name', path: `${P}.networks[1].name`, at: '- name: default', after: 'pod: {}', good: B },
  { id: 'N11', bad: edit(B, ['          pod: {}\n', '          pod: {}\n        - name: extra\n          multus:\n            networkName: br\n']), stage: 'admission', message: `${P}.networks[1].name 'extra' not found.`, path: `${P}.networks[1].name`, at: 'name: extra', good: B },
  { id: 'N12', bad: edit(B, ['              masquerade: {}\n', '              masquerade: {}\n            - name: default\n              bridge: {}\n']), stage: 'admission', message: 'Only one interface can be connected to one specific network', path: `${P}.domain.devices.interfaces[1].name`, at: '- name: default', after: 'masquerade: {}', good: B },
  { id: 'N13', bad: edit(B, ['            - name: default\n              masquerade', '            - name: defualt\n              masquerade']), stage: 'admission', message: `${P}.domain.devices.interfaces[0].name 'defualt' not found.`, path: `${P}.domain.devices.interfaces[0].name`, at: 'name: defualt', good: B },
  { id: 'N14', bad: edit(B, ['            - name: default\n              masquerade', '            - name: def.ault\n              masquerade'], ['        - name: default\n          pod', '        - name: def.ault\n          pod']), stage: 'admission',
    message: 'Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)', path: `${P}.domain.devices.interfaces[0].name`, at: 'name: def.ault', good: B },
  { id: 'N15', bad: iface('              model: virtio-net\n'), stage: 'admission', message: `interface ${P}.domain.devices.interfaces[0].name uses model virtio-net that is not supported.`, path: `${P}.domain.devices.interfaces[0].model`, at: 'model:', good: iface('              model: e1000e\n') },
  { id: 'N16', bad: iface('              macAddress: "02:00:00:00:00"\n'), stage: 'admission', message: `interface ${P}.domain.devices.interfaces[0].name has malformed MAC address (02:00:00:00:00).`, path: `${P}.domain.devices.interfaces[0].macAddress`, at: 'macAddress', good: iface('              macAddress: "02:ab:cd:ef:01:23"\n') },
  { id: 'N17', bad: iface('              ports:\n                - port: 70000\n'), stage: 'admission', message: 'Port field must be in range 0 < x < 65536.', path: `${P}.domain.devices.interfaces[0].ports[0].port`, at: 'port: 70000', good: iface('              ports:\n                - port: 8081\n') },
  { id: 'N17-name', bad: iface('              ports:\n                - port: 8081\n                  name: HTTP_1\n'), stage: 'admission', message: 'Invalid name of the port: HTTP_1', path: `${P}.domain.devices.interfaces[0].ports[0].name`, at: 'name: HTTP_1', good: iface('              ports:\n                - port: 8081\n                  name: http\n') },
  { id: 'N17-proto', bad: iface('              ports:\n                - port: 8081\n                  protocol: SCTP\n'), stage: 'admission', message: 'Unknown protocol, only TCP or UDP allowed', path: `${P}.domain.devices.interfaces[0].ports[0].protocol`, at: 'protocol: SCTP', good: iface('              ports:\n                - port: 8081\n                  protocol: UDP\n') },
  { id: 'N17-dup', bad: iface('              ports:\n                - port: 8081\n                  name: http\n                - port: 8082\n                  name: http\n'), stage: 'admission', message: 'Duplicate name of the port: http', path: `${P}.domain.devices.interfaces[0].ports[1].name`, at: 'name: http', after: 'port: 8082', good: iface('              ports:\n                - port: 8081\n') },
  { id: 'N18', bad: iface('              portRanges:\n                - start: 8000\n                  end: 8100\n                  protocol: TCP\n'), stage: 'admission', message: 'portRanges is specified on interface but the PortRangesSpec feature gate is not enabled', path: `${P}.domain.devices.interfaces[0].portRanges`, at: 'portRanges', good: B },
  { id: 'N19', bad: edit(B, ['              masquerade: {}', '              slirp: {}']), stage: 'admission', message: 'Slirp interface support has been discontinued since v1.3', path: `${P}.domain.devices.interfaces[0].slirp`, at: 'slirp', good: B },
  // §3.3 disks and volumes
  { id: 'D1', bad: edit(B, ['            - name: cloudinitdisk\n              disk:', '            - name: cloudinit\n              disk:']), stage: 'admission', message: `${P}.domain.devices.disks[1].Name 'cloudinit' not found.`, path: `${P}.domain.devices.disks[1].name`, at: 'name: cloudinit',
    good: edit(B, ['            - name: cloudinitdisk\n              disk:\n                bus: virtio\n', '            - name: cloudinitdisk\n              disk:\n                bus: virtio\n            - name: empty-cd\n              cdrom:\n                bus: sata\n']) },
  { id: 'D2', bad: edit(B, ['            - name: cloudinitdisk\n              disk:\n                bus: virtio\n', '            - name: cloudinitdisk\n              disk:\n                bus: virtio\n            - name: cloudinitdisk\n              disk:\n                bus: virtio\n']), stage: 'admission',
    message: `${P}.domain.devices.disks[2] and ${P}.domain.devices.disks[1] must not have the same Name.`, path: `${P}.domain.devices.disks[2].name`, at: '- name: cloudinitdisk', after: 'name: cloudinitdisk', good: B },
  { id: 'D3', bad: edit(B, ['              disk:\n                bus: virtio\n            - name: cloudinitdisk', '              disk:\n                bus: virtio\n              cdrom:\n                bus: sata\n            - name: cloudinitdisk']), stage: 'admission', message: `${P}.domain.devices.disks[0] can only have a single target type defined`, path: `${P}.domain.devices.disks[0]`, at: '- name: containerdisk', good: B },
  { id: 'D4', bad: edit(B, ['            - name: containerdisk\n              disk', '            - name: Container_Disk\n              disk'], ['        - name: containerdisk\n          containerDisk', '        - name: Container_Disk\n          containerDisk']), stage: 'admission',
    message: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", path: `${P}.domain.devices.disks[0].name`, at: 'name: Container_Disk', good: B },
  { id: 'D5', bad: edit(B, ['                bus: virtio', '                bus: ide']), stage: 'admission', message: 'IDE bus is not supported', path: `${P}.domain.devices.disks[0].disk.bus`, at: 'bus: ide', good: edit(B, ['                bus: virtio', '                bus: sata']) },
  { id: 'D5-bus', bad: edit(B, ['                bus: virtio', '                bus: nvme']), stage: 'admission', message: `${P}.domain.devices.disks[0] is set with an unrecognized bus nvme, must be one of: [virtio scsi sata usb]`, path: `${P}.domain.devices.disks[0].disk.bus`, at: 'bus: nvme', good: B },
  { id: 'D6', bad: edit(B, ['              disk:\n                bus: virtio\n            - name: cloudinitdisk', '              bootOrder: 0\n              disk:\n                bus: virtio\n            - name: cloudinitdisk']), stage: 'admission', message: `${P}.domain.devices.disks[0] must have a boot order > 0, if supplied`, path: `${P}.domain.devices.disks[0].bootOrder`, at: 'bootOrder: 0',
    good: edit(B, ['              disk:\n                bus: virtio\n            - name: cloudinitdisk', '              bootOrder: 1\n              disk:\n                bus: virtio\n            - name: cloudinitdisk']) },
  { id: 'D7', bad: edit(B, ['              disk:\n                bus: virtio\n            - name: cloudinitdisk', '              cache: fast\n              disk:\n                bus: virtio\n            - name: cloudinitdisk']), stage: 'admission', message: `${P}.domain.devices.disks[0].cache has invalid value fast`, path: `${P}.domain.devices.disks[0].cache`, at: 'cache: fast',
    good: edit(B, ['              disk:\n                bus: virtio\n            - name: cloudinitdisk', '              cache: none\n              disk:\n                bus: virtio\n            - name: cloudinitdisk']) },
  { id: 'D7-io', bad: disk0('              io: default\n'), stage: 'admission', message: `Disk IO mode for ${P}.domain.devices.disks is not supported. Supported modes are: native, threads.`, path: `${P}.domain.devices.disks[0].io`, at: 'io: default', good: disk0('              io: threads\n') },
  { id: 'D7-errorPolicy', bad: disk0('              errorPolicy: pause\n'), stage: 'admission', message: `${P}.domain.devices.disks[0].errorPolicy has invalid value "pause"`, path: `${P}.domain.devices.disks[0].errorPolicy`, at: 'errorPolicy: pause', good: disk0('              errorPolicy: report\n') },
  { id: 'D7-errorPolicy-empty', bad: disk0('              errorPolicy: ""\n'), stage: 'admission', message: `${P}.domain.devices.disks[0].errorPolicy has invalid value ""`, path: `${P}.domain.devices.disks[0].errorPolicy`, at: 'errorPolicy: ""', good: disk0('              errorPolicy: enospace\n') },
  { id: 'D7-serial', bad: disk0('              serial: "disk #1"\n'), stage: 'admission', message: `${P}.domain.devices.disks[0] must be made up of the following characters [A-Za-z0-9_.+-], if specified`, path: `${P}.domain.devices.disks[0].serial`, at: 'serial: "disk #1"', good: disk0('              serial: disk-1.A_b+c\n') },
  { id: 'D7-serial-length', bad: disk0(`              serial: ${'S'.repeat(257)}\n`), stage: 'admission', message: `${P}.domain.devices.disks[0] must be less than or equal to 256 in length, if specified`, path: `${P}.domain.devices.disks[0].serial`, at: 'serial: SSS', good: disk0(`              serial: ${'S'.repeat(256)}\n`) },
  { id: 'V1', bad: edit(B, ['        - name: cloudinitdisk\n          cloudInitNoCloud', '        - name: containerdisk\n          cloudInitNoCloud'], ['            - name: cloudinitdisk\n              disk:\n                bus: virtio\n', '']), stage: 'admission', message: `${P}.volumes[1] and ${P}.volumes[0] must not have the same Name.`, path: `${P}.volumes[1].name`, at: '- name: containerdisk', after: 'image:', good: B },
  { id: 'V2', bad: edit(B, ['            image: quay.io/containerdisks/fedora:40\n', '            image: quay.io/containerdisks/fedora:40\n          emptyDisk:\n            capacity: 1Gi\n']), stage: 'admission', message: `${P}.volumes[0] must have exactly one source type set`, path: `${P}.volumes[0]`, at: '- name: containerdisk', after: 'volumes:', good: B },
  { id: 'V3', bad: edit(B, [B.slice(B.indexOf('          cloudInitNoCloud:')), '          cloudInitNoCloud:\n            secretRef: {}\n']), stage: 'admission', message: `${P}.volumes[1].cloudInitNoCloud must have at least one userdatasource or one networkdatasource set.`, path: `${P}.volumes[1].cloudInitNoCloud`, at: 'cloudInitNoCloud:',
    good: edit(B, [B.slice(B.indexOf('          cloudInitNoCloud:')), '          cloudInitNoCloud:\n            secretRef:\n              name: lab08-cloudinit-probe\n']) },
  { id: 'V4', bad: edit(B, ['            userData: |', '            secretRef:\n              name: x\n            userData: |']), stage: 'admission', message: `${P}.volumes[1].cloudInitNoCloud must have only one userdatasource set.`, path: `${P}.volumes[1].cloudInitNoCloud`, at: 'cloudInitNoCloud:', good: B },
  { id: 'V5', bad: edit(B, ['              bootcmd:', `              bootcmd:\n${('                - ["echo", "' + 'x'.repeat(60) + '"]\n').repeat(40)}`]), stage: 'admission', message: `${P}.volumes[1].cloudInitNoCloud userdata exceeds 2048 byte limit. Should use UserDataSecretRef for larger data.`, path: `${P}.volumes[1].cloudInitNoCloud.userData`, at: 'userData: |', good: B },
  { id: 'V6', bad: edit(B, [B.slice(B.indexOf('          cloudInitNoCloud:')), '          cloudInitNoCloud:\n            userDataBase64: "not base64!"\n']), stage: 'admission', message: `${P}.volumes[1].cloudInitNoCloud.userDataBase64.cloudInitNoCloud.userDataBase64 is not a valid base64 value.`, path: `${P}.volumes[1].cloudInitNoCloud.userDataBase64`, at: 'userDataBase64',
    good: edit(B, [B.slice(B.indexOf('          cloudInitNoCloud:')), `          cloudInitNoCloud:\n            userDataBase64: ${btoa('#cloud-config\nbootcmd:\n  - ["nc", "-klp", "8081"]\n')}\n`]) },
  { id: 'V7', bad: edit(B, ['            image: quay.io/containerdisks/fedora:40\n', '            image: quay.io/containerdisks/fedora:40\n            path: disk/../disk.img\n']), stage: 'admission', message: `${P}.volumes[0].containerDisk must be an absolute path to a file without relative components`, path: `${P}.volumes[0].containerDisk.path`, at: 'path:',
    good: edit(B, ['            image: quay.io/containerdisks/fedora:40\n', '            image: quay.io/containerdisks/fedora:40\n            path: /disk/disk.img\n']) },
  { id: 'V8', bad: edit(B, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          dataVolume:\n            name: ""\n']), stage: 'admission', message: "DataVolume 'name' must be set", path: `${P}.volumes[0].dataVolume`, at: 'dataVolume:',
    good: edit(B, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          dataVolume:\n            name: fedora\n']) },
  { id: 'V9', bad: edit(B, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          secret:\n            secretName: ""\n']), stage: 'admission', message: `${P}.volumes[0].secret.secretName is a required field`, path: `${P}.volumes[0].secret`, at: 'secret:',
    good: edit(B, ['          containerDisk:\n            image: quay.io/containerdisks/fedora:40\n', '          secret:\n            secretName: s\n']) },
  // §3.4 memory
  { id: 'M1', bad: edit(B, ['        resources:\n          requests:\n            memory: 1024M\n', '']), stage: 'start', message: "Error creating virtual machine instance: no memory requested, at least one of 'spec.domain.memory.guest', 'spec.domain.memory.hugepages.pageSize' or 'spec.domain.resources.requests.memory' must be set", path: `${P}.domain`, at: '      domain:',
    good: edit(B, ['        resources:\n          requests:\n            memory: 1024M\n', '        resources:\n          limits:\n            memory: 1024M\n']) },
  { id: 'M2', bad: edit(B, ['memory: 1024M', 'memory: -64Mi']), stage: 'admission', message: `${P}.domain.resources.requests.memory '-64Mi': must be greater than or equal to 0.`, path: `${P}.domain.resources.requests.memory`, at: 'memory: -64Mi', good: B },
  { id: 'M3', bad: edit(B, ['memory: 1024M', 'memory: 64m']), stage: 'admission', message: `${P}.domain.resources.requests.memory '64m': must be greater than or equal to 1M.`, path: `${P}.domain.resources.requests.memory`, at: 'memory: 64m', good: edit(B, ['memory: 1024M', 'memory: 64Mi']) },
  { id: 'M4', bad: edit(B, ['            memory: 1024M\n', '            memory: 128Mi\n          limits:\n            memory: 64Mi\n']), stage: 'admission', message: `${P}.domain.resources.requests.memory '128Mi' is greater than ${P}.domain.resources.limits.memory '64Mi'`, path: `${P}.domain.resources.requests.memory`, at: 'memory: 128Mi',
    good: edit(B, ['            memory: 1024M\n', '            memory: 64Mi\n          limits:\n            memory: 128Mi\n']) },
  { id: 'M4-canonical', bad: edit(B, ['            memory: 1024M\n', '            memory: 2048Mi\n          limits:\n            memory: 1024Mi\n']), stage: 'admission', message: `${P}.domain.resources.requests.memory '2Gi' is greater than ${P}.domain.resources.limits.memory '1Gi'`, path: `${P}.domain.resources.requests.memory`, at: 'memory: 2048Mi',
    good: edit(B, ['            memory: 1024M\n', '            memory: 1024Mi\n          limits:\n            memory: 2048Mi\n']) },
  { id: 'M5', bad: edit(B, ['            memory: 1024M\n', '            memory: 1024M\n            cpu: -200m\n']), stage: 'admission', message: `${P}.domain.resources.requests.cpu '-200m': must be greater than or equal to 0.`, path: `${P}.domain.resources.requests.cpu`, at: 'cpu: -200m', good: edit(B, ['            memory: 1024M\n', '            memory: 1024M\n            cpu: 200m\n']) },
  { id: 'M7', bad: hp('2Mi'), stage: 'admission', message: `${P}.domain.resources.requests.memory '1024M' is not a multiple of the page size ${P}.domain.memory.hugepages.pageSize '2Mi'`, path: `${P}.domain.resources.requests.memory`, at: 'memory: 1024M', good: hp('2Mi', '1024Mi') },
  { id: 'M7-larger', bad: hp('2Gi', '1024Mi'), stage: 'admission', message: `${P}.domain.resources.requests.memory '1Gi' must be equal to or larger than page size ${P}.domain.memory.hugepages.pageSize '2Gi'`, path: `${P}.domain.resources.requests.memory`, at: 'memory: 1024Mi', good: hp('1Gi', '2Gi') },
  { id: 'M7-guest', bad: edit(hp('1Gi'), ['        resources:\n          requests:\n            memory: 1024M\n', ''], ['            pageSize: 1Gi\n', '            pageSize: 1Gi\n          guest: 1000Mi\n']), stage: 'admission',
    message: `${P}.domain.resources.requests.memory '0' must be equal to or larger than page size ${P}.domain.memory.hugepages.pageSize '1Gi'`, path: `${P}.domain.memory.guest`, at: 'guest: 1000Mi',
    good: edit(hp('1Gi'), ['        resources:\n          requests:\n            memory: 1024M\n', ''], ['            pageSize: 1Gi\n', '            pageSize: 1Gi\n          guest: 2Gi\n']) },
  { id: 'M7-format', bad: hp('2MB', '1Gi'), stage: 'admission', message: `${P}.domain.memory.hugepages.pageSize '2MB': quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`, path: `${P}.domain.memory.hugepages.pageSize`, at: 'pageSize: 2MB', good: hp('2Mi', '1Gi') },
  { id: 'M6', cluster: { vmRolloutStrategy: 'Stage' }, bad: guestLimit('2048Mi', '1Gi'), stage: 'admission', message: `${P}.domain.memory.guest '2Gi' must be equal to or less than the memory limit ${P}.domain.resources.limits.memory '1Gi'`, path: `${P}.domain.memory.guest`, at: 'guest: 2048Mi',
    good: guestLimit('1Gi', '1Gi') },
  // §3.5 watchdog
  { id: 'W1', bad: edit(B, ['          disks:\n', '          watchdog:\n            name: w\n            diag288:\n              action: reset\n          disks:\n']), stage: 'start', message: 'Error creating virtual machine instance: amd64 only supports I6300ESB watchdog device', path: `${P}.domain.devices.watchdog`, at: 'watchdog:',
    good: edit(B, ['          disks:\n', '          watchdog:\n            name: w\n            i6300esb:\n              action: explode\n          disks:\n']) },
  { id: 'W2', bad: edit(B, ['          disks:\n', '          watchdog:\n            name: w\n            i6300esb: {}\n          disks:\n'], ['      domain:\n', '      architecture: arm64\n      domain:\n']), stage: 'start', message: 'Error creating virtual machine instance: Arm64 not support Watchdog device', path: `${P}.domain.devices.watchdog`, at: 'watchdog:',
    good: edit(B, ['      domain:\n', '      architecture: arm64\n      domain:\n']) },
  { id: 'W3', bad: edit(B, ['          disks:\n', '          watchdog:\n            name: w\n            i6300esb: {}\n          disks:\n'], ['      domain:\n', '      architecture: s390x\n      domain:\n']), stage: 'start', message: 'Error creating virtual machine instance: s390x only supports Diag288 watchdog device', path: `${P}.domain.devices.watchdog`, at: 'watchdog:',
    good: edit(B, ['          disks:\n', '          watchdog:\n            name: w\n            diag288: {}\n          disks:\n'], ['      domain:\n', '      architecture: s390x\n      domain:\n']) },
  { id: 'W4', bad: edit(B, ['          disks:\n', '          watchdog:\n            i6300esb: {}\n          disks:\n']), stage: 'schema', message: `${P.replace(/\[/g, '.')}.domain.devices.watchdog.name in body is required`, path: `${P}.domain.devices.watchdog.name`, at: 'watchdog:',
    good: edit(B, ['          disks:\n', '          watchdog:\n            name: w\n            i6300esb: {}\n          disks:\n']) },
  // §3.6 VM level
  { id: 'RS-missing', bad: edit(B, ['  runStrategy: Halted\n', '']), stage: 'admission', message: 'RunStrategy must be specified', path: 'spec', at: 'spec:', good: B },
  { id: 'RS-both', bad: edit(B, ['  runStrategy: Halted\n', '  runStrategy: Halted\n  running: false\n']), stage: 'admission', message: 'Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead', path: 'spec.running', at: 'running: false', good: B },
  { id: 'RS-invalid', bad: edit(B, ['runStrategy: Halted', 'runStrategy: Sometimes']), stage: 'admission', message: 'Invalid RunStrategy (Sometimes)', path: 'spec.runStrategy', at: 'runStrategy', good: edit(B, ['runStrategy: Halted', 'runStrategy: RerunOnFailure']) },
  { id: 'running', bad: edit(B, ['  runStrategy: Halted\n', '  running: false\n']), stage: 'admission', severity: 'warning', message: 'spec.running is deprecated, please use spec.runStrategy instead.', path: 'spec.running', at: 'running: false', good: B },
  { id: 'template', bad: 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: x\nspec:\n  runStrategy: Halted\n', stage: 'schema', message: 'spec.template in body is required', path: 'spec.template', at: 'spec:', good: B },
  { id: 'devices', bad: edit(B, [B.slice(B.indexOf('        devices:'), B.indexOf('        resources:')), '']), stage: 'schema', message: `${P}.domain.devices in body is required`, path: `${P}.domain.devices`, at: '      domain:', good: B },
  { id: 'hostname', bad: edit(B, ['      domain:\n', '      hostname: My_Host\n      domain:\n']), stage: 'admission', message: `${P}.hostname does not conform to the kubernetes DNS_LABEL rules : a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`, path: `${P}.hostname`, at: 'hostname', good: edit(B, ['      domain:\n', '      hostname: my-host\n      domain:\n']) },
  { id: 'eviction', bad: edit(B, ['      domain:\n', '      evictionStrategy: Migrate\n      domain:\n']), stage: 'admission', message: `${P}.evictionStrategy is set with an unrecognized option: Migrate`, path: `${P}.evictionStrategy`, at: 'evictionStrategy', good: edit(B, ['      domain:\n', '      evictionStrategy: LiveMigrate\n      domain:\n']) },
  { id: 'dnsPolicy', bad: edit(B, ['      domain:\n', '      dnsPolicy: Custom\n      domain:\n']), stage: 'schema', message: 'spec.template.spec.dnsPolicy in body should be one of [ClusterFirst ClusterFirstWithHostNet Default None]', path: `${P}.dnsPolicy`, at: 'dnsPolicy', good: edit(B, ['      domain:\n', '      dnsPolicy: ClusterFirst\n      domain:\n']) },
  { id: 'toleration-enum', bad: edit(B, ['      domain:\n', '      tolerations:\n        - key: baremetal\n          effect: NoSchedul\n      domain:\n']), stage: 'schema', message: 'spec.template.spec.tolerations.0.effect in body should be one of [NoExecute NoSchedule PreferNoSchedule]', path: `${P}.tolerations[0].effect`, at: 'effect: NoSchedul',
    good: edit(B, ['      domain:\n', '      tolerations:\n        - key: baremetal\n          operator: Equal\n          value: "true"\n          effect: NoSchedule\n      domain:\n']) },
  // §3.7 pod validation at start
  { id: 'K-success', bad: edit(B, ['        tcpSocket:\n          port: 8081\n', '        tcpSocket:\n          port: 8081\n        successThreshold: 3\n']), stage: 'start', message: 'Error creating pod: spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1', path: `${P}.livenessProbe.successThreshold`, at: 'successThreshold: 3',
    good: edit(B, ['        timeoutSeconds: 5\n', '        timeoutSeconds: 5\n        successThreshold: 3\n']) },
  // KubeVirt's SetDefaults_Probe replaces values below 1 before the pod exists: accepted, with a warning
  { id: 'K-period', bad: edit(B, ['periodSeconds: 10', 'periodSeconds: -1']), stage: 'start', severity: 'warning', message: 'spec.template.spec.readinessProbe.periodSeconds: -1 is below 1: KubeVirt replaces it with 10 (its default) when the VM starts, so the probe uses periodSeconds: 10', path: `${P}.readinessProbe.periodSeconds`, at: 'periodSeconds: -1', good: B },
  { id: 'K-timeout', bad: edit(B, ['timeoutSeconds: 5', 'timeoutSeconds: 0']), stage: 'start', severity: 'warning', message: 'spec.template.spec.readinessProbe.timeoutSeconds: 0 is below 1: KubeVirt replaces it with 1 (its default) when the VM starts, so the probe uses timeoutSeconds: 1', path: `${P}.readinessProbe.timeoutSeconds`, at: 'timeoutSeconds: 0', good: B },
  { id: 'K-failure', bad: edit(B, ['        tcpSocket:\n          port: 8081\n', '        tcpSocket:\n          port: 8081\n        failureThreshold: -3\n']), stage: 'start', severity: 'warning', message: 'spec.template.spec.livenessProbe.failureThreshold: -3 is below 1: KubeVirt replaces it with 3 (its default) when the VM starts, so the probe uses failureThreshold: 3', path: `${P}.livenessProbe.failureThreshold`, at: 'failureThreshold: -3', good: edit(B, ['        tcpSocket:\n          port: 8081\n', '        tcpSocket:\n          port: 8081\n        failureThreshold: 1\n']) },
  { id: 'K-successmin', bad: edit(B, ['timeoutSeconds: 5', 'timeoutSeconds: 5\n        successThreshold: -1']), stage: 'start', severity: 'warning', message: 'spec.template.spec.readinessProbe.successThreshold: -1 is below 1: KubeVirt replaces it with 1 (its default) when the VM starts, so the probe uses successThreshold: 1', path: `${P}.readinessProbe.successThreshold`, at: 'successThreshold: -1', good: B },
  { id: 'K-delay', bad: edit(B, ['initialDelaySeconds: 120', 'initialDelaySeconds: -20']), stage: 'start', message: 'Error creating pod: spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -10: must be greater than or equal to 0', path: `${P}.readinessProbe.initialDelaySeconds`, at: 'initialDelaySeconds', good: edit(B, ['initialDelaySeconds: 120', 'initialDelaySeconds: -5']) },
  { id: 'K-port', bad: edit(B, ['          port: 8081\n      livenessProbe', '          port: 0\n      livenessProbe']), stage: 'start', message: 'Error creating pod: spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive', path: `${P}.readinessProbe.httpGet.port`, at: 'port: 0', good: B },
  { id: 'K-portname', bad: edit(B, ['          port: 8081\n      livenessProbe', '          port: "8081"\n      livenessProbe']), stage: 'start', message: 'Error creating pod: spec.containers[0].readinessProbe.httpGet.port: Invalid value: "8081": must contain at least one letter (a-z)', path: `${P}.readinessProbe.httpGet.port`, at: 'port: "8081"',
    good: edit(iface('              ports:\n                - port: 8081\n                  name: http\n'), ['          port: 8081\n      livenessProbe', '          port: http\n      livenessProbe']) },
  { id: 'K-portunknown', bad: edit(B, ['          port: 8081\n      livenessProbe', '          port: http\n      livenessProbe']), stage: 'start', message: `Error creating pod: spec.containers[0].readinessProbe.httpGet.port: named port "http" is not defined by any port of ${P}.domain.devices.interfaces: the probe cannot resolve it and always fails`, path: `${P}.readinessProbe.httpGet.port`, at: 'port: http',
    good: edit(iface('              ports:\n                - port: 8081\n                  name: http\n'), ['          port: 8081\n      livenessProbe', '          port: http\n      livenessProbe']) },
  { id: 'K-exec', bad: edit(B, ['        tcpSocket:\n          port: 8081\n', '        exec:\n          command: []\n']), stage: 'start', message: 'Error creating pod: spec.containers[0].livenessProbe.exec.command: Required value', path: `${P}.livenessProbe.exec.command`, at: 'command: []',
    good: edit(B, ['        tcpSocket:\n          port: 8081\n', '        exec:\n          command: ["cat", "/tmp/healthy"]\n']) },
  { id: 'K-toleration', bad: edit(B, ['      domain:\n', '      tolerations:\n        - operator: Equal\n          value: "x"\n      domain:\n']), stage: 'start', message: 'Error creating pod: spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"', path: `${P}.tolerations[0].operator`, at: 'operator: Equal',
    good: edit(B, ['      domain:\n', '      tolerations:\n        - operator: Exists\n      domain:\n']) },
  { id: 'K-tolsec', bad: edit(B, ['      domain:\n', '      tolerations:\n        - key: k\n          operator: Exists\n          effect: NoSchedule\n          tolerationSeconds: 30\n      domain:\n']), stage: 'start', message: "Error creating pod: spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set", path: `${P}.tolerations[0].effect`, at: 'effect: NoSchedule',
    good: edit(B, ['      domain:\n', '      tolerations:\n        - key: k\n          operator: Exists\n          effect: NoExecute\n          tolerationSeconds: 30\n      domain:\n']) },
  { id: 'K-tolvalue', bad: edit(B, ['      domain:\n', '      tolerations:\n        - key: k\n          operator: Exists\n          value: v\n      domain:\n']), stage: 'start', message: "Error creating pod: spec.tolerations[0].value: Invalid value: \"v\": value must be empty when `operator` is 'Exists'", path: `${P}.tolerations[0].value`, at: 'value: v', good: B },
  // §1 schema step / strict decoding
  { id: 'S-unknown', bad: edit(B, ['        httpGet:\n          port: 8081\n', '        httpGett:\n          port: 8081\n']), stage: 'schema', message: `VirtualMachine in version "v1" cannot be handled as a VirtualMachine: strict decoding error: unknown field "${P}.readinessProbe.httpGett"`, path: `${P}.readinessProbe.httpGett`, at: 'httpGett', good: B },
  { id: 'S-required', bad: edit(B, ['            image: quay.io/containerdisks/fedora:40\n', '            imagePullPolicy: Always\n']), stage: 'schema', message: 'spec.template.spec.volumes.0.containerDisk.image in body is required', path: `${P}.volumes[0].containerDisk.image`, at: 'containerDisk:', good: B },
  { id: 'S-enum', bad: edit(B, ['            image: quay.io/containerdisks/fedora:40\n', '            image: quay.io/containerdisks/fedora:40\n            imagePullPolicy: Sometimes\n']), stage: 'schema', message: 'spec.template.spec.volumes.0.containerDisk.imagePullPolicy in body should be one of [Always IfNotPresent Never]', path: `${P}.volumes[0].containerDisk.imagePullPolicy`, at: 'imagePullPolicy',
    good: edit(B, ['            image: quay.io/containerdisks/fedora:40\n', '            image: quay.io/containerdisks/fedora:40\n            imagePullPolicy: IfNotPresent\n']) },
  { id: 'S-type', bad: edit(B, ['        timeoutSeconds: 5\n', '        timeoutSeconds: "5"\n']), stage: 'schema', message: 'spec.template.spec.readinessProbe.timeoutSeconds in body must be of type integer: "5"', path: `${P}.readinessProbe.timeoutSeconds`, at: 'timeoutSeconds: "5"', good: B },
  { id: 'S-httpGet-port', bad: edit(B, ['        httpGet:\n          port: 8081\n', '        httpGet:\n          path: /\n']), stage: 'schema', message: 'spec.template.spec.readinessProbe.httpGet.port in body is required', path: `${P}.readinessProbe.httpGet.port`, at: 'httpGet:', good: B },
];

describe('admission and schema rules (kubevirt-validation.md §1, §3)', () => {
  for (const c of cases) {
    it(`${c.id} rejects: ${c.message.slice(0, 70)}`, () => {
      const fs = findingsOf(c.bad, c.cluster && { cluster: c.cluster });
      const f = fs.find((x) => x.message === c.message);
      expect(f, `findings: ${JSON.stringify(fs.map((x) => x.message), null, 1)}`).toBeDefined();
      expect(f!.stage).toBe(c.stage);
      expect(f!.severity).toBe(c.severity ?? 'error');
      expect(f!.path).toBe(c.path);
      expect(f!.line).toBe(lineOf(c.bad, c.at, c.after || undefined));
      expect(f!.hint ?? '').not.toBe('');
    });
    it(`${c.id} accepts the corrected variant`, () => {
      const fs = findingsOf(c.good, c.cluster && { cluster: c.cluster });
      expect(fs.find((x) => x.message === c.message)).toBeUndefined();
      expectClean(c.good, c.cluster && { cluster: c.cluster });
    });
  }
});

describe('rules that depend on the cluster configuration, under KubeVirt v1.9.0 defaults', () => {
  for (const c of cases.filter((x) => x.cluster)) {
    it(`${c.id} finds nothing in a default cluster`, () => {
      expect(findingsOf(c.bad).find((x) => x.message === c.message)).toBeUndefined();
      expectClean(c.bad);
    });
  }
});

describe('a cluster that does not permit bridge on the pod network', () => {
  it('refuses the default interface before any rule runs (the admitter returns the defaults error alone)', () => {
    const noIfaces = edit(B, ['          interfaces:\n            - name: default\n              masquerade: {}\n', ''], ['      networks:\n        - name: default\n          pod: {}\n', ''], ['runStrategy: Halted', 'runStrategy: Sometimes']);
    const fs = findingsOf(noIfaces, { cluster: { permitBridgeInterfaceOnPodNetwork: false } });
    expect(fs.map((f) => f.message)).toEqual(['bridge interface is not enabled in kubevirt-config']);
    expect(findingsOf(noIfaces).map((f) => f.message)).toEqual(['Invalid RunStrategy (Sometimes)']);
  });
  it('adds no default interface when autoattachPodInterface is false', () => {
    const t = edit(B, ['          interfaces:\n            - name: default\n              masquerade: {}\n', '          autoattachPodInterface: false\n'], ['      networks:\n        - name: default\n          pod: {}\n', '']);
    expect(findingsOf(t, { cluster: { permitBridgeInterfaceOnPodNetwork: false } }).map((f) => f.message)).not.toContain('bridge interface is not enabled in kubevirt-config');
  });
  it('still accepts bridge on a multus network', () => {
    const t = edit(B, ['          pod: {}\n', '          multus:\n            networkName: br\n'], ['              masquerade: {}', '              bridge: {}'], ['        httpGet:\n          port: 8081\n', '        exec:\n          command: ["true"]\n'], ['        tcpSocket:\n          port: 8081\n', '        guestAgentPing: {}\n']);
    expectClean(t, { cluster: { permitBridgeInterfaceOnPodNetwork: false } });
  });
});

describe('N7 with a missing network', () => {
  it('a masquerade interface whose network does not exist is refused as not on a pod network too (binding.go gets a zero-value Network)', () => {
    const t = edit(B, ['      networks:\n        - name: default\n', '      networks:\n        - name: other\n'], ['            - name: default\n              masquerade: {}', '            - name: other\n              bridge: {}\n            - name: default\n              masquerade: {}']);
    const fs = findingsOf(t).filter((f) => f.stage === 'admission');
    expect(fs.map((f) => `${f.path}: ${f.message}`)).toEqual(expect.arrayContaining([
      `${P}.domain.devices.interfaces[1].name: Masquerade interface only implemented with pod network`,
      `${P}.domain.devices.interfaces[1].name: ${P}.domain.devices.interfaces[1].name 'default' not found.`,
    ]));
  });
});
