// The line under the editor that says where the files come from: an earlier task that passes
// brings its files into this task's untouched ones, and a new trainee name asks for a reload.
import { DisposableStore, type Disposable } from '../disposable.ts';
import type { PanelContext } from './panel-context.ts';

export function followEarlierTasks(p: PanelContext): Disposable {
  const store = new DisposableStore();
  const { scope, progress } = p.ctx;
  const { origin } = p.ui;
  // An earlier task just passed: files of this task the trainee has not touched yet follow it.
  store.addListener(window, 'kvlab:task-passed', (e) => {
    const passed = (e as CustomEvent<{ task: string }>).detail.task;
    if (!p.earlier.includes(passed)) return;
    const notes: string[] = [];
    for (const s of p.files) {
      const init = progress.initialText(scope, p.task.id, s.file.path, p.earlier, s.file.start);
      if (init.from !== 'previous-pass' || init.text === s.model.getValue()) continue;
      p.follow(s, init.text);
      const from = p.ctx.page.tasks.find((t) => t.id === init.task);
      notes.push(`${s.file.name} starts from your passing file of Task ${from?.number ?? init.task}`);
    }
    if (notes.length) origin.textContent = notes.join('; ');
  });
  // Work is kept per trainee: after a name change, this page's editors still hold the old
  // trainee's files until the page is reloaded, so say so rather than mix the two.
  store.addListener(window, 'kvlab:trainee', (e) => {
    const user = (e as CustomEvent<{ user: string }>).detail?.user;
    if (!user || user === scope.user) return;
    origin.textContent = `You are now "${user}": reload the page to open ${user}'s files. Edits here are still saved for "${scope.user}".`;
  });
  return store;
}
