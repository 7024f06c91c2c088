// The search dialog's guard against Pagefind's fragment matches (site/entries/search.ts).
import { describe, expect, it } from 'vitest';
import { hasEveryWord } from '../../../site/entries/search.ts';

const page = 'Task 8.2: Add a HTTP readiness probe. The kubelet probes every periodSeconds; probing starts late. virt-launcher';

describe('hasEveryWord', () => {
  it('keeps a page holding every query word or a word sharing its first four letters', () => {
    expect(hasEveryWord(page, 'readiness')).toBe(true);
    expect(hasEveryWord(page, 'Probes')).toBe(true);
    expect(hasEveryWord(page, 'probe periods')).toBe(true);
    expect(hasEveryWord(page, 'launcher')).toBe(true); // after a dash
  });
  it('drops a page that only holds a fragment of a long word', () => {
    expect(hasEveryWord(page, 'tolerations')).toBe(false);
    expect(hasEveryWord(page, 'readiness tolerations')).toBe(false);
    expect(hasEveryWord(page, 'obes')).toBe(false); // inside a word, not at its start
  });
  it('ignores words under three letters and punctuation', () => {
    expect(hasEveryWord(page, 'a to')).toBe(true);
    expect(hasEveryWord(page, '"kubelet"?')).toBe(true);
  });
});
