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
  /** spec.configuration.developerConfiguration.featureGates: the gates switched on. A gate not
   *  listed has its v1.9.0 default: Beta on, Alpha off (pkg/virt-config/featuregate/active.go).
   *  Alpha gates admission reads: HostDisk, DownwardMetrics, EnableVirtioFsStorageVolumes,
   *  PersistentReservation (rules G1–G4, L2 in docs/validators.md). */
  featureGates: readonly string[];
  /** spec.configuration.persistentReservationConfiguration.enabled; unset: the
   *  PersistentReservation gate decides (pkg/virt-config/virt-config.go: PersistentReservationEnabled). */
  persistentReservation?: boolean;
  /** spec.configuration.commonInstancetypesDeployment.enabled (unset: true, virt-operator deploys
   *  KubeVirt's common instance types and preferences: u1.medium, fedora …). */
  commonInstancetypesDeployment?: boolean;
}

export const DEFAULT_CLUSTER_CONFIG: Readonly<ClusterConfig> = Object.freeze({
  permitBridgeInterfaceOnPodNetwork: true,
  vmRolloutStrategy: 'LiveUpdate',
  featureGates: Object.freeze([]) as readonly string[],
});

/** An Alpha gate (off unless listed in featureGates). */
export function alphaGateOn(config: Readonly<ClusterConfig>, gate: string): boolean {
  return config.featureGates.includes(gate);
}

export function persistentReservationEnabled(config: Readonly<ClusterConfig>): boolean {
  return config.persistentReservation ?? alphaGateOn(config, 'PersistentReservation');
}

/** A full configuration from a partial one: what is not given is KubeVirt's default. */
export function clusterConfig(partial?: Partial<ClusterConfig>): Readonly<ClusterConfig> {
  if (!partial) return DEFAULT_CLUSTER_CONFIG;
  return { ...DEFAULT_CLUSTER_CONFIG, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
}

/**
 * The configuration a KubeVirt CR (kind: KubeVirt, as `kubectl get kubevirt -n kubevirt -o yaml`
 * prints it) sets: spec.configuration.network.permitBridgeInterfaceOnPodNetwork and
 * spec.configuration.vmRolloutStrategy, developerConfiguration.featureGates and
 * persistentReservationConfiguration.enabled, commonInstancetypesDeployment.enabled. Undefined when the object is no KubeVirt CR.
 */
export function clusterConfigFromKubeVirt(obj: unknown): Partial<ClusterConfig> | undefined {
  const o = obj as { kind?: unknown; spec?: { configuration?: { network?: { permitBridgeInterfaceOnPodNetwork?: unknown }; vmRolloutStrategy?: unknown; developerConfiguration?: { featureGates?: unknown }; persistentReservationConfiguration?: { enabled?: unknown }; commonInstancetypesDeployment?: { enabled?: unknown } } } } | null;
  if (!o || typeof o !== 'object' || o.kind !== 'KubeVirt') return undefined;
  const c = o.spec?.configuration;
  const out: Partial<ClusterConfig> = {};
  if (typeof c?.network?.permitBridgeInterfaceOnPodNetwork === 'boolean') out.permitBridgeInterfaceOnPodNetwork = c.network.permitBridgeInterfaceOnPodNetwork;
  if (c?.vmRolloutStrategy === 'Stage' || c?.vmRolloutStrategy === 'LiveUpdate') out.vmRolloutStrategy = c.vmRolloutStrategy;
  const gates = c?.developerConfiguration?.featureGates;
  if (Array.isArray(gates)) out.featureGates = gates.filter((g): g is string => typeof g === 'string');
  if (typeof c?.persistentReservationConfiguration?.enabled === 'boolean') out.persistentReservation = c.persistentReservationConfiguration.enabled;
  if (typeof c?.commonInstancetypesDeployment?.enabled === 'boolean') out.commonInstancetypesDeployment = c.commonInstancetypesDeployment.enabled;
  return out;
}
