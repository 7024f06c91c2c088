// The scaling controllers' small rules: selector strings, CPU quantities, the pool's indexed VM
// spec, and the console lines that load the simulated CPU.
import { describe, expect, it } from 'vitest';
import { selectorString, selects } from '../../../simulator/label-selector.ts';
import { milliCpu, vmiCpu } from '../../../simulator/hpa.ts';
import { indexVmSpec } from '../../../simulator/pools.ts';
import { cpuCommand } from '../../../sandbox/virtctl.ts';

describe('label selectors', () => {
  it('prints as LabelSelectorAsSelector(...).String() does: sorted by key, set operators', () => {
    const sel = { matchLabels: { 'kubevirt.io/domain': 'x', app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'gone', operator: 'DoesNotExist' }, { key: 'env', operator: 'NotIn', values: ['prod'] }, { key: 'has', operator: 'Exists' }] };
    expect(selectorString(sel)).toBe('app=web,env notin (prod),!gone,has,kubevirt.io/domain=x,tier in (a,b)');
    expect(selects(sel, { app: 'web', 'kubevirt.io/domain': 'x', tier: 'a', has: '' })).toBe(true);
    expect(selects(sel, { app: 'web', 'kubevirt.io/domain': 'x', tier: 'c', has: '' })).toBe(false);
    expect(selects({}, { app: 'web' })).toBe(false);
  });
});

describe('the simulated CPU', () => {
  it('reads CPU quantities and a VMI template’s request, limit and vCPUs (100m per vCPU without a request)', () => {
    expect([milliCpu('100m'), milliCpu('1'), milliCpu('0.5'), milliCpu(2), milliCpu('x'), milliCpu(undefined)]).toEqual([100, 1000, 500, 2000, undefined, undefined]);
    expect(vmiCpu({ domain: { cpu: { cores: 1 }, resources: { requests: { cpu: '100m' }, limits: { cpu: '300m' } } } })).toEqual({ request: 100, limit: 300, vcpus: 1 });
    expect(vmiCpu({ domain: { cpu: { cores: 2, sockets: 2 } } })).toEqual({ request: 400, vcpus: 4 });
  });

  it('knows the console lines that load the guest and free it', () => {
    expect(cpuCommand('dd if=/dev/zero of=/dev/null &')).toBe('load');
    expect(cpuCommand('stress --cpu 2')).toBe('load');
    expect(cpuCommand('killall dd')).toBe('idle');
    expect(cpuCommand('load() { dd if=/dev/zero of=/dev/null & }; load; read; killall dd')).toBe('until-enter');
    expect(cpuCommand('ls -l')).toBeUndefined();
  });
});

describe('the pool’s indexed VM spec (indexVMSpec)', () => {
  it('suffixes dataVolumeTemplates and the volumes naming them; secrets only with nameGeneration', () => {
    const pool = {
      nameGeneration: { appendIndexToSecretRefs: true },
      virtualMachineTemplate: {
        spec: {
          dataVolumeTemplates: [{ metadata: { name: 'disk' } }],
          template: { spec: { volumes: [{ name: 'd', dataVolume: { name: 'disk' } }, { name: 'c', cloudInitNoCloud: { secretRef: { name: 'ci' } } }, { name: 'p', persistentVolumeClaim: { claimName: 'other' } }] } },
        },
      },
    };
    const spec = indexVmSpec(pool, 3) as { dataVolumeTemplates: { metadata: { name: string } }[]; template: { spec: { volumes: Record<string, Record<string, unknown>>[] } } };
    expect(spec.dataVolumeTemplates[0]!.metadata.name).toBe('disk-3');
    expect(spec.template.spec.volumes[0]!.dataVolume).toEqual({ name: 'disk-3' });
    expect(spec.template.spec.volumes[1]!.cloudInitNoCloud).toEqual({ secretRef: { name: 'ci-3' } });
    expect(spec.template.spec.volumes[2]!.persistentVolumeClaim).toEqual({ claimName: 'other' });
  });
});
