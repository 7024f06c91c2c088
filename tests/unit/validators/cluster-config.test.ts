// The cluster configuration admission reads: KubeVirt v1.9.0's defaults unless a caller says otherwise.
import { describe, expect, it } from 'vitest';
import { clusterConfig, DEFAULT_CLUSTER_CONFIG } from '../../../validators/cluster-config.ts';

describe('cluster configuration (validators/cluster-config.ts)', () => {
  it('defaults to KubeVirt v1.9.0 (virt-config.go: DefaultPermitBridgeInterfaceOnPodNetwork, DefaultVMRolloutStrategy)', () => {
    expect(DEFAULT_CLUSTER_CONFIG).toEqual({ permitBridgeInterfaceOnPodNetwork: true, vmRolloutStrategy: 'LiveUpdate' });
    expect(Object.isFrozen(DEFAULT_CLUSTER_CONFIG)).toBe(true);
    expect(clusterConfig()).toBe(DEFAULT_CLUSTER_CONFIG);
  });
  it('fills what a partial configuration leaves out (or leaves undefined) with the defaults', () => {
    expect(clusterConfig({ vmRolloutStrategy: 'Stage' })).toEqual({ permitBridgeInterfaceOnPodNetwork: true, vmRolloutStrategy: 'Stage' });
    expect(clusterConfig({ permitBridgeInterfaceOnPodNetwork: false, vmRolloutStrategy: undefined })).toEqual({ permitBridgeInterfaceOnPodNetwork: false, vmRolloutStrategy: 'LiveUpdate' });
  });
});
