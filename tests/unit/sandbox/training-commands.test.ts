// Commands of a real KubeVirt training (acend's KubeVirt Basics) that the sandbox got wrong:
// each as kubectl / virtctl print it on a cluster, with its exit code.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';
import { runLab, type LabBlock } from '../../../sandbox/lab-commands.ts';
import { validateText } from '../../../validators/index.ts';

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;
const code = (h: Harness) => h.run('echo $?');

describe('kubectl create -f', () => {
  it('creates every object of a file; an object that exists already is AlreadyExists, exit 1', () => {
    const h = new Harness();
    h.files['labs/many.yaml'] = `${CM('one')}---\n${CM('two')}`;
    expect(h.run('kubectl create -f labs/many.yaml')).toBe('configmap/one created\nconfigmap/two created');
    expect(code(h)).toBe('0');
    expect(h.run('kubectl get cm -o name')).toBe('configmap/one\nconfigmap/two');
    expect(h.run('kubectl create -f labs/many.yaml')).toBe(
      'Error from server (AlreadyExists): error when creating "labs/many.yaml": configmaps "one" already exists\nError from server (AlreadyExists): error when creating "labs/many.yaml": configmaps "two" already exists',
    );
    expect(code(h)).toBe('1');
    h.files['labs/bad.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n';
    expect(h.run('kubectl create -f labs/bad.yaml')).toMatch(/^The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value/);
    expect(h.run('kubectl create -f labs/none.yaml')).toBe('error: the path "labs/none.yaml" does not exist');
  });
});

describe('kvlab lint --commands: the files a command names', () => {
  const block = (b: Partial<LabBlock>): LabBlock => ({ file: 'lab.md', line: 1, lang: 'bash', text: '', before: '', ...b });

  it('takes "the following code blocks" written to one file, with <user> as the trainee\'s name', async () => {
    const blocks = [
      block({ text: 'kubectl create -f multiple-manifests.yaml', line: 5, before: 'Write the following code blocks to one file (e.g. `multiple-manifests.yaml`); replace `<user>`.' }),
      block({ lang: 'yaml', text: CM('one-<user>'), line: 10 }),
      block({ lang: 'yaml', text: `${CM('two')}---\n${CM('three')}`, line: 20 }),
      block({ text: 'kubectl get cm -o name', line: 30 }),
    ];
    const r = await runLab(blocks, { user: 'u1', validate: validateText });
    expect(r.failures).toEqual([]);
    expect(r.steps.map((s) => s.output)).toEqual(['configmap/one-u1 created\nconfigmap/two created\nconfigmap/three created', 'configmap/one-u1\nconfigmap/three\nconfigmap/two']);
    expect(r.files).toEqual({ 'multiple-manifests.yaml': 'lab.md:10' });
  });

  it('reports a refused object of a file by its error line, with the first cause of "is invalid:"', async () => {
    const blocks = [
      block({ lang: 'yaml', text: `${CM('ok')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  "a b": v\n  "c d": v\n`, line: 1, before: '`cms.yaml`' }),
      block({ text: 'kubectl apply -f cms.yaml', line: 10 }),
    ];
    const r = await runLab(blocks, { user: 'u1', validate: validateText });
    expect(r.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^The ConfigMap "x" is invalid: \* data\[a b\]: Invalid value: "a b": a valid config key must/)]);
  });
});
