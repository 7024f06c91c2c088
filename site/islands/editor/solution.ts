// Show solution: the active file against the task's reference solution as a line diff, kept
// up to date when another tab is selected.
import { DisposableStore, type Disposable } from '../disposable.ts';
import { renderDiff } from './diff-view.ts';
import { button, el } from './dom.ts';
import type { PanelContext } from './panel-context.ts';

export function solutionToggle(p: PanelContext): Disposable {
  const store = new DisposableStore();
  const { solution } = p.ui;
  const show = () => {
    const { file, model } = p.active();
    if (file.solution === undefined) {
      solution.replaceChildren(el('p', { textContent: `This task gives no reference solution for ${file.name}.` }));
      return;
    }
    solution.replaceChildren(renderDiff(model.getValue(), file.solution, `Your ${file.name}`, 'Reference solution'));
  };
  const toggle = button(store, 'Show solution', () => {
    const open = solution.hidden;
    solution.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) show();
  });
  toggle.setAttribute('aria-expanded', 'false');
  store.add(p.onDidSelect(() => {
    if (!solution.hidden) show();
  }));
  p.ui.actions.append(toggle);
  return store;
}
