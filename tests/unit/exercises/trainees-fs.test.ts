// Reading trainees' folders: one trainee's working folder or a class of sub-folders; {{user}}
// in a path template is the trainee's user name.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTrainees, readTraineeFiles } from '../../../exercises/exercises-fs.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kvlab-trainees-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('trainee folders', () => {
  it('a folder holding labs/ is one trainee; otherwise each sub-folder is one (hidden ones skipped)', () => {
    mkdirSync(join(tmp, 'class', 'bob', 'labs'), { recursive: true });
    mkdirSync(join(tmp, 'class', 'alice'), { recursive: true });
    mkdirSync(join(tmp, 'class', '.git'), { recursive: true });
    expect(listTrainees(join(tmp, 'class'), 'labs').map((t) => t.user)).toEqual(['alice', 'bob']);
    expect(listTrainees(join(tmp, 'class'), 'labs', 'bob').map((t) => t.user)).toEqual(['bob']);
    expect(listTrainees(join(tmp, 'class', 'bob'), 'labs')).toEqual([{ user: 'bob', dir: join(tmp, 'class', 'bob') }]);
    expect(listTrainees(join(tmp, 'class', 'bob'), 'labs', 'robert').map((t) => t.user)).toEqual(['robert']);
  });

  it('reads the files a lab names, {{user}} substituted, keyed by the template', () => {
    mkdirSync(join(tmp, 'one', 'labs', 'lab08'), { recursive: true });
    writeFileSync(join(tmp, 'one', 'labs', 'lab08', 'vm.yaml'), 'kind: VirtualMachine\n');
    writeFileSync(join(tmp, 'one', 'labs', 'lab08', 'carol-secret.yaml'), 'kind: Secret\n');
    mkdirSync(join(tmp, 'one', 'labs', 'lab08', 'dir.yaml'));
    expect(readTraineeFiles(join(tmp, 'one'), ['labs/lab08/vm.yaml', 'labs/lab08/{{user}}-secret.yaml', 'labs/lab08/missing.yaml', 'labs/lab08/dir.yaml'], 'carol')).toEqual({
      'labs/lab08/vm.yaml': 'kind: VirtualMachine\n',
      'labs/lab08/{{user}}-secret.yaml': 'kind: Secret\n',
    });
  });
});
