// The sandbox cluster's nodes: three workers by default, as a small kubeadm cluster with KubeVirt
// installed reports them (virt-handler's labels and the kvm device it exposes in capacity).
import type { Obj } from '../validators/raw.ts';

export const NODE_NAMES = ['training-worker-0', 'training-worker-1', 'training-worker-2'];

export interface NodeSpec {
  name: string;
  cpu: number;
  /** GiB. */
  memoryGi: number;
  ip: string;
}

export const DEFAULT_NODES: NodeSpec[] = NODE_NAMES.map((name, i) => ({ name, cpu: 8, memoryGi: 32, ip: `172.18.0.${i + 2}` }));

export const KUBELET_VERSION = 'v1.34.1';

/** The Node object as the API server holds it (status as the kubelet reports it). */
export function nodeObject(n: NodeSpec, podCidrIndex: number): Obj {
  const memKi = `${n.memoryGi * 1024 * 1024 - 263_000}Ki`;
  const allocKi = `${n.memoryGi * 1024 * 1024 - 263_000 - 102_400}Ki`;
  const capacity = { cpu: String(n.cpu), 'devices.kubevirt.io/kvm': '1k', 'devices.kubevirt.io/tun': '1k', 'devices.kubevirt.io/vhost-net': '1k', 'ephemeral-storage': '102626232Ki', memory: memKi, pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'kubevirt.io/schedulable': 'true',
        'node-role.kubernetes.io/worker': '',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: `10.244.${podCidrIndex}.0/24`, podCIDRs: [`10.244.${podCidrIndex}.0/24`] },
    status: {
      addresses: [{ address: n.ip, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
      allocatable: { ...capacity, cpu: String(n.cpu), memory: allocKi },
      capacity,
      conditions: [
        { message: 'kubelet has sufficient memory available', reason: 'KubeletHasSufficientMemory', status: 'False', type: 'MemoryPressure' },
        { message: 'kubelet has no disk pressure', reason: 'KubeletHasNoDiskPressure', status: 'False', type: 'DiskPressure' },
        { message: 'kubelet has sufficient PID available', reason: 'KubeletHasSufficientPID', status: 'False', type: 'PIDPressure' },
        { message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' },
      ],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://2.1.4',
        kernelVersion: '6.8.0-79-generic',
        kubeProxyVersion: KUBELET_VERSION,
        kubeletVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        osImage: 'Ubuntu 24.04.3 LTS',
      },
    },
  };
}
