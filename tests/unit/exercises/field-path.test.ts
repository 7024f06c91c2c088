import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { FieldPathError, parseFieldPath, pathParts, walk } from '../../../validators/field-path.ts';

describe('parseFieldPath', () => {
  it('reads keys, indexes, field matches and quoted keys', () => {
    expect(parseFieldPath('spec.template.spec.volumes[name=cloudinitdisk].cloudInitNoCloud')).toEqual([
      { key: 'spec' },
      { key: 'template' },
      { key: 'spec' },
      { key: 'volumes' },
      { match: { key: 'name', value: 'cloudinitdisk' } },
      { key: 'cloudInitNoCloud' },
    ]);
    expect(parseFieldPath('disks[0].name')).toEqual([{ key: 'disks' }, { index: 0 }, { key: 'name' }]);
    expect(parseFieldPath('labels["kubevirt.io/domain"]')).toEqual([{ key: 'labels' }, { key: 'kubevirt.io/domain' }]);
  });

  it('says where a path is wrong', () => {
    expect(() => parseFieldPath('a..b')).toThrow(new FieldPathError('bad field path "a..b" at character 3: empty field name'));
    expect(() => parseFieldPath('a[0')).toThrow(/unclosed "\["/);
    expect(() => parseFieldPath('a.')).toThrow(/ends with "."/);
    expect(() => parseFieldPath('a[x]')).toThrow(/expected \[N\]/);
  });

  it('turns paths into parts comparable with findings', () => {
    expect(pathParts('spec.disks[0].name')).toEqual(['spec', 'disks', '0', 'name']);
  });
});

describe('walk', () => {
  const doc = parseDocument('spec:\n  volumes:\n    - name: a\n      x: 1\n    - name: b\n      x: 2\n  "quoted": {k: v}\n');
  it('finds nodes by key, index and field match', () => {
    const w = walk(doc.contents, parseFieldPath('spec.volumes[name=b].x'));
    expect(w.found).toBe(true);
    expect((w.node as { value?: unknown }).value).toBe(2);
    expect(walk(doc.contents, parseFieldPath('spec.volumes[0].x')).found).toBe(true);
    expect(walk(doc.contents, parseFieldPath('spec.quoted.k')).found).toBe(true);
  });
  it('keeps the deepest existing node when a path is missing', () => {
    const w = walk(doc.contents, parseFieldPath('spec.volumes[name=c].x'));
    expect(w.found).toBe(false);
    expect(w.depth).toBe(2);
    expect(String((w.deepestKey as { value?: unknown }).value)).toBe('volumes');
  });
});
