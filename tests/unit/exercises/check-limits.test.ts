// `kvlab check` on hostile trainee folders: a file over the validators' size limit (a 50 MB VM
// file took 2 GB), a link out of the trainee's folder, and escape sequences in folder names
// are reported per trainee; the rest of the class is checked as usual.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTraineeFolder } from '../../../exercises/exercises-fs.ts';
import { checkLab } from '../../../exercises/check.ts';
import { MAX_BYTES } from '../../../validators/index.ts';
import { kvlabCheck } from './run-check.ts';
import { probesLab, stateAfter, writeFolder } from './lab.ts';

const lab = probesLab();
const done = stateAfter(lab, lab.tasks.length - 1);
const vmPath = Object.keys(done).find((p) => /vm_lab08-probe\.yaml$/.test(p))!;
const cloudInitPath = Object.keys(done).find((p) => /cloudinit/.test(p))!;
const oversized = (text: string) => `${text}\n#${'x'.repeat(MAX_BYTES)}\n`;
const HOSTILE = 'eve\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED';
let tmp: string;
let klass: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kvlab-check-limits-'));
  writeFileSync(join(tmp, 'secret.yaml'), done[vmPath]!);
  klass = join(tmp, 'class');
  writeFolder(join(klass, 'alice'), done);
  writeFolder(join(klass, 'big-vm'), { ...done, [vmPath]: oversized(done[vmPath]!) });
  writeFolder(join(klass, 'big-cloudinit'), { ...done, [cloudInitPath]: oversized(done[cloudInitPath]!) });
  const { [vmPath]: _vm, ...rest } = done;
  writeFolder(join(klass, 'linked'), rest);
  symlinkSync(join(tmp, 'secret.yaml'), join(klass, 'linked', vmPath));
  writeFolder(join(klass, HOSTILE), done);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kvlab check: file size limit and links', () => {
  it('reads no file over the limit nor out of the folder, and says why', () => {
    const big = readTraineeFolder(join(klass, 'big-vm'), [vmPath, cloudInitPath]);
    expect(Object.keys(big.files)).toEqual([cloudInitPath]);
    expect(big.unreadable).toEqual({ [vmPath]: `${vmPath} is larger than 3 MiB, the most the API server accepts; it was not read` });
    const linked = readTraineeFolder(join(klass, 'linked'), [vmPath]);
    expect(linked.files).toEqual({});
    expect(linked.unreadable[vmPath]).toContain("a link to a file outside the trainee's folder");
  });

  it('reports each such trainee on its own and checks the rest of the class (exit 1)', async () => {
    const r = await kvlabCheck('--lab', '08', '--dir', klass, '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { trainees: { user: string; done: number; checked: number; tasks: { requirements: { passed: boolean; detail?: string; file: string | null }[] }[] }[] };
    const by = new Map(report.trainees.map((t) => [t.user, t]));
    expect(by.get('alice')).toMatchObject({ done: 5, checked: 5 });
    expect(by.get(HOSTILE)).toMatchObject({ done: 5, checked: 5 });
    for (const [user, file] of [['big-vm', vmPath], ['big-cloudinit', cloudInitPath]] as const) {
      const details = by.get(user)!.tasks.flatMap((t) => t.requirements).filter((q) => !q.passed && q.file === file).map((q) => q.detail);
      expect(details.length).toBeGreaterThan(0);
      expect(new Set(details)).toEqual(new Set([`${file} is larger than 3 MiB, the most the API server accepts; it was not read`]));
    }
    const linked = by.get('linked')!.tasks.flatMap((t) => t.requirements).filter((q) => !q.passed);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((q) => q.detail?.includes("outside the trainee's folder"))).toBe(true);
  });

  it('stops reading --objects at its limit (64 MB, what kubectl output may take): /dev/zero ends with exit 2', async () => {
    const r = await kvlabCheck('--lab', '08', '--objects', '/dev/zero');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--objects /dev/zero is larger than 64.0 MB; reading stopped there');
  });

  it('the checker core does not parse an oversized text either (the browser hands it texts)', () => {
    const r = checkLab(lab, { ...done, [vmPath]: oversized(done[vmPath]!) }, { simulate: false });
    const failed = r.tasks.flatMap((t) => t.requirements).filter((q) => !q.passed && !q.skipped);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((q) => q.detail === `${vmPath} is larger than 3 MiB, the most the API server accepts; it was not read`)).toBe(true);
  });
});

describe('kvlab check: terminal escapes in text output', () => {
  it('escapes control characters of a trainee folder name', async () => {
    const r = await kvlabCheck('--lab', '08', '--dir', klass, '--user', HOSTILE);
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(r.out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(r.out).toMatch(/^eve\\x1b\]0;PWNED\\x07\\x1b\[2J\\x1b\[31mRED: 5 of 5 checked tasks done/);
    const none = await kvlabCheck('--lab', '08', '--dir', klass, '--user', 'x\x1b[2Jy');
    expect(none.code).toBe(2);
    expect(none.err).toContain('no trainee "x\\x1b[2Jy"');
  });
});
