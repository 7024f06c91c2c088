// `kvlab check --lab all` over a class folder of 3 trainees of acend's KubeVirt training
// (tests/fixtures/kubevirt-class: alice did labs 01, 02 and 04 from the references, bob left
// the DataVolume at the start's 64Mi, carol wrote the Service port as a string), in text, json
// and junit; and `--lab 01`, which several pages share, says which page it picked.
import { describe, expect, it } from 'vitest';
import { kvlabCheck } from './run-check.ts';
import { xsdErrors } from './xsd.ts';

const content = 'tests/fixtures/kubevirt-training';
const klass = 'tests/fixtures/kubevirt-class';

interface JsonTask { id: string; number?: string; passed: boolean; checked: boolean; requirements: { passed: boolean; text: string; detail?: string }[] }

describe('kvlab check --lab all', () => {
  it('json: every checked task of the training per trainee, each judged on its own files', async () => {
    const r = await kvlabCheck('--content', content, '--lab', 'all', '--dir', klass, '--format', 'json');
    expect(r.code).toBe(1);
    const { trainees } = JSON.parse(r.out) as { trainees: { user: string; done: number; checked: number; tasks: JsonTask[] }[] };
    expect(trainees.map((t) => [t.user, t.checked])).toEqual([['alice', 39], ['bob', 39], ['carol', 39]]);
    const passed = (u: string) => trainees.find((t) => t.user === u)!.tasks.filter((t) => t.checked && t.passed).map((t) => t.number);
    // 4.2.1 passes too: its file is 4.2.3's now, and 4.2.3 passes (done by the later task)
    expect(passed('alice')).toEqual(['1.1.2', '1.2.1', '2.2.1', '4.2.1', '4.2.3', '4.2.4']);
    expect(passed('bob')).toEqual(['1.1.2', '1.2.1']);
    expect(passed('carol')).toEqual([]);
    const dv = trainees.find((t) => t.user === 'bob')!.tasks.find((t) => t.number === '2.2.1')!;
    expect(dv.requirements.filter((q) => !q.passed).map((q) => [q.text, q.detail])).toEqual([['Set spec.storage.resources.requests.storage to "256Mi", as Task 2.2.1 asks.', 'found the string "64Mi"']]);
    const port = trainees.find((t) => t.user === 'carol')!.tasks.find((t) => t.number === '4.2.4')!;
    expect(port.requirements.filter((q) => !q.passed).map((q) => q.text)).toContain('Set spec.ports[0].port to 80, as Task 4.2.4 asks.');
    // ids stay unique across labs: the lab's id before the task's
    expect(new Set(trainees[0].tasks.map((t) => t.id)).size).toBe(trainees[0].tasks.length);
  });

  it('text and junit: the same verdicts', async () => {
    const text = await kvlabCheck('--content', content, '--lab', 'all', '--dir', klass);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^alice: 6 of 39 checked tasks done, reached Task 4\.2\.4$/m);
    expect(text.out).toMatch(/^bob: 2 of 39 checked tasks done/m);
    expect(text.out).toMatch(/^carol: 0 of 39 checked tasks done, none done yet$/m);
    expect(text.out).toMatch(/^  SKIP  Task 1\.1\.1: Review the VirtualMachine manifest \(not checked: the task names no file/m);
    // the labs with a checked task: 63 tasks each, 24 of them not checked
    expect(text.out).toMatch(/^3 trainees, 189 tasks: 8 done, 109 failed, 72 not checked$/m);
    const junit = await kvlabCheck('--content', content, '--lab', 'all', '--dir', klass, '--format', 'junit');
    expect(await xsdErrors(junit.out)).toEqual([]);
    const suites = [...junit.out.matchAll(/<testsuite [^>]* name="([^"]+)"[^>]*tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/g)].map((m) => [m[1], +m[2], +m[3], +m[4]]);
    expect(suites).toEqual([['alice', 63, 33, 24], ['bob', 63, 37, 24], ['carol', 63, 39, 24]]);
  });

  it('--lab 01 (shared by four pages) says which page it checks', async () => {
    const r = await kvlabCheck('--content', content, '--lab', '01', '--dir', klass, '--user', 'alice');
    expect(r.err).toMatch(/lab 01 is shared by 4 pages \(docs\/getting-started-with-kubevirt\/create-vm, .*\); checking docs\/getting-started-with-kubevirt\/create-vm/);
    expect(r.code).toBe(0);
    const life = await kvlabCheck('--content', content, '--lab', 'lifecycle', '--dir', klass, '--user', 'alice');
    expect(life.out).toMatch(/PASS  Task 1\.2\.1/);
  });
});
