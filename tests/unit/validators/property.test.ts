// Property: whatever a trainee's keyboard does to a VM, validateText returns (no exception, no
// hang) and every finding points inside the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateText, validateTextSlow } from '../../../validators/index.ts';
import { BASE_VM, expectInside } from './base.ts';

const lines = BASE_VM.split('\n');
const pieces = ['\t', '"', "'", ':', ': ', '- ', '  ', '{', '}', '[', ']', '&a ', '*a', '#', '---\n', '\n', 'port: "8081"', 'successThreshold: 3', '|', '>', '!!str ', '? ', '0x1F', '~', '%YAML 1.2\n', '<<: *a'];

const mutation = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), at: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), d: fc.integer({ min: -3, max: 3 }) }),
);

type M = { op: 'insert'; at: number; s: string } | { op: 'delete'; at: number; n: number } | { op: 'dupLine'; at: number } | { op: 'swapLines'; at: number; b: number } | { op: 'indent'; at: number; d: number };

function apply(text: string, m: M): string {
  const ls = text.split('\n');
  switch (m.op) {
    case 'insert': { const i = m.at % (text.length + 1); return text.slice(0, i) + m.s + text.slice(i); }
    case 'delete': { const i = m.at % (text.length + 1); return text.slice(0, i) + text.slice(i + m.n); }
    case 'dupLine': { const i = m.at % ls.length; ls.splice(i, 0, ls[i]!); return ls.join('\n'); }
    case 'swapLines': { const i = m.at % ls.length; const j = m.b % ls.length; [ls[i], ls[j]] = [ls[j]!, ls[i]!]; return ls.join('\n'); }
    case 'indent': { const i = m.at % ls.length; ls[i] = m.d > 0 ? ' '.repeat(m.d) + ls[i] : ls[i]!.slice(Math.min(-m.d, ls[i]!.length - ls[i]!.trimStart().length)); return ls.join('\n'); }
  }
}

describe('validateText on mutated VMs', () => {
  it('never throws and positions every finding inside the document', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (ms) => {
        const text = ms.reduce((t, m) => apply(t, m as M), BASE_VM);
        const r = validateText(text);
        expect(Array.isArray(r)).toBe(true);
        for (const d of r) {
          expect(d.valid).toBe(!d.findings.some((f) => f.severity === 'error'));
          expectInside(text, d.findings);
          for (const f of d.findings) expect(f.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400, seed: 20261125 },
    );
  });
  it('keeps line numbers of an unchanged VM stable under a prepended document', () => {
    expect(lines.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), (n) => {
        const pre = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' + 'data:\n  k: v\n'.repeat(n) + '---\n';
        const bad = BASE_VM.replace('runStrategy: Halted', 'runStrategy: Sometimes');
        const r = validateText(pre + bad);
        const f = r[1]!.findings[0]!;
        expect(f.line).toBe(pre.split('\n').length - 1 + 6);
      }),
      { numRuns: 6 },
    );
  });
});

describe('fast positions (by indentation) agree with the full parse', () => {
  it('same findings and lines as the slow path, on mutated VMs that still parse', () => {
    const gentle = fc.oneof(
      fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('indent' as const), at: fc.nat(), d: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.constantFrom('x', 'port: "8081"\n', 'running: true\n', '0', '-1', 'Bogus') }),
    );
    fc.assert(
      fc.property(fc.array(gentle, { minLength: 1, maxLength: 3 }), (ms) => {
        const text = ms.reduce((t, m) => apply(t, m as M), BASE_VM);
        const fast = validateText(text);
        const slow = validateTextSlow(text);
        const key = (r: typeof fast) => r.map((d) => d.findings.map((f) => `${f.stage}|${f.message}|${f.path}|${f.line}`));
        expect(key(fast)).toEqual(key(slow));
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
