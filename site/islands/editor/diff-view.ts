// "Show solution": the trainee's file against the reference solution as a line diff (the
// `diff` package), so no second Monaco (the diff editor) has to load.
import { diffLines } from 'diff';

export function renderDiff(mine: string, reference: string, mineLabel: string, refLabel: string): HTMLElement {
  const wrap = document.createElement('figure');
  wrap.className = 'kvlab-diff';
  const caption = document.createElement('figcaption');
  const parts = diffLines(mine.endsWith('\n') ? mine : mine + '\n', reference.endsWith('\n') ? reference : reference + '\n');
  const changed = parts.some((p) => p.added || p.removed);
  caption.textContent = changed
    ? `${mineLabel} (lines marked −) against the ${refLabel.toLowerCase()} (lines marked +)`
    : `${mineLabel} is the same as the ${refLabel.toLowerCase()}.`;
  const pre = document.createElement('pre');
  pre.setAttribute('aria-label', 'Differences');
  for (const part of parts) {
    const cls = part.added ? 'kvlab-diff-add' : part.removed ? 'kvlab-diff-del' : 'kvlab-diff-same';
    const sign = part.added ? '+ ' : part.removed ? '− ' : '  ';
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const line of lines) {
      const row = document.createElement(part.added ? 'ins' : part.removed ? 'del' : 'span');
      row.className = cls;
      row.textContent = `${sign}${line}\n`;
      pre.append(row);
    }
  }
  wrap.append(caption, pre);
  return wrap;
}
