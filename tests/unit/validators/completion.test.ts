import { describe, expect, it } from 'vitest';
import { completionsAt, hoverAt } from '../../../validators/completion.ts';
import { BASE_VM } from './base.ts';

const at = (text: string, marker: string) => {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`marker ${marker} not found`);
  return { text: text.replace(marker, ''), offset: i };
};

describe('completionsAt', () => {
  it('offers the probe fields under readinessProbe, without the ones already written', () => {
    const { text, offset } = at(BASE_VM.replace('        timeoutSeconds: 5\n', '        timeoutSeconds: 5\n        §\n'), '§');
    const labels = completionsAt(text, offset).map((c) => c.label);
    expect(labels).toContain('failureThreshold');
    expect(labels).toContain('tcpSocket');
    expect(labels).toContain('guestAgentPing');
    expect(labels).not.toContain('timeoutSeconds');
    expect(labels).not.toContain('domain');
  });
  it('offers fields of a list item (disks[].disk) and documents them', () => {
    const { text, offset } = at(BASE_VM.replace('                bus: virtio\n            - name: cloudinitdisk', '                bus: virtio\n              §\n            - name: cloudinitdisk'), '§');
    const items = completionsAt(text, offset);
    const boot = items.find((c) => c.label === 'bootOrder')!;
    expect(boot).toBeDefined();
    expect(items.map((c) => c.label)).not.toContain('name');
    expect(boot.documentation).toContain('BootOrder');
  });
  it('offers enum values for a value position', () => {
    const { text, offset } = at(BASE_VM.replace('            image: quay.io/containerdisks/fedora:40\n', '            image: quay.io/containerdisks/fedora:40\n            imagePullPolicy: §\n'), '§');
    expect(completionsAt(text, offset).map((c) => c.label)).toEqual(['Always', 'IfNotPresent', 'Never']);
  });
  it('offers kinds at kind:', () => {
    const { text, offset } = at('apiVersion: kubevirt.io/v1\nkind: Virt§\n', '§');
    const items = completionsAt(text, offset);
    expect(items.map((c) => c.label)).toContain('VirtualMachine');
    expect(items[0]!.range).toEqual({ start: text.indexOf('Virt'), end: text.indexOf('Virt') + 4 });
  });
});

describe('hoverAt', () => {
  it('describes a field from the KubeVirt API', () => {
    const off = BASE_VM.indexOf('readinessProbe:') + 3;
    const h = hoverAt(BASE_VM, off)!;
    expect(h.markdown).toContain('**readinessProbe**');
    expect(h.markdown).toContain('Periodic probe of VirtualMachineInstance service readiness');
    expect(h.range.start).toBe(BASE_VM.indexOf('readinessProbe:'));
  });
  it('shows the liveness successThreshold rule and enum values', () => {
    const t = BASE_VM.replace('        tcpSocket:\n          port: 8081\n', '        successThreshold: 1\n        tcpSocket:\n          port: 8081\n');
    expect(hoverAt(t, t.indexOf('successThreshold') + 2)!.markdown).toContain('Must be 1 for liveness');
    // a label key is user data, not an API field
    expect(hoverAt(BASE_VM, BASE_VM.indexOf('kubevirt.io/domain') + 2)).toBeUndefined();
  });
});
