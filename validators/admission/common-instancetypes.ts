// KubeVirt v1.9.0's common instance types and preferences, which virt-operator deploys on every
// cluster unless spec.configuration.commonInstancetypesDeployment.enabled is false
// (pkg/virt-operator/resource/apply/reconcile.go:1240). Derived from the bundles in
// pkg/virt-operator/resource/generate/components/data/common-instancetypes/ at v1.9.0, kept to
// what admission judges: per series the fields conflicts look at, per name its vCPUs, guest
// memory and hugepages page size; per preference what the requirements check reads.

const SERIES: Record<string, Record<string, unknown>> = {
  cx1: {"cpu":{"dedicatedCPUPlacement":true,"isolateEmulatorThread":true,"numa":{"guestMappingPassthrough":{}}},"ioThreadsPolicy":"auto"},
  d1: {"cpu":{"dedicatedCPUPlacement":true,"isolateEmulatorThread":true},"ioThreadsPolicy":"auto"},
  m1: {"cpu":{}},
  n1: {"annotations":{"cpu-load-balancing.crio.io":"disable","cpu-quota.crio.io":"disable","irq-load-balancing.crio.io":"disable"},"cpu":{"dedicatedCPUPlacement":true,"isolateEmulatorThread":true}},
  o1: {"cpu":{}},
  rt1: {"annotations":{"cpu-load-balancing.crio.io":"disable","cpu-quota.crio.io":"disable","irq-load-balancing.crio.io":"disable"},"cpu":{"dedicatedCPUPlacement":true,"isolateEmulatorThread":true,"numa":{"guestMappingPassthrough":{}},"realtime":{}}},
  u1: {"cpu":{}},
};

/** name:vCPUs:memory.guest[:hugepages.pageSize] of every VirtualMachineClusterInstancetype. */
const SIZES = 'cx1.2xlarge:8:16Gi:2Mi cx1.2xlarge1gi:8:16Gi:1Gi cx1.4xlarge:16:32Gi:2Mi cx1.4xlarge1gi:16:32Gi:1Gi cx1.8xlarge:32:64Gi:2Mi cx1.8xlarge1gi:32:64Gi:1Gi cx1.large:2:4Gi:2Mi cx1.large1gi:2:4Gi:1Gi cx1.medium:1:2Gi:2Mi cx1.medium1gi:1:2Gi:1Gi cx1.xlarge:4:8Gi:2Mi cx1.xlarge1gi:4:8Gi:1Gi d1.2xlarge:8:32Gi d1.2xmedium:2:4Gi d1.4xlarge:16:64Gi d1.8xlarge:32:128Gi d1.large:2:8Gi d1.medium:1:4Gi d1.micro:1:1Gi d1.nano:1:512Mi d1.small:1:2Gi d1.xlarge:4:16Gi m1.2xlarge:8:64Gi:2Mi m1.2xlarge1gi:8:64Gi:1Gi m1.4xlarge:16:128Gi:2Mi m1.4xlarge1gi:16:128Gi:1Gi m1.8xlarge:32:256Gi:2Mi m1.8xlarge1gi:32:256Gi:1Gi m1.large:2:16Gi:2Mi m1.large1gi:2:16Gi:1Gi m1.xlarge:4:32Gi:2Mi m1.xlarge1gi:4:32Gi:1Gi n1.2xlarge:16:32Gi:1Gi n1.4xlarge:32:64Gi:1Gi n1.8xlarge:64:128Gi:1Gi n1.large:4:8Gi:1Gi n1.medium:4:4Gi:1Gi n1.xlarge:8:16Gi:1Gi o1.2xlarge:8:32Gi o1.4xlarge:16:64Gi o1.8xlarge:32:128Gi o1.large:2:8Gi o1.medium:1:4Gi o1.micro:1:1Gi o1.nano:1:512Mi o1.small:1:2Gi o1.xlarge:4:16Gi rt1.2xlarge:8:32Gi:1Gi rt1.4xlarge:16:64Gi:1Gi rt1.8xlarge:32:128Gi:1Gi rt1.large:2:8Gi:1Gi rt1.medium:1:4Gi:1Gi rt1.micro:1:1Gi:1Gi rt1.small:1:2Gi:1Gi rt1.xlarge:4:16Gi:1Gi u1.2xlarge:8:32Gi u1.2xmedium:2:4Gi u1.4xlarge:16:64Gi u1.8xlarge:32:128Gi u1.large:2:8Gi u1.medium:1:4Gi u1.micro:1:1Gi u1.nano:1:512Mi u1.small:1:2Gi u1.xlarge:4:16Gi';

/** Every VirtualMachineClusterPreference, grouped by the part of its spec the requirements check reads. */
const PREFERENCES: [string, Record<string, unknown>][] = [
  ['alpine debian', {"requirements":{"cpu":{"guest":1},"memory":{"guest":"512Mi"}}}],
  ['centos.stream10 centos.stream10.desktop centos.stream9 centos.stream9.desktop rhel.8 rhel.8.desktop', {"requirements":{"cpu":{"guest":1},"memory":{"guest":"1.5Gi"}}}],
  ['centos.stream9.dpdk rhel.8.dpdk', {"cpu":{"preferredCPUTopology":"spread","spreadOptions":{"across":"SocketsCoresThreads","ratio":4}},"requirements":{"cpu":{"guest":8},"memory":{"guest":"1.5Gi"}}}],
  ['cirros', {"requirements":{"cpu":{"guest":1},"memory":{"guest":"256Mi"}}}],
  ['fedora', {"preferredArchitecture":"amd64","requirements":{"architecture":"amd64","cpu":{"guest":1},"memory":{"guest":"2Gi"}}}],
  ['fedora.arm64', {"preferredArchitecture":"arm64","requirements":{"architecture":"arm64","cpu":{"guest":1},"memory":{"guest":"2Gi"}}}],
  ['fedora.s390x', {"preferredArchitecture":"s390x","requirements":{"architecture":"s390x","cpu":{"guest":1},"memory":{"guest":"2Gi"}}}],
  ['legacy linux linux.efi linux.virtiotransitional', {}],
  ['opensuse.leap opensuse.tumbleweed sles ubuntu', {"requirements":{"cpu":{"guest":1},"memory":{"guest":"2Gi"}}}],
  ['oraclelinux', {"requirements":{"cpu":{"guest":2},"memory":{"guest":"4Gi"}}}],
  ['rhel.10 rhel.9 rhel.9.desktop', {"preferredArchitecture":"amd64","requirements":{"architecture":"amd64","cpu":{"guest":1},"memory":{"guest":"1.5Gi"}}}],
  ['rhel.10.arm64 rhel.9.arm64', {"preferredArchitecture":"arm64","requirements":{"architecture":"arm64","cpu":{"guest":1},"memory":{"guest":"1.5Gi"}}}],
  ['rhel.10.s390x rhel.9.s390x', {"preferredArchitecture":"s390x","requirements":{"architecture":"s390x","cpu":{"guest":1},"memory":{"guest":"1.5Gi"}}}],
  ['rhel.7 rhel.7.desktop', {"requirements":{"cpu":{"guest":1},"memory":{"guest":"1Gi"}}}],
  ['rhel.9.dpdk', {"cpu":{"preferredCPUTopology":"spread","spreadOptions":{"across":"SocketsCoresThreads","ratio":4}},"preferredArchitecture":"amd64","requirements":{"architecture":"amd64","cpu":{"guest":8},"memory":{"guest":"1.5Gi"}}}],
  ['rhel.9.realtime', {"cpu":{"preferredCPUTopology":"spread","spreadOptions":{"across":"SocketsCoresThreads"}},"preferredArchitecture":"amd64","requirements":{"architecture":"amd64","cpu":{"guest":4},"memory":{"guest":"4Gi"}}}],
  ['windows.10 windows.10.virtio windows.2k16 windows.2k16.virtio windows.2k19 windows.2k19.virtio windows.2k22 windows.2k22.virtio windows.2k25 windows.2k25.virtio windows.7 windows.7.virtio', {"cpu":{"preferredCPUTopology":"sockets"},"requirements":{"cpu":{"guest":1},"memory":{"guest":"2Gi"}}}],
  ['windows.11 windows.11.virtio', {"cpu":{"preferredCPUTopology":"sockets"},"requirements":{"cpu":{"guest":2},"memory":{"guest":"4Gi"}}}],
  ['windows.2k12 windows.2k12.virtio windows.2k8 windows.2k8.virtio', {"cpu":{"preferredCPUTopology":"sockets"},"requirements":{"cpu":{"guest":1},"memory":{"guest":"512Mi"}}}],
  ['windows.2k3', {"cpu":{"preferredCPUTopology":"sockets"},"requirements":{"cpu":{"guest":1},"memory":{"guest":"256Mi"}}}],
  ['windows.xp', {"cpu":{"preferredCPUTopology":"sockets"},"requirements":{"cpu":{"guest":1},"memory":{"guest":"128Mi"}}}],
];

/** The spec of a common cluster instance type, undefined when there is none of that name. */
export function commonInstancetype(name: string): Record<string, unknown> | undefined {
  const e = SIZES.split(' ').map((x) => x.split(':')).find((x) => x[0] === name);
  const series = SERIES[name.split('.')[0]!];
  if (!e || !series) return undefined;
  const s = structuredClone(series) as { cpu?: Record<string, unknown>; memory?: Record<string, unknown> };
  s.cpu = { ...s.cpu, guest: Number(e[1]) };
  s.memory = { guest: e[2], ...(e[3] ? { hugepages: { pageSize: e[3] } } : {}) };
  return s;
}

/** The spec of a common cluster preference (the parts the requirements check reads), undefined when there is none. */
export function commonPreference(name: string): Record<string, unknown> | undefined {
  const e = PREFERENCES.find(([names]) => names.split(' ').includes(name));
  return e ? structuredClone(e[1]) : undefined;
}

/** The names of the common cluster instance types (the sandbox cluster lists them). */
export const commonInstancetypeNames = (): string[] => SIZES.split(' ').map((x) => x.split(':')[0]!);

/** The names of the common cluster preferences. */
export const commonPreferenceNames = (): string[] => PREFERENCES.flatMap(([names]) => names.split(' ')).sort();
