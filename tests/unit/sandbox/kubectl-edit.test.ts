// `kubectl edit`'s round trip with the page's editor (the EditFn contract): what the editor gets
// (kubectl's header, the object as `get -o yaml` shows it, the temp file's name), and what each
// answer prints and does, as kubectl v1.32's editoptions.go: edited, cancelled, refused and
// reopened with the reasons, refused for good, interrupted; and the one line without an editor.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Harness } from './harness.ts';
import type { EditFn, EditRequest } from '../../../sandbox/types.ts';
import { mergeDiff, NO_EDITOR } from '../../../sandbox/kubectl/edit.ts';
import { validateText } from '../../../validators/index.ts';

const HEADER = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/** The page's editor as the tests drive it: each request waits for an answer. */
class FakeEditor {
  requests: EditRequest[] = [];
  closed = 0;
  private answer?: (text: string | undefined) => void;
  fn: EditFn = (request) => {
    this.requests.push(request);
    return {
      saved: new Promise((resolve) => (this.answer = resolve)),
      close: () => {
        this.closed++;
        this.answer?.(undefined);
      },
    };
  };
  get last(): EditRequest {
    return this.requests[this.requests.length - 1]!;
  }
  /** Saves `text` (undefined: closes without saving) and waits until the shell is back at its prompt or the editor is asked again. */
  async save(h: Harness, text: string | undefined): Promise<string> {
    const asked = this.requests.length;
    this.answer!(text);
    for (let i = 0; i < 1000 && h.shell.busy && this.requests.length === asked; i++) await new Promise((r) => setTimeout(r, 0));
    const out = h.take().replace(/\n$/, '').split('\n');
    return out.slice(0, out[out.length - 1]!.includes('@sandbox:') ? -1 : undefined).join('\n');
  }
}

function withVm(opts: { async?: boolean } = {}): { h: Harness; ed: FakeEditor } {
  const ed = new FakeEditor();
  const validate = opts.async ? (t: string, o: Parameters<typeof validateText>[1]) => Promise.resolve(validateText(t, o)) : validateText;
  const h = new Harness({ edit: ed.fn, validate });
  h.shell.input('kubectl apply -f labs/lab08/vm_lab08-probe.yaml\r');
  return { h, ed };
}

async function settle(h: Harness): Promise<void> {
  for (let i = 0; i < 1000 && h.shell.busy; i++) await new Promise((r) => setTimeout(r, 0));
  h.take();
}

/** Opens `kubectl edit vm lab08-probe` (nothing printed yet: the editor has it). */
async function openEdit(h: Harness, ed: FakeEditor, line = 'kubectl edit vm lab08-probe'): Promise<void> {
  await settle(h);
  const asked = ed.requests.length;
  h.shell.input(`${line}\r`);
  for (let i = 0; i < 1000 && ed.requests.length === asked; i++) await new Promise((r) => setTimeout(r, 0));
  expect(h.take().split('\n').slice(1).join('\n')).toBe('');
}

const exitCode = (h: Harness) => h.run('echo $?');
/** The VM as the cluster now has it. */
const vm = (h: Harness) => parse(h.run('kubectl get vm lab08-probe -o yaml')) as { metadata: { labels?: Record<string, string> }; spec: { running?: boolean; runStrategy?: string } };

describe('kubectl edit with the page editor', () => {
  it('opens the object as kubectl edit writes it: header, then the YAML with status and server metadata', async () => {
    const { h, ed } = withVm();
    await openEdit(h, ed);
    const r = ed.last;
    expect(r.file).toMatch(/^\/tmp\/kubectl-edit-\d+\.yaml$/);
    expect(r.object).toBe('virtualmachine.kubevirt.io/lab08-probe');
    expect(r.text.startsWith(HEADER)).toBe(true);
    const obj = parse(r.text) as { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown>; status?: unknown };
    expect([obj.apiVersion, obj.kind, obj.metadata.name, obj.metadata.namespace]).toEqual(['kubevirt.io/v1', 'VirtualMachine', 'lab08-probe', 'alice']);
    expect(obj.metadata.uid).toBeTruthy();
    expect(obj.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(obj.metadata.managedFields).toBeUndefined();
    expect(obj.spec.running).toBe(false);
    // the same object get -o yaml prints, below the header
    await ed.save(h, undefined);
    expect(r.text.slice(HEADER.length)).toBe(`${h.run('kubectl get vm lab08-probe -o yaml')}\n`);
  });

  it('a saved change is applied as a merge patch: "edited", exit 0, the object changed', async () => {
    const { h, ed } = withVm();
    await openEdit(h, ed);
    const text = ed.last.text.replace('running: false', 'running: true').replace(/(\n {2}name: lab08-probe\n)/, '$1  labels:\n    tier: web\n');
    expect(await ed.save(h, text)).toBe('virtualmachine.kubevirt.io/lab08-probe edited');
    expect(exitCode(h)).toBe('0');
    expect([vm(h).spec.running, vm(h).metadata.labels?.tier]).toEqual([true, 'web']);
  });

  it('closing without saving, or saving it unchanged: "Edit cancelled, no changes made.", exit 0', async () => {
    const { h, ed } = withVm();
    await openEdit(h, ed);
    expect(await ed.save(h, undefined)).toBe('Edit cancelled, no changes made.');
    expect(exitCode(h)).toBe('0');
    await openEdit(h, ed);
    // comments and key order do not count
    expect(await ed.save(h, `# my note\n${ed.last.text}`)).toBe('Edit cancelled, no changes made.');
    await openEdit(h, ed);
    expect(await ed.save(h, '# nothing\n\n')).toBe('Edit cancelled, saved file was empty.');
  });

  it('an invalid object: "is invalid", the editor again with the reasons; saved again unchanged: refused for good, exit 1', async () => {
    const { h, ed } = withVm();
    await openEdit(h, ed);
    const bad = ed.last.text.replace('running: false', 'running: maybe');
    expect(await ed.save(h, bad)).toBe('error: virtualmachines.kubevirt.io "lab08-probe" is invalid');
    expect(ed.requests).toHaveLength(2);
    const again = ed.last.text;
    expect(again.startsWith(`${HEADER}# virtualmachines.kubevirt.io "lab08-probe" was not valid:\n# * spec.running: `)).toBe(true);
    expect(again).toContain('running: maybe');
    expect(ed.last.file).toBe(ed.requests[0]!.file);
    expect(await ed.save(h, undefined)).toBe(`A copy of your changes has been stored to "${ed.last.file}"\nerror: Edit cancelled, no valid changes were saved.`);
    expect(exitCode(h)).toBe('1');
    expect(vm(h).spec.running).toBe(false);
  });

  it('an admission denial reopens with the webhook\'s cause; fixing it in the reopened file applies it', async () => {
    const { h, ed } = withVm({ async: true });
    await openEdit(h, ed);
    // running and runStrategy together: KubeVirt's webhook refuses it
    expect(await ed.save(h, ed.last.text.replace('running: false', 'running: false\n  runStrategy: Always'))).toBe('error: virtualmachines.kubevirt.io "lab08-probe" is invalid');
    expect(ed.last.text).toMatch(/# virtualmachines\.kubevirt\.io "lab08-probe" was not valid:\n# \* .*(running|runStrategy)/);
    const fixed = await ed.save(h, ed.last.text.replace('  running: false\n', ''));
    expect(fixed, ed.last.text).toBe('virtualmachine.kubevirt.io/lab08-probe edited');
    expect(vm(h).spec).toMatchObject({ runStrategy: 'Always' });
    expect(vm(h).spec.running).toBeUndefined();
  });

  it('a YAML syntax error reopens the file with kubectl\'s syntax-error header', async () => {
    const { h, ed } = withVm();
    await openEdit(h, ed);
    expect(await ed.save(h, ed.last.text.replace('running: false', 'running: [false'))).toBe('');
    expect(ed.last.text).toMatch(/^# Please edit[\s\S]*#\n# The edited file had a syntax error: error converting YAML to JSON: yaml: line \d+: [^\n]+\n#\napiVersion/);
    expect(await ed.save(h, undefined)).toMatch(/^A copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"\nerror: Edit cancelled, no valid changes were saved\.$/);
  });

  it('a changed name or kind is refused with the copy kept', async () => {
    const { h, ed } = withVm();
    await openEdit(h, ed);
    expect(await ed.save(h, ed.last.text.replace('name: lab08-probe\n  namespace', 'name: other\n  namespace'))).toMatch(/^A copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"\nerror: At least one of apiVersion, kind and name was changed$/);
    expect(exitCode(h)).toBe('1');
  });

  it('Ctrl-C closes the editor: ^C, exit 130, nothing applied', async () => {
    const { h, ed } = withVm();
    await openEdit(h, ed);
    h.shell.input('\x03');
    await settle(h);
    expect(ed.closed).toBe(1);
    expect(exitCode(h)).toBe('130');
  });

  it('errors before the editor opens are kubectl\'s; without an editor (kvlab sandbox) one line says so', async () => {
    const { h, ed } = withVm();
    await settle(h);
    expect(h.run('kubectl edit vm nope')).toBe('Error from server (NotFound): virtualmachines.kubevirt.io "nope" not found');
    expect(h.run('kubectl edit vm')).toBe('error: resource(s) were provided, but no name was specified');
    expect(ed.requests).toHaveLength(0);
    const cli = new Harness();
    cli.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    expect(cli.run('kubectl edit vm lab08-probe')).toBe(NO_EDITOR);
    expect(exitCode(cli)).toBe('1');
  });

  it('mergeDiff is RFC 7386: changed and added keys, removed ones null, lists whole, undefined when equal', () => {
    expect(mergeDiff({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { a: 1, b: { c: 5 }, l: [1], e: {} })).toEqual({ b: { c: 5, d: null }, l: [1], e: {} });
    expect(mergeDiff({ a: { b: 1 } }, { a: { b: 1 } })).toBeUndefined();
    expect(mergeDiff({ a: 'x' }, { a: {} })).toEqual({ a: {} });
  });
});
