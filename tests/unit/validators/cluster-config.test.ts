// The cluster configuration admission reads: KubeVirt v1.9.0's defaults unless a caller says otherwise.
import { describe, expect, it } from 'vitest';
import { alphaGateOn, clusterConfig, clusterConfigFromKubeVirt, DEFAULT_CLUSTER_CONFIG, persistentReservationEnabled } from '../../../validators/cluster-config.ts';

describe('cluster configuration (validators/cluster-config.ts)', () => {
  it('defaults to KubeVirt v1.9.0 (virt-config.go: DefaultPermitBridgeInterfaceOnPodNetwork, DefaultVMRolloutStrategy)', () => {
    expect(DEFAULT_CLUSTER_CONFIG).toEqual({ permitBridgeInterfaceOnPodNetwork: true, vmRolloutStrategy: 'LiveUpdate', featureGates: [] });
    expect(Object.isFrozen(DEFAULT_CLUSTER_CONFIG)).toBe(true);
    expect(clusterConfig()).toBe(DEFAULT_CLUSTER_CONFIG);
  });
  it('fills what a partial configuration leaves out (or leaves undefined) with the defaults', () => {
    expect(clusterConfig({ vmRolloutStrategy: 'Stage' })).toEqual({ permitBridgeInterfaceOnPodNetwork: true, vmRolloutStrategy: 'Stage', featureGates: [] });
    expect(clusterConfig({ permitBridgeInterfaceOnPodNetwork: false, vmRolloutStrategy: undefined })).toEqual({ permitBridgeInterfaceOnPodNetwork: false, vmRolloutStrategy: 'LiveUpdate', featureGates: [] });
  });
  it('reads the feature gates and the persistent reservation switch from a KubeVirt CR (Alpha gates off unless listed)', () => {
    const cr = { kind: 'KubeVirt', spec: { configuration: { developerConfiguration: { featureGates: ['HostDisk', 7] }, persistentReservationConfiguration: { enabled: false } } } };
    const c = clusterConfig(clusterConfigFromKubeVirt(cr));
    expect(c.featureGates).toEqual(['HostDisk']);
    expect(alphaGateOn(c, 'HostDisk')).toBe(true);
    expect(alphaGateOn(DEFAULT_CLUSTER_CONFIG, 'HostDisk')).toBe(false);
    // virt-config.go PersistentReservationEnabled: the explicit switch wins over the gate
    expect(persistentReservationEnabled({ ...c, featureGates: ['PersistentReservation'] })).toBe(false);
    expect(persistentReservationEnabled({ ...DEFAULT_CLUSTER_CONFIG, featureGates: ['PersistentReservation'] })).toBe(true);
    expect(persistentReservationEnabled(DEFAULT_CLUSTER_CONFIG)).toBe(false);
  });
});
