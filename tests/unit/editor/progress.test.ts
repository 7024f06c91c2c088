import { describe, expect, it } from 'vitest';
import {
  MemoryStore,
  ProgressStore,
  VERSION_KEY,
  draftKey,
  migrateStore,
  parseExport,
  type Migration,
} from '../../../site/lib/progress.ts';

const scope = { user: 'alice', lab: '08', variant: 'default' };
const vm = 'labs/lab08/vm_lab08-probe.yaml';

describe('progress store', () => {
  it('saves and restores drafts per trainee, lab, variant, task and file', () => {
    const mem = new MemoryStore();
    const p = new ProgressStore(mem);
    p.saveDraft(scope, '1', vm, 'a: 1\n', 5);
    expect(p.getDraft(scope, '1', vm)).toEqual({ text: 'a: 1\n', savedAt: 5 });
    expect(p.getDraft({ ...scope, user: 'bob' }, '1', vm)).toBeUndefined();
    expect(p.getDraft({ ...scope, variant: 'tolerations' }, '1', vm)).toBeUndefined();
    expect(p.getDraft(scope, '2', vm)).toBeUndefined();
    // a fresh store over the same storage (a reload, or a rebuilt site) finds it again
    expect(new ProgressStore(mem).getDraft(scope, '1', vm)?.text).toBe('a: 1\n');
    expect(draftKey(scope, '1', vm)).toBe('kvlab:v1:draft:alice:08:default:1:labs%2Flab08%2Fvm_lab08-probe.yaml');
  });

  it('keeps a user name with a colon from colliding with another scope', () => {
    const p = new ProgressStore(new MemoryStore());
    p.saveDraft({ ...scope, user: 'a:08' }, '1', vm, 'x');
    expect(p.getDraft({ ...scope, user: 'a' }, '1', vm)).toBeUndefined();
  });

  it('starts a task from the trainee\'s passing file of the nearest earlier task on that path', () => {
    const p = new ProgressStore(new MemoryStore());
    expect(p.initialText(scope, '3', vm, ['1', '2'], 'START')).toEqual({ text: 'START', from: 'start' });
    p.recordPass(scope, '1', { [vm]: 'one' });
    expect(p.initialText(scope, '3', vm, ['1', '2'], 'START')).toEqual({ text: 'one', from: 'previous-pass', task: '1' });
    p.recordPass(scope, '2', { [vm]: 'two' });
    expect(p.initialText(scope, '3', vm, ['1', '2'], 'START').text).toBe('two');
    // a file the earlier pass did not hold falls through to the start
    expect(p.initialText(scope, '3', 'labs/lab08/other.yaml', ['1', '2'], 'S2').from).toBe('start');
    p.saveDraft(scope, '3', vm, 'mine');
    expect(p.initialText(scope, '3', vm, ['1', '2'], 'START')).toEqual({ text: 'mine', from: 'draft' });
    expect(p.passedTasks(scope)).toEqual(['1', '2']);
  });

  it('gives the lab folder as the newest saved draft of each path', () => {
    const p = new ProgressStore(new MemoryStore());
    p.saveDraft(scope, '1', vm, 'task1', 10);
    p.saveDraft(scope, '2', vm, 'task2', 20);
    p.saveDraft(scope, '1', 'labs/lab08/cloudinit-probe.yaml', 'ci', 5);
    p.saveDraft({ ...scope, variant: 'tolerations' }, '3', vm, 'other variant', 30);
    expect(p.latestFiles(scope)).toEqual({ [vm]: 'task2', 'labs/lab08/cloudinit-probe.yaml': 'ci' });
  });

  it('reads a damaged entry as absent', () => {
    const mem = new MemoryStore();
    mem.setItem(draftKey(scope, '1', vm), '{not json');
    expect(new ProgressStore(mem).getDraft(scope, '1', vm)).toBeUndefined();
  });

  it('exports everything and imports it into another browser', () => {
    const a = new ProgressStore(new MemoryStore());
    a.saveDraft(scope, '1', vm, 'draft text', 1);
    a.recordPass(scope, '1', { [vm]: 'draft text' }, 2);
    const file = JSON.stringify(a.exportAll(new Date(0)));
    const mem = new MemoryStore();
    mem.setItem('unrelated', 'kept');
    const b = new ProgressStore(mem);
    expect(b.importAll(file)).toEqual({ imported: 2, skipped: 0 });
    expect(b.getDraft(scope, '1', vm)?.text).toBe('draft text');
    expect(b.passedTasks(scope)).toEqual(['1']);
    expect(mem.getItem('unrelated')).toBe('kept');
  });

  it('refuses files that are not progress exports, saying what is wrong', () => {
    expect(() => parseExport('{')).toThrow(/does not parse/);
    expect(() => parseExport('{"format":"other"}')).toThrow(/expected \{"format":"kvlab-progress"/);
    expect(() => parseExport('{"format":"kvlab-progress","version":0,"entries":{}}')).toThrow(/version/);
    expect(() => parseExport('{"format":"kvlab-progress","version":1,"entries":{"k":3}}')).toThrow(/entry "k"/);
    const p = new ProgressStore(new MemoryStore());
    expect(() => p.importAll('{"format":"kvlab-progress","version":9,"entries":{}}')).toThrow(/newer than this site/);
  });
});

describe('migration path', () => {
  // A hypothetical v2 that renames drafts to "file": proves the path runs each step once,
  // rewrites keys, and is recorded so it never runs twice.
  const toV2: Migration = {
    from: 1,
    describe: 'draft → file',
    migrate(entries) {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(entries)) {
        out[k.replace(/^kvlab:v1:draft:/, 'kvlab:v2:file:').replace(/^kvlab:v1:/, 'kvlab:v2:')] = v;
      }
      return out;
    },
  };

  it('marks a fresh store at the current layout', () => {
    const mem = new MemoryStore();
    expect(migrateStore(mem)).toEqual([]);
    expect(mem.getItem(VERSION_KEY)).toBe('1');
  });

  it('upgrades v1 data to a newer layout once and keeps the work', () => {
    const mem = new MemoryStore();
    new ProgressStore(mem).saveDraft(scope, '1', vm, 'keep me');
    expect(migrateStore(mem, [toV2], 2)).toEqual([2]);
    expect(mem.getItem(VERSION_KEY)).toBe('2');
    expect(mem.getItem(draftKey(scope, '1', vm))).toBeNull();
    const moved = mem.getItem(draftKey(scope, '1', vm).replace('kvlab:v1:draft:', 'kvlab:v2:file:'));
    expect(JSON.parse(moved as string).text).toBe('keep me');
    // second run: nothing to do
    expect(migrateStore(mem, [toV2], 2)).toEqual([]);
  });

  it('never downgrades a store written by a newer site', () => {
    const mem = new MemoryStore();
    mem.setItem(VERSION_KEY, '5');
    mem.setItem('kvlab:v5:x', 'y');
    expect(migrateStore(mem)).toEqual([]);
    expect(mem.getItem('kvlab:v5:x')).toBe('y');
  });

  it('says which step is missing', () => {
    const mem = new MemoryStore();
    expect(() => migrateStore(mem, [], 2)).toThrow(/no migration from layout v1 to v2/);
  });
});
