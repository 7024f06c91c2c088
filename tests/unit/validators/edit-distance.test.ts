// The did-you-mean search (closest) against the plain definition it replaced: the least
// Levenshtein distance ignoring case over every option, kept when within the limit.
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../../validators/edit-distance.ts';

function reference(word: string, options: string[], limit: number): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const a = word.toLowerCase();
    const b = o.toLowerCase();
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (d[a.length]![b.length]! < bestD) { bestD = d[a.length]![b.length]!; best = o; }
  }
  return best !== undefined && bestD <= limit ? best : undefined;
}

describe('closest (did-you-mean)', () => {
  const fields = ['httpGet', 'tcpSocket', 'exec', 'guestAgentPing', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold', 'registry', 'http', 'pvc', 'blank', 'Registry', 'a', ''];
  it('agrees with the plain definition on typos, case changes and far words', () => {
    const words = ['httpGett', 'HTTPGET', 'tcpsocket', 'registy', 'regsitry', 'x', '', 'periodSecond', 'successTreshold', 'blanc', 'pvcs', 'zzzzzzzzzzzz', 'guestagentpin', 'İnit'];
    for (const w of words) for (const limit of [0, 1, 2, 3, 5]) expect(closest(w, fields, limit), `${w} ${limit}`).toBe(reference(w, fields, limit));
  });
  it('editDistance keeps its answers after the row is reused for longer and shorter words', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a', 'abcdefghijkl')).toBe(11);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('Flaw', 'lawn')).toBe(2);
    expect(editDistance('FLAW', 'flaw', { ignoreCase: true })).toBe(0);
  });
});
