// `kvlab check` on what a cluster holds: the lab's VMs and Secrets from a saved
// `kubectl get … -o yaml` (--objects) or from kubectl itself (--namespace; a stand-in kubectl
// here, since no cluster is reachable), judged by the same checker as a folder.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { kvlabCheck } from './run-check.ts';
import { appliedObject, filesFromObjects, objectsFromText } from '../../../exercises/live.ts';
import { probesLab, stateAfter } from './lab.ts';
import { clusterList } from './cluster-list.ts';

const lab = probesLab();
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kvlab-live-'));
  writeFileSync(join(tmp, 'complete.yaml'), stringify(clusterList(stateAfter(lab, lab.tasks.length - 1))));
  writeFileSync(join(tmp, 'halfway.json'), JSON.stringify(clusterList(stateAfter(lab, 1))));
  // a kubectl stand-in: prints the saved cluster as JSON and records its arguments
  const kubectl = join(tmp, 'kubectl');
  writeFileSync(kubectl, `#!/bin/sh\necho "$@" > "${join(tmp, 'args')}"\nif [ "$4" != alice ]; then echo 'Error from server (Forbidden): virtualmachines.kubevirt.io is forbidden' >&2; exit 1; fi\ncat "${join(tmp, 'halfway.json')}"\n`);
  chmodSync(kubectl, 0o755);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('live objects as lab files', () => {
  it('takes what the trainee applied (last-applied-configuration), or the object without status and server fields', () => {
    const { objects } = objectsFromText(readFileSync(join(tmp, 'complete.yaml'), 'utf8'));
    const vm = objects.find((o) => o.kind === 'VirtualMachine')!;
    expect((appliedObject(vm).spec as { running: boolean }).running).toBe(false);
    const { metadata } = vm as { metadata: Record<string, unknown> };
    const bare = appliedObject({ ...vm, metadata: { ...metadata, annotations: { 'kubevirt.io/latest-observed-api-version': 'v1', team: 'a' } } });
    expect(bare.status).toBeUndefined();
    expect(bare.metadata).toEqual({ name: 'lab08-probe', namespace: 'alice', annotations: { team: 'a' } });
  });
  it("maps each lab file to its object, and each #cloud-config file to the Secret its task's VM names", () => {
    const { objects } = objectsFromText(readFileSync(join(tmp, 'complete.yaml'), 'utf8'));
    const live = filesFromObjects(lab, objects);
    expect(live.sources).toEqual({
      'labs/lab08/vm_lab08-probe.yaml': 'VirtualMachine/lab08-probe',
      'labs/lab08/vm_lab08-watchdog.yaml': 'VirtualMachine/lab08-watchdog',
      'labs/lab08/cloudinit-probe.yaml': 'Secret/lab08-cloudinit-probe userdata',
      'labs/lab08/cloudinit-watchdog.yaml': 'Secret/lab08-cloudinit-watchdog userdata',
    });
    expect(live.files['labs/lab08/cloudinit-probe.yaml']).toBe(stateAfter(lab, lab.tasks.length - 1)['labs/lab08/cloudinit-probe.yaml']);
  });
  it('a broken kubectl output is an error with its line', () => {
    expect(objectsFromText('items:\n  - kind: [unclosed\n').error).toMatch(/^line \d+: /);
  });
});

describe('kvlab check --objects / --namespace', () => {
  it('passes every task on a cluster holding the finished lab (exit 0)', async () => {
    const r = await kvlabCheck('--lab', '08', '--objects', join(tmp, 'complete.yaml'), '--user', 'alice');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^alice: 5 of 5 checked tasks done/);
    expect(r.err).toContain('labs/lab08/vm_lab08-probe.yaml ← VirtualMachine/lab08-probe');
  });
  it('asks kubectl for the namespace and reports how far the trainee got (exit 1)', async () => {
    const r = await kvlabCheck('--lab', '08', '--namespace', 'alice', '--kubectl', join(tmp, 'kubectl'), '--context', 'training', '--format', 'json');
    expect(readFileSync(join(tmp, 'args'), 'utf8').trim()).toBe('get virtualmachines.kubevirt.io,secrets -n alice -o json --context training');
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.out) as { trainees: { user: string; tasks: { id: string; passed: boolean }[] }[] };
    expect(rep.trainees[0]!.user).toBe('alice');
    // task 4 changes no file: it is judged by behaviour on what the cluster holds, as for a folder
    expect(rep.trainees[0]!.tasks.filter((t) => t.passed).map((t) => t.id)).toEqual(['1', '2', '4']);
  });
  it("kubectl's own refusal, a missing kubectl and clashing options exit 2 with what to do", async () => {
    const denied = await kvlabCheck('--lab', '08', '--namespace', 'bob', '--kubectl', join(tmp, 'kubectl'));
    expect(denied.code).toBe(2);
    expect(denied.err).toContain('Forbidden');
    const missing = await kvlabCheck('--lab', '08', '--namespace', 'alice', '--kubectl', join(tmp, 'no-such-kubectl'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ENOENT (install kubectl, or give --kubectl PATH)');
    const both = await kvlabCheck('--lab', '08', '--namespace', 'alice', '--dir', tmp);
    expect(both.code).toBe(2);
    expect(both.err).toContain('give one of --dir, --namespace, not several');
  });
});
