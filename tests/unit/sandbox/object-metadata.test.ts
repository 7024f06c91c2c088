// `kubectl get -o yaml|json` shows the metadata the API server keeps on every object:
// creationTimestamp (from the simulated clock), uid, resourceVersion, and generation on custom
// resources (VMs, VMIs) — derived objects (VMI, launcher pod, Endpoints, Event) included.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

const VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: meta
spec:
  runStrategy: Always
  template:
    metadata:
      labels:
        app: meta
    spec:
      domain:
        devices: {}
        resources:
          requests:
            memory: 64M
`;
const SVC = `apiVersion: v1
kind: Service
metadata:
  name: meta
spec:
  selector:
    app: meta
  ports:
    - port: 80
`;

const metaOf = (h: Harness, what: string) => JSON.parse(h.run(`kubectl get ${what} -o json`)).metadata as Record<string, unknown>;
const TS = /^2026-01-01T00:\d\d:\d\dZ$/;
const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('object metadata in -o yaml / -o json', () => {
  it('stored and derived objects carry creationTimestamp, uid, resourceVersion (and generation on CRs)', () => {
    const h = new Harness({ files: { 'vm.yaml': VM, 'svc.yaml': SVC } });
    h.run('kubectl apply -f vm.yaml');
    h.run('kubectl apply -f svc.yaml');
    h.shell.advance(200);
    const vm = metaOf(h, 'vm meta');
    expect(vm.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(vm.uid).toMatch(UID);
    expect(vm.generation).toBe(1);
    expect(vm.resourceVersion).toMatch(/^\d+$/);
    const vmi = metaOf(h, 'vmi meta');
    expect(vmi.creationTimestamp).toMatch(TS);
    expect(vmi.uid).toMatch(UID);
    expect(vmi.resourceVersion).toMatch(/^\d+$/);
    expect(vmi.generation).toBe(1);
    const pod = h.run('kubectl get pods -o name').split('\n')[0]!.replace('pod/', '');
    const pm = metaOf(h, `pod ${pod}`);
    expect(pm.creationTimestamp).toMatch(TS);
    expect(pm.uid).toMatch(UID);
    expect(pm.resourceVersion).toMatch(/^\d+$/);
    expect(pm.generation).toBeUndefined(); // core objects have none
    const ep = metaOf(h, 'endpoints meta');
    expect(ep.uid).toMatch(UID);
    expect(ep.resourceVersion).toMatch(/^\d+$/);
    const svc = metaOf(h, 'svc meta');
    expect(svc.generation).toBeUndefined();
    expect(svc.uid).toMatch(UID);
  });
});
