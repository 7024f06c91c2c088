// resource.Quantity as KubeVirt's messages print it (apimachinery quantity.go: ParseQuantity keeps
// canonical input as written, String() canonicalises the rest) and Value() as the rules compare it.
import { describe, expect, it } from 'vitest';
import { isK8sQuantity, parseK8sQuantity, quantityString, quantityValue } from '../../../validators/k8s.ts';

const str = (s: unknown) => quantityString(parseK8sQuantity(s)!);

describe('Kubernetes quantities (validators/k8s.ts)', () => {
  it('prints canonical input as written and canonicalises the rest', () => {
    const cases: [unknown, string][] = [
      ['1024M', '1024M'], ['1500M', '1500M'], ['2000M', '2G'], ['1.5G', '1500M'], ['1.500G', '1.500G'],
      ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['2048Mi', '2Gi'], ['100Mi', '100Mi'], ['64Mi', '64Mi'], ['0.5Gi', '512Mi'], ['1.5Gi', '1536Mi'], ['0.5Ki', '512'],
      ['+1Gi', '+1Gi'], ['-64Mi', '-64Mi'], ['64m', '64m'], ['0.1', '100m'], ['1e3', '1e3'], ['1E', '1E'], ['0', '0'], ['000', '0'], ['01G', '01G'],
      [1073741824, '1073741824'], [2000000000, '2G'],
    ];
    // leading zeros are stripped before the canonical test, so 01G is kept as written
    for (const [input, printed] of cases) expect(str(input), String(input)).toBe(printed);
  });
  it('refuses what ParseQuantity refuses', () => {
    for (const s of ['', '2MB', '2ab', '1K', '1e', '2Mi ', ' 2Mi', '1.2.3', '1Mi-3']) expect(parseK8sQuantity(s), s).toBeUndefined();
  });
  it('isK8sQuantity says what parseK8sQuantity says', () => {
    const inputs: unknown[] = ['', '0', '000', '01G', '1024M', '1.5Gi', '+1Gi', '-64Mi', '64m', '1e3', '1E', '1e', '1K', '2MB', '2ab', '2Mi ', ' 2Mi', '1.2.3', '1Mi-3', '.5', '5.', '1Ei', '1Pi', '3n', '7u', 'e3', '1e-3', '1E+3', 'Gi', '-', '+', 1, 0, 1.5, -2, NaN, Infinity, null, undefined, true, {}, []];
    for (const x of inputs) expect(isK8sQuantity(x), String(x)).toBe(parseK8sQuantity(x) !== undefined);
  });
  it('values round up, away from zero, to whole units', () => {
    expect(quantityValue(parseK8sQuantity('1024M')!)).toBe(1_024_000_000);
    expect(quantityValue(parseK8sQuantity('2Mi')!)).toBe(2 * 2 ** 20);
    expect(quantityValue(parseK8sQuantity('64m')!)).toBe(1);
    expect(quantityValue(parseK8sQuantity('-0.5')!)).toBe(-1);
  });
  it('answers a text parsed before (its cache) as the first time, with a copy of its own', () => {
    const texts = ['10Gi', '1024M', '0.5Gi', '+1Gi', '-64Mi', '01G', '1e3', '2MB', '', '1Mi-3', 1073741824, 2000000000, `${'1'.repeat(70)}`, `${'1'.repeat(70)}Mi`];
    const first = texts.map((t) => parseK8sQuantity(t));
    for (let round = 0; round < 3; round++) expect(texts.map((t) => parseK8sQuantity(t))).toStrictEqual(first);
    const q = parseK8sQuantity('10Gi')!;
    q.nanos = 1n;
    q.kept = 'changed';
    expect(parseK8sQuantity('10Gi')).toStrictEqual({ nanos: 10n * 2n ** 30n * 1_000_000_000n, format: 'BinarySI', kept: '10Gi' });
    expect(parseK8sQuantity('10Gi')).not.toBe(parseK8sQuantity('10Gi'));
    // past its size it starts over, and still answers the same
    for (let i = 0; i < 1200; i++) expect(str(`${i}Mi`)).toBe(i === 0 ? '0' : i % 1024 === 0 ? `${i / 1024}Gi` : `${i}Mi`);
    expect(str('0.5Gi')).toBe('512Mi');
  });
});
