import { describe, expect, it } from 'vitest';
import {
  editorTasks,
  fileRole,
  offsetAt,
  statusText,
  toMarkers,
  userDataFor,
  userDataSecretName,
} from '../../../site/islands/editor/model.ts';
import type { DocumentResult, Finding } from '../../../validators/types.ts';

const finding = (over: Partial<Finding>): Finding => ({
  stage: 'schema',
  severity: 'error',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 9,
  path: 'spec.x',
  message: 'unknown field "spec.x"',
  ...over,
});
const doc = (findings: Finding[]): DocumentResult => ({ index: 0, valid: !findings.some((f) => f.severity === 'error'), findings });

describe('editor model', () => {
  it('reads tasks with files from the exercise data, skipping tasks that change no file', () => {
    const tasks = editorTasks({
      tasks: [
        { id: '1', title: 'Define', files: [{ path: 'labs/lab08/cloudinit-probe.yaml', start: '', solution: '#cloud-config\n' }, { path: 'labs/lab08/vm_lab08-probe.yaml', start: 'kind: VirtualMachine\n' }] },
        { id: '4', title: 'Test', files: [] },
        { id: '5', title: 'Agent', files: { 'labs/lab08/vm_lab08-probe.yaml': { starting: 'a', reference: 'b' } } },
      ],
    });
    expect(tasks.map((t) => t.id)).toEqual(['1', '5']);
    expect(tasks[0].files.map((f) => [f.name, f.role])).toEqual([
      ['cloudinit-probe.yaml', 'cloud-init'],
      ['vm_lab08-probe.yaml', 'vm'],
    ]);
    expect(tasks[1].files[0]).toMatchObject({ start: 'a', solution: 'b', path: 'labs/lab08/vm_lab08-probe.yaml' });
    expect(() => editorTasks({})).toThrow(/no "tasks" list/);
  });

  it('tells file roles from content or name', () => {
    expect(fileRole('x.yaml', '#cloud-config\n')).toBe('cloud-init');
    expect(fileRole('x.yaml', 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\n')).toBe('vm');
    expect(fileRole('svc.yaml', 'kind: Service\n')).toBe('other');
  });

  it('finds the cloud-init file a VM\'s Secret is made from', () => {
    const vm = 'volumes:\n  - name: cloudinitdisk\n    cloudInitNoCloud:\n      secretRef:\n        name: lab08-cloudinit-probe\n';
    expect(userDataSecretName(vm)).toBe('lab08-cloudinit-probe');
    const files = { 'labs/lab08/cloudinit-watchdog.yaml': 'W', 'labs/lab08/cloudinit-probe.yaml': 'P' };
    expect(userDataFor(vm, files)).toEqual([{ text: 'P', file: 'labs/lab08/cloudinit-probe.yaml' }]);
    expect(userDataFor('kind: VirtualMachine\n', files)).toEqual([]);
  });

  it('turns findings into markers with the hint, and counts them for the status line', () => {
    const docs = [doc([finding({ hint: 'write initialDelaySeconds' }), finding({ severity: 'warning', line: 7, column: 3, endLine: 7, endColumn: 3 })])];
    const m = toMarkers(docs);
    expect(m[0]).toMatchObject({ severity: 'error', startLineNumber: 3, startColumn: 5, endColumn: 9, source: 'schema', code: 'spec.x' });
    expect(m[0].message).toBe('unknown field "spec.x"\nHint: write initialDelaySeconds');
    // zero-width range widened so it is drawn
    expect(m[1]).toMatchObject({ startColumn: 3, endColumn: 4, endLineNumber: 7 });
    expect(statusText(docs).text).toBe('1 error, 1 warning');
    expect(statusText([doc([])]).text).toBe('valid');
    expect(statusText([doc([finding({}), finding({})])]).text).toBe('2 errors, 0 warnings');
  });

  it('maps line/column to offsets', () => {
    expect(offsetAt('ab\ncd\n', 2, 2)).toBe(4);
    expect(offsetAt('ab', 5, 1)).toBe(2);
  });
});
