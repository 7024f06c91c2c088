// An unclosed quote is reported where the quote opens (where the trainee looks), not at the end
// of the file where the YAML reader gives up.
import { describe, expect, it } from 'vitest';
import { validateText, validateTextSlow } from '../../../validators/index.ts';

const SIX = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: "lab08-probe\nspec:\n  runStrategy: Halted\n';

describe('unclosed quote', () => {
  it('points at the opening double quote on line 4, not at 7:1', () => {
    for (const v of [validateText, validateTextSlow]) {
      const [doc] = v(SIX);
      expect(doc!.valid).toBe(false);
      const f = doc!.findings.find((x) => x.stage === 'yaml')!;
      expect(f).toMatchObject({ stage: 'yaml', severity: 'error', line: 4, column: 9, endLine: 4, path: '' });
      expect(f.message).toMatch(/Missing closing "quote/);
      expect(f.hint).toMatch(/never closed/);
    }
  });
  it('points at an opening single quote in a later document of a stream', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  key: \'value\n';
    const docs = validateText(text);
    const f = docs.flatMap((d) => d.findings).find((x) => x.stage === 'yaml')!;
    expect(f).toMatchObject({ line: 11, column: 8 });
  });
  it('leaves a quoted value that closes on a later line alone', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  key: "one\n    two"\n';
    expect(validateText(text)[0]!.findings.filter((x) => x.stage === 'yaml')).toEqual([]);
  });
});
