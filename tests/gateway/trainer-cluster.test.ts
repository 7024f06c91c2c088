// The class page's checks on what the cluster holds (`kvlab check --namespace`, per trainee's
// namespace), offered only when the gateway's own kubectl reaches a cluster. No cluster here: a
// kubectl stand-in on the gateway's PATH answers `version` and prints alice's namespace (a lab
// half done), and refuses bob's (Forbidden), as a real API server would without the rights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueToken } from '../../scripts/gateway/token.ts';
import { SECRET, startGateway, tempDir, token, type RunningGateway } from './harness.ts';
import { clusterList } from '../unit/exercises/cluster-list.ts';
import { probesLab, stateAfter } from '../unit/exercises/lab.ts';
import { kvlabCheck } from '../unit/exercises/run-check.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let withCluster: RunningGateway;
let without: RunningGateway;
let bin: string;

beforeAll(async () => {
  bin = tempDir('kvlab-kubectl-');
  writeFileSync(join(bin, 'alice.json'), JSON.stringify(clusterList(stateAfter(probesLab(), 1), 'alice')));
  writeFileSync(
    join(bin, 'kubectl'),
    `#!/bin/sh\nif [ "$1" = version ]; then echo '{"serverVersion":{"gitVersion":"v1.31.0"}}'; exit 0; fi\nif [ "$4" = alice ]; then cat "${join(bin, 'alice.json')}"; exit 0; fi\necho "Error from server (Forbidden): virtualmachines.kubevirt.io is forbidden: cannot list in the namespace \\"$4\\"" >&2\nexit 1\n`,
  );
  chmodSync(join(bin, 'kubectl'), 0o755);
  // the other gateway's kubectl reaches no cluster
  const none = tempDir('kvlab-nokubectl-');
  writeFileSync(join(none, 'kubectl'), '#!/bin/sh\necho "The connection to the server localhost:8080 was refused" >&2\nexit 1\n');
  chmodSync(join(none, 'kubectl'), 0o755);
  // one after the other: each loads the training (a loaded 2-core machine)
  withCluster = await startGateway(['--content', join(ROOT, 'content')], { PATH: `${bin}:${process.env.PATH}` });
  without = await startGateway(['--content', join(ROOT, 'content')], { PATH: `${none}:${process.env.PATH}` });
});
afterAll(async () => {
  await Promise.all([withCluster?.stop(), without?.stop()]);
});

const trainer = { authorization: `Bearer ${issueToken(SECRET, 'tom', 3600, Date.now(), 'trainer')}` };
const api = async (gw: RunningGateway, path: string) => {
  const r = await fetch(`http://127.0.0.1:${gw.port}${path}`, { headers: trainer });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('class page checks on the cluster', () => {
  it("with cluster access: each trainee's namespace judged as kvlab check --namespace judges it; a refusal is that trainee's error", async () => {
    for (const u of ['alice', 'bob'])
      expect((await fetch(`http://127.0.0.1:${withCluster.port}/workspace/file?path=labs/lab08/x.yaml`, { method: 'PUT', headers: { authorization: `Bearer ${token(u)}` }, body: JSON.stringify({ text: 'a: 1\n' }) })).status).toBe(200);
    await expect.poll(async () => (await api(withCluster, '/trainer/api/class')).body.cluster, { timeout: 20_000 }).toBe(true);
    const got = await api(withCluster, '/trainer/api/cluster?lab=08');
    expect(got.status).toBe(200);
    const rows = got.body.trainees as { user: string; namespace: string; tasks?: { id: string; state: string }[]; sources?: Record<string, string>; error?: string }[];
    expect(rows.map((r) => r.user)).toEqual(['alice', 'bob']);
    const cli = await kvlabCheck('--lab', '08', '--namespace', 'alice', '--kubectl', join(bin, 'kubectl'), '--format', 'json', '--content', join(ROOT, 'content'));
    const want = (JSON.parse(cli.out) as { trainees: { tasks: { id: string; passed: boolean }[] }[] }).trainees[0]!.tasks;
    const alice = rows[0]!;
    expect(alice.namespace).toBe('alice');
    expect(alice.tasks!.filter((t) => t.state === 'passed').map((t) => t.id)).toEqual(want.filter((t) => t.passed).map((t) => t.id));
    expect(alice.tasks!.filter((t) => t.state === 'passed').map((t) => t.id)).toEqual(['1', '2', '4']);
    expect(alice.sources!['labs/lab08/vm_lab08-probe.yaml']).toBe('VirtualMachine/lab08-probe');
    expect(rows[1]!.tasks).toBeUndefined();
    expect(rows[1]!.error).toContain('Forbidden');
  });

  it('without cluster access the class page offers no cluster check (409 with what to do)', async () => {
    await expect.poll(() => without.log.join(''), { timeout: 20_000 }).toContain('no checks on the cluster');
    expect((await api(without, '/trainer/api/class')).body.cluster).toBe(false);
    const got = await api(without, '/trainer/api/cluster?lab=08');
    expect(got.status).toBe(409);
    expect(String(got.body.error)).toContain('kubeconfig');
  });
});
