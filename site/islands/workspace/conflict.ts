// The prompt when a file changed both in the editor and in the home (the shell): the trainee
// picks which version to keep; the other stays one undo step away in the editor.
import { el } from '../../lib/dom.ts';
import type { Conflict } from './connection.ts';
import './workspace.css';

export function askWhichToKeep(c: Conflict): void {
  const id = `kvlab-ws-conflict-${Math.random().toString(36).slice(2, 8)}`;
  const box = el('div', { className: 'kvlab-ws-conflict' });
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-labelledby', id);
  box.dataset.path = c.path;
  const title = el('p', { id, textContent: `${c.path} changed in your home (the terminal) and in the editor. Which version do you keep?` });
  const lines = (t: string | null) => (t === null ? 'deleted' : `${t.split('\n').length} lines`);
  const mine = el('button', { type: 'button', textContent: `Keep the editor's version (${lines(c.mine)})` });
  const theirs = el('button', { type: 'button', textContent: `Keep the terminal's version (${lines(c.theirs)})` });
  mine.dataset.keep = 'mine';
  theirs.dataset.keep = 'theirs';
  const hint = el('p', { className: 'kvlab-ws-hint', textContent: 'The other version stays in the editor\'s undo history (Ctrl+Z).' });
  const choose = (side: 'mine' | 'theirs') => {
    box.remove();
    c.keep(side);
  };
  mine.addEventListener('click', () => choose('mine'));
  theirs.addEventListener('click', () => choose('theirs'));
  box.append(title, el('div', { className: 'kvlab-ws-actions' }, mine, theirs), hint);
  document.body.append(box);
  mine.focus();
}
