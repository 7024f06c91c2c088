// The cluster profile decides which kinds are served: a kind it does not serve gets the API
// server's `no matches for kind`, with a hint naming the profile; a training changes it in its
// site params (params.kvlab.profile).
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, profileFromParams, validateText } from '../../../validators/index.ts';

const SM = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\nspec:\n  endpoints:\n    - port: metrics\n  selector: {}\n';
const POOL = 'apiVersion: pool.kubevirt.io/v1alpha1\nkind: VirtualMachinePool\nmetadata:\n  name: web\nspec:\n  selector: {}\n  virtualMachineTemplate:\n    spec:\n      template:\n        spec:\n          domain:\n            devices: {}\n';

describe('cluster profile', () => {
  it('serves Kubernetes 1.32, KubeVirt v1.9.0, CDI, multus and prometheus-operator by default', () => {
    expect(DEFAULT_PROFILE.components).toEqual({ kubernetes: '1.32', kubevirt: 'v1.9.0', cdi: 'v1.66.0', multus: 'v1', 'prometheus-operator': 'v0.93.0' });
    expect(validateText(SM)[0]!.valid).toBe(true);
  });

  it('refuses a kind of a component the profile leaves out, naming the profile', () => {
    const { profile, problems } = profileFromParams({ kvlab: { profile: { name: 'no-monitoring', components: { kubernetes: '1.32', kubevirt: 'v1.9.0', cdi: 'v1.66.0' } } } });
    expect(problems).toEqual([]);
    const [doc] = validateText(SM, { profile });
    expect(doc!.valid).toBe(false);
    expect(doc!.findings).toHaveLength(1);
    expect(doc!.findings[0]).toMatchObject({ stage: 'schema', severity: 'error', path: 'kind', line: 2, column: 7, message: 'no matches for kind "ServiceMonitor" in version "monitoring.coreos.com/v1"' });
    expect(doc!.findings[0]!.hint).toBe('ServiceMonitor comes with prometheus-operator, which the cluster profile "no-monitoring" (Kubernetes 1.32, KubeVirt v1.9.0, CDI v1.66.0) does not include. If the training\'s cluster serves it, say so in the site params\' kvlab.profile (docs/validators.md).');
  });

  it('refuses an omitted group/version and names the version still served', () => {
    const { profile } = profileFromParams({ kvlab: { profile: { omit: ['pool.kubevirt.io/v1alpha1'] } } });
    expect(validateText(POOL)[0]!.findings.some((f) => /no matches/.test(f.message))).toBe(false);
    const f = validateText(POOL, { profile })[0]!.findings[0]!;
    expect(f).toMatchObject({ path: 'apiVersion', line: 1, column: 13, message: 'no matches for kind "VirtualMachinePool" in version "pool.kubevirt.io/v1alpha1"', hint: 'VirtualMachinePool is served at apiVersion: pool.kubevirt.io/v1beta1.' });
    const { profile: noPool } = profileFromParams({ kvlab: { profile: { omit: ['pool.kubevirt.io'] } } });
    expect(validateText(POOL, { profile: noPool })[0]!.findings[0]!.hint).toMatch(/^VirtualMachinePool is not served by the cluster profile "kvlab-default" \(.*\): its params.kvlab.profile omits pool.kubevirt.io\/v1alpha1/);
  });

  it('keeps did-you-mean for a kind nothing serves, and the served versions for a wrong one', () => {
    const typo = validateText('apiVersion: cdi.kubevirt.io/v1beta1\nkind: DataVolumes\nmetadata:\n  name: x\n')[0]!.findings[0]!;
    expect(typo).toMatchObject({ path: 'kind', message: 'no matches for kind "DataVolumes" in version "cdi.kubevirt.io/v1beta1"', hint: 'Did you mean kind: DataVolume (apiVersion: cdi.kubevirt.io/v1beta1)?' });
    const hpa = validateText('apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: x\n')[0]!.findings[0]!;
    expect(hpa.hint).toBe('HorizontalPodAutoscaler is served at apiVersion: autoscaling/v2 or autoscaling/v1.');
  });

  it('reports what is wrong in a training\'s profile and keeps the default for it', () => {
    const { profile, problems } = profileFromParams({ kvlab: { profile: { components: { kubernetes: '1.32', istio: '1.0' }, omit: 'pool', colour: 1 } } });
    expect(problems).toEqual([
      'params.kvlab.profile.colour is not a profile field (name, components, omit)',
      'params.kvlab.profile.components.istio: unknown component (known: kubernetes, kubevirt, cdi, multus, prometheus-operator)',
      'params.kvlab.profile.omit must be a list of group/versions (pool.kubevirt.io/v1alpha1), groups or apiVersion/Kind',
    ]);
    expect(profile.components).toEqual({ kubernetes: '1.32' });
    expect(profileFromParams({}).profile).toBe(DEFAULT_PROFILE);
  });
});
