// `kvlab check` over a folder of "Export progress" files gives the same report as over the
// equivalent trainee folders: the files each trainee's editors last saved, per path.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { kvlabCheck } from './run-check.ts';
import { probesLab, seedMistake, stateAfter, writeFolder } from './lab.ts';
import { draftKey, MemoryStore, ProgressStore } from '../../../site/lib/progress.ts';

const lab = probesLab();
let tmp: string;
let folders: string;
let exports: string;

/** A browser's export after the trainee saved `files` in the editors of `tasks` (older saves first). */
function exportOf(user: string, saves: { task: string; files: Record<string, string> }[], extra: Record<string, string> = {}): string {
  const store = new ProgressStore(new MemoryStore());
  let t = 1000;
  for (const s of saves) for (const [p, text] of Object.entries(s.files)) store.saveDraft({ user, lab: '08', variant: 'default', task: '' } as never, s.task, p, text, t++);
  const exp = store.exportAll(new Date(0));
  return JSON.stringify({ ...exp, entries: { ...exp.entries, ...extra } });
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kvlab-progress-class-'));
  folders = join(tmp, 'folders');
  exports = join(tmp, 'exports');
  mkdirSync(exports, { recursive: true });
  // complete: every task's solution, saved task by task (a later task's save of the same path wins)
  const all = lab.tasks.map((t, i) => ({ task: t.id, files: Object.fromEntries(t.files.map((f) => [f.path, stateAfter(lab, i)[f.path]])) }));
  writeFolder(join(folders, 'complete'), stateAfter(lab, lab.tasks.length - 1));
  writeFileSync(join(exports, 'kvlab-progress-complete.json'), exportOf('complete', all));
  // halfway, with a seeded mistake in task 2's file
  const half = stateAfter(lab, 1);
  const req = lab.tasks[1].requirements.find((r) => r.kind !== 'behaviour')!;
  half[req.file] = seedMistake(req, half[req.file]).text;
  writeFolder(join(folders, 'halfway'), half);
  // a draft of another lab and of another variant are not this lab's files
  const other = { [draftKey({ user: 'halfway', lab: '09', variant: 'default' }, '1', 'labs/lab09/x.yaml')]: JSON.stringify({ text: 'x', savedAt: 1 }) };
  const tol = { [draftKey({ user: 'halfway', lab: '08', variant: 'tolerations' }, '1', req.file)]: JSON.stringify({ text: 'broken: [', savedAt: 99_999 }) };
  writeFileSync(join(exports, 'halfway.json'), exportOf('halfway', [{ task: '1', files: stateAfter(lab, 0) }, { task: '2', files: half }], { ...other, ...tol }));
  // a trainee who opened the page but saved nothing in this lab: an empty folder
  mkdirSync(join(folders, 'nothing', 'labs'), { recursive: true });
  writeFileSync(join(exports, 'nothing.json'), exportOf('nothing', [], { [draftKey({ user: 'nothing', lab: '09', variant: 'default' }, '1', 'labs/lab09/x.yaml')]: JSON.stringify({ text: 'x', savedAt: 1 }) }));
  // another JSON file in the folder is not a progress file: skipped
  writeFileSync(join(exports, 'notes.json'), '{"hello": 1}');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('kvlab check over exported progress files', () => {
  for (const format of ['json', 'text', 'junit']) {
    it(`${format}: the same report as over the trainee folders`, async () => {
      const a = await kvlabCheck('--lab', '08', '--dir', folders, '--format', format);
      const b = await kvlabCheck('--lab', '08', '--dir', exports, '--format', format);
      const norm = (s: string) => s.replace(/timestamp="[^"]*"/g, '').replace(/time="[^"]*"/g, '');
      expect(b.err).toBe('');
      expect(norm(b.out)).toBe(norm(a.out));
      expect(b.code).toBe(a.code);
      expect(a.code).toBe(1); // halfway's mistake fails: the comparison is not of two empty reports
    });
  }
  it('--user picks one trainee; a damaged progress file is reported and the rest checked', async () => {
    const one = await kvlabCheck('--lab', '08', '--dir', exports, '--user', 'complete', '--format', 'json');
    expect(JSON.parse(one.out).trainees.map((t: { user: string }) => t.user)).toEqual(['complete']);
    writeFileSync(join(exports, 'broken.json'), '{"format":"kvlab-progress","version":"x","entries":{}}');
    const r = await kvlabCheck('--lab', '08', '--dir', exports, '--format', 'json');
    expect(r.err).toContain('broken.json: kvlab progress file: "version" must be a positive integer');
    expect(JSON.parse(r.out).trainees.map((t: { user: string }) => t.user)).toEqual(['complete', 'halfway', 'nothing']);
    rmSync(join(exports, 'broken.json'));
  });
});
