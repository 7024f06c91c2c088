// "Import progress" writes only what "Export progress" writes: the editors' drafts, the passed
// tasks and the sandbox's saved shell (its files). Never the user name, the gateway, the theme
// or any other setting, whatever the file holds.
import { describe, expect, it } from 'vitest';
import { MemoryStore, ProgressStore, draftKey, passKey } from '../../../site/lib/progress.ts';

const scope = { user: 'alice', lab: '08', variant: 'default' };
const hostile = {
  'kvlab:v1:user': 'alice;echo INJECTED >~/pwned;#',
  'kvlab:v1:gateway': 'ws://attacker.example/terminal',
  'kvlab:v1:gateway-token': 'stolen',
  'kvlab:v1:theme': 'dark',
  'kvlab:v1:tabs': '{}',
  'kvlab:v1:term-height': '9999',
  'kvlab:v1:term-screen:alice': '\u001b]0;x\u0007',
  'kvlab:version': '1',
};

describe('progress import', () => {
  it('writes drafts, passes and the sandbox state, and nothing else', () => {
    const mem = new MemoryStore();
    mem.setItem('kvlab:v1:user', 'bob');
    mem.setItem('kvlab:v1:theme', 'light');
    const store = new ProgressStore(mem);
    const entries = {
      ...hostile,
      [draftKey(scope, '1', 'vm.yaml')]: JSON.stringify({ text: 'x', savedAt: 1 }),
      [passKey(scope, '1')]: JSON.stringify({ passedAt: 1, files: {} }),
      'kvlab:v1:term:alice': JSON.stringify({ version: 1, user: 'alice' }),
    };
    const r = store.importAll(JSON.stringify({ format: 'kvlab-progress', version: 1, exportedAt: '', entries }));
    expect(r).toEqual({ imported: 3, skipped: Object.keys(hostile).length });
    expect(mem.getItem('kvlab:v1:user')).toBe('bob');
    expect(mem.getItem('kvlab:v1:theme')).toBe('light');
    for (const k of ['kvlab:v1:gateway', 'kvlab:v1:gateway-token', 'kvlab:v1:tabs', 'kvlab:v1:term-height', 'kvlab:v1:term-screen:alice']) expect(mem.getItem(k)).toBeNull();
    expect(store.getDraft(scope, '1', 'vm.yaml')?.text).toBe('x');
    expect(mem.getItem('kvlab:v1:term:alice')).not.toBeNull();
  });

  it('exports only those keys too', () => {
    const mem = new MemoryStore();
    for (const [k, v] of Object.entries(hostile)) mem.setItem(k, v);
    const store = new ProgressStore(mem);
    store.saveDraft(scope, '1', 'vm.yaml', 'x', 1);
    expect(Object.keys(store.exportAll().entries)).toEqual([draftKey(scope, '1', 'vm.yaml')]);
  });
});
