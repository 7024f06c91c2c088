// A misspelt resource name under domain.resources (#16 item 7): KubeVirt copies the VMI's
// requests and limits into the virt-launcher pod's compute container as they are, and k8s pod
// validation (validateResourceName, validateContainerResourceName) refuses a name without a
// domain prefix that is not a standard one. The finding sits on the misspelt key with a "did
// you mean"; the VMI's own "no memory requested" stays where the cluster reports it.
import { describe, expect, it } from 'vitest';
import { BASE_VM, edit, expectClean, findingsOf, lineOf } from './base.ts';

const P = 'spec.template.spec';
const misspelt = edit(BASE_VM, ['            memory: 1024M\n', '            memroy: 1024M\n']);

describe('resource names under domain.resources', () => {
  it('memroy: an error on its own line with the pod validation messages and "did you mean memory"', () => {
    const fs = findingsOf(misspelt);
    const own = fs.filter((f) => f.path === `${P}.domain.resources.requests.memroy`);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      stage: 'start',
      severity: 'error',
      line: lineOf(misspelt, 'memroy:'),
      column: misspelt.split('\n')[lineOf(misspelt, 'memroy:') - 1]!.indexOf('memroy') + 1,
      message:
        'Error creating pod: [spec.containers[0].resources.requests[memroy]: Invalid value: "memroy": must be a standard resource type or fully qualified, spec.containers[0].resources.requests[memroy]: Invalid value: "memroy": must be a standard resource for containers]',
    });
    expect(own[0]!.hint).toMatch(/^Did you mean `memory`\?/);
    // the cluster's own complaint is kept, where it reports it, and names the likely cause
    const domain = fs.find((f) => f.path === `${P}.domain`);
    expect(domain).toMatchObject({ stage: 'start', line: lineOf(misspelt, '      domain:') });
    expect(domain!.message).toContain('no memory requested');
    expect(domain!.hint).toContain('resources.requests.memroy meant to be memory');
  });

  it('limits too; a name that is a standard resource but not for containers gets only that message', () => {
    const t = edit(BASE_VM, ['            memory: 1024M\n', '            memory: 1024M\n            pods: "1"\n          limits:\n            cpus: "2"\n']);
    const fs = findingsOf(t).filter((f) => f.path.startsWith(`${P}.domain.resources.`));
    expect(fs.map((f) => [f.path, f.line, f.message])).toEqual([
      [`${P}.domain.resources.requests.pods`, lineOf(t, 'pods:'), 'Error creating pod: spec.containers[0].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers'],
      [
        `${P}.domain.resources.limits.cpus`,
        lineOf(t, 'cpus:'),
        'Error creating pod: [spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified, spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers]',
      ],
    ]);
    expect(fs[1]!.hint).toMatch(/^Did you mean `cpu`\?/);
    // nothing close: no guess
    const far = findingsOf(edit(BASE_VM, ['            memory: 1024M\n', '            memory: 1024M\n            bandwidth: "1"\n'])).find((f) => f.path.endsWith(".bandwidth"));
    expect(far?.hint).not.toMatch(/Did you mean/);
  });

  it('accepts the standard names, hugepages-* and fully qualified device names', () => {
    expectClean(edit(BASE_VM, ['            memory: 1024M\n', '            memory: 1024M\n            cpu: 500m\n            ephemeral-storage: 1Gi\n            devices.kubevirt.io/kvm: "1"\n          limits:\n            memory: 2Gi\n']));
  });
});
