// The parts of the KubeVirt CR's spec.configuration that change what admission accepts. A rule
// whose outcome depends on the cluster reads it from here; everything else the validators model
// is a KubeVirt v1.9.0 default and fixed (feature gates: Beta on, Alpha off).
// Defaults are KubeVirt v1.9.0's (pkg/virt-config/virt-config.go, configuration.go), so a
// caller that passes nothing gets the verdict of a cluster installed with a default KubeVirt CR.

export type VMRolloutStrategy = 'LiveUpdate' | 'Stage';

export interface ClusterConfig {
  /** spec.configuration.network.permitBridgeInterfaceOnPodNetwork
   *  (DefaultPermitBridgeInterfaceOnPodNetwork = true). When false, a bridge binding on the pod
   *  network is refused (rule N9), and so is a VM with neither interfaces nor networks, whose
   *  default interface (defaultNetworkInterface: bridge) would be one. */
  permitBridgeInterfaceOnPodNetwork: boolean;
  /** spec.configuration.vmRolloutStrategy (DefaultVMRolloutStrategy = LiveUpdate). Under Stage,
   *  memory.guest above limits.memory is refused (rule M6); under LiveUpdate it is not checked. */
  vmRolloutStrategy: VMRolloutStrategy;
}

export const DEFAULT_CLUSTER_CONFIG: Readonly<ClusterConfig> = Object.freeze({
  permitBridgeInterfaceOnPodNetwork: true,
  vmRolloutStrategy: 'LiveUpdate',
});

/** A full configuration from a partial one: what is not given is KubeVirt's default. */
export function clusterConfig(partial?: Partial<ClusterConfig>): Readonly<ClusterConfig> {
  if (!partial) return DEFAULT_CLUSTER_CONFIG;
  return { ...DEFAULT_CLUSTER_CONFIG, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
}

/**
 * The configuration a KubeVirt CR (kind: KubeVirt, as `kubectl get kubevirt -n kubevirt -o yaml`
 * prints it) sets: spec.configuration.network.permitBridgeInterfaceOnPodNetwork and
 * spec.configuration.vmRolloutStrategy. Undefined when the object is no KubeVirt CR.
 */
export function clusterConfigFromKubeVirt(obj: unknown): Partial<ClusterConfig> | undefined {
  const o = obj as { kind?: unknown; spec?: { configuration?: { network?: { permitBridgeInterfaceOnPodNetwork?: unknown }; vmRolloutStrategy?: unknown } } } | null;
  if (!o || typeof o !== 'object' || o.kind !== 'KubeVirt') return undefined;
  const c = o.spec?.configuration;
  const out: Partial<ClusterConfig> = {};
  if (typeof c?.network?.permitBridgeInterfaceOnPodNetwork === 'boolean') out.permitBridgeInterfaceOnPodNetwork = c.network.permitBridgeInterfaceOnPodNetwork;
  if (c?.vmRolloutStrategy === 'Stage' || c?.vmRolloutStrategy === 'LiveUpdate') out.vmRolloutStrategy = c.vmRolloutStrategy;
  return out;
}
