// `kvlab check --lab all` over a class folder of 3 trainees of kvlab's own KubeVirt lab training
// (tests/fixtures/kubevirt-lab-class: alice did chapter 1 and the DataVolume from the
// references, bob left his VM's memory and the DataVolume's size at the start's 128Mi but wrote
// the instancetypes right, carol wrote only the Service, with its port as a string), in text,
// json and junit; and `--lab 01`, which two pages share, says which page it picked.
import { describe, expect, it } from 'vitest';
import { kvlabCheck } from './run-check.ts';
import { xsdErrors } from './xsd.ts';

const content = 'tests/fixtures/kubevirt-lab-training';
const klass = 'tests/fixtures/kubevirt-lab-class';

interface JsonTask { id: string; number?: string; passed: boolean; checked: boolean; requirements: { passed: boolean; text: string; detail?: string }[] }

describe('kvlab check --lab all', () => {
  it('json: every checked task of the training per trainee, each judged on its own files', async () => {
    const r = await kvlabCheck('--content', content, '--lab', 'all', '--dir', klass, '--format', 'json');
    expect(r.code).toBe(1);
    const { trainees } = JSON.parse(r.out) as { trainees: { user: string; done: number; checked: number; tasks: JsonTask[] }[] };
    expect(trainees.map((t) => [t.user, t.checked])).toEqual([['alice', 15], ['bob', 15], ['carol', 15]]);
    const passed = (u: string) => trainees.find((t) => t.user === u)!.tasks.filter((t) => t.checked && t.passed).map((t) => t.number);
    // 1.1.1 passes for alice too: its file is 1.1.3's now, and 1.1.3 passes (done by the later task)
    expect(passed('alice')).toEqual(['1.1.1', '1.1.3', '1.2.1', '1.2.2', '2.1.1']);
    expect(passed('bob')).toEqual(['1.1.1', '4.1.1']);
    expect(passed('carol')).toEqual([]);
    const bob = trainees.find((t) => t.user === 'bob')!;
    const dv = bob.tasks.find((t) => t.number === '2.1.1')!;
    expect(dv.requirements.filter((q) => !q.passed).map((q) => [q.text, q.detail])).toEqual([['Set spec.storage.resources.requests.storage to "512Mi", as Task 2.1.1 asks.', 'found the string "128Mi"']]);
    const memory = bob.tasks.find((t) => t.number === '1.1.3')!;
    expect(memory.requirements.filter((q) => !q.passed).map((q) => q.detail)).toEqual(['found the string "128Mi"']);
    const port = trainees.find((t) => t.user === 'carol')!.tasks.find((t) => t.number === '5.1.1')!;
    expect(port.requirements.filter((q) => !q.passed).map((q) => q.text)).toContain('Set spec.ports[name=http].port to 80, as Task 5.1.1 asks.');
    // ids stay unique across labs: the lab's id before the task's
    expect(new Set(trainees[0].tasks.map((t) => t.id)).size).toBe(trainees[0].tasks.length);
  });

  it('text and junit: the same verdicts', async () => {
    const text = await kvlabCheck('--content', content, '--lab', 'all', '--dir', klass);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^alice: 5 of 15 checked tasks done, reached Task 2\.1\.1$/m);
    expect(text.out).toMatch(/^bob: 2 of 15 checked tasks done, reached Task 4\.1\.1$/m);
    expect(text.out).toMatch(/^carol: 0 of 15 checked tasks done, none done yet$/m);
    expect(text.out).toMatch(/^  SKIP  Task 1\.1\.2: Power on and log in \(not checked: the task names no file/m);
    expect(text.out).toMatch(/^  SKIP  Task 5\.1\.3: The short way \(not checked: vm_lab01-first\.yaml: .*fragments/m);
    // 18 tasks each, 3 of them not checked
    expect(text.out).toMatch(/^3 trainees, 54 tasks: 7 done, 38 failed, 9 not checked$/m);
    const junit = await kvlabCheck('--content', content, '--lab', 'all', '--dir', klass, '--format', 'junit');
    expect(await xsdErrors(junit.out)).toEqual([]);
    const suites = [...junit.out.matchAll(/<testsuite [^>]* name="([^"]+)"[^>]*tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/g)].map((m) => [m[1], +m[2], +m[3], +m[4]]);
    expect(suites).toEqual([['alice', 18, 10, 3], ['bob', 18, 13, 3], ['carol', 18, 15, 3]]);
  });

  it('--lab 01 (shared by two pages) says which page it checks', async () => {
    const r = await kvlabCheck('--content', content, '--lab', '01', '--dir', klass, '--user', 'alice');
    expect(r.err).toMatch(/lab 01 is shared by 2 pages \(docs\/first-vm\/create-vm, docs\/first-vm\/cloud-init\); checking docs\/first-vm\/create-vm/);
    expect(r.code).toBe(0);
    const cloudInit = await kvlabCheck('--content', content, '--lab', 'docs/first-vm/cloud-init', '--dir', klass, '--user', 'alice');
    expect(cloudInit.out).toMatch(/PASS  Task 1\.2\.2/);
  });
});
