// `annotations:` left empty is null in YAML; the API server takes it as the key left out (Go's
// JSON decoding; a CRD prunes non-nullable nulls), so a manifest of a real training that writes
// it is accepted. A null where a value is required is still refused, as the cluster refuses it.
import '../../../validators/load-all.ts';
import { describe, expect, it } from 'vitest';
import { validateText } from '../../../validators/index.ts';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  annotations:\n  labels:\ndata:\n  a: b\n';
const VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: vm
  annotations:
spec:
  runStrategy: Halted
  template:
    metadata:
      labels:
    spec:
      domain:
        devices: {}
        resources:
          requests:
            memory: 64Mi
`;

describe('null values', () => {
  it('an empty annotations or labels key is accepted (ConfigMap and VirtualMachine)', () => {
    for (const text of [CM, VM]) {
      const [doc] = validateText(text);
      expect(doc!.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(doc!.valid).toBe(true);
    }
  });
  it('a null spec is the spec left out: refused where the kind requires it, at its line', () => {
    const [doc] = validateText('apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: vm\nspec:\n');
    const f = doc!.findings.find((x) => x.severity === 'error');
    expect(f?.stage).toBe('schema');
    expect(f?.message).toMatch(/spec/);
  });
  it('a wrong non-null value beside a null one is still refused', () => {
    const [doc] = validateText(CM.replace('  a: b\n', '  a: 1\n'));
    const f = doc!.findings.find((x) => x.severity === 'error');
    expect(f?.path).toBe('data.a');
    expect(f?.line).toBe(8);
  });
});
