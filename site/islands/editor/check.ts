// Check: the task's requirements against the trainee's files (in the page's worker), a list with
// a button per failed requirement that jumps to its line, and the list marked out of date at the
// next edit. A pass is recorded, ticks the sidebar and tells later tasks.
import { DisposableStore, type Disposable } from '../disposable.ts';
import { markPassedTasks } from '../../lib/progress.ts';
import { button, el } from './dom.ts';
import type { TaskResult } from '../../../exercises/check.ts';
import type { PanelContext } from './panel-context.ts';

export function checkAction(p: PanelContext): Disposable {
  const store = new DisposableStore();
  const { results } = p.ui;
  const { scope, progress } = p.ctx;
  const { label, task, editor } = p;
  /** The listeners of the list now shown (its buttons), dropped when it is replaced. */
  let shown = store.add(new DisposableStore());
  const show = (...nodes: Node[]) => {
    store.delete(shown);
    shown.dispose();
    shown = store.add(new DisposableStore());
    results.replaceChildren(...nodes);
  };

  const jumpTo = (file: string | undefined, line = 1, column = 1) => {
    const target = p.files.find((s) => s.file.path === file || s.file.name === file) ?? p.active();
    p.select(target);
    editor.setPosition({ lineNumber: line, column });
    editor.revealLineInCenter(line);
    editor.focus();
  };

  // A Check result describes the files as they were: the next edit marks it out of date.
  let checkedFiles = '';
  const markStale = () => {
    if (!results.querySelector('.kvlab-check-list') || results.dataset.stale === 'true') return;
    if (JSON.stringify(p.filesNow()) === checkedFiles) return;
    results.dataset.stale = 'true';
    const note = el('p', { className: 'kvlab-check-stale' }, 'Out of date: the files changed since this Check. ');
    note.append(button(shown, 'Check again', () => void check()));
    results.prepend(note);
  };

  const check = async () => {
    show(el('p', { textContent: 'Checking…' }));
    delete results.dataset.stale;
    delete results.dataset.passed;
    let result: TaskResult;
    const files = p.filesNow();
    checkedFiles = JSON.stringify(files);
    try {
      result = await p.client.request({ type: 'check', task: task.raw, files });
    } catch (e) {
      if (!store.isDisposed) show(el('p', { className: 'kvlab-check-error', textContent: `Could not check: ${e instanceof Error ? e.message : String(e)}` }));
      return;
    }
    if (store.isDisposed) return; // the panel closed while the worker checked
    const items = new DisposableStore();
    const { head, list } = renderResult(result, label, items, jumpTo);
    show(head, list);
    shown.add(items);
    results.dataset.passed = String(result.passed);
    // edited while the check ran: say so at once
    markStale();
    if (result.passed) {
      // the files that passed, not what was typed since
      const passedFiles: Record<string, string> = {};
      for (const s of p.files) passedFiles[s.file.path] = files[s.file.path] ?? s.model.getValue();
      progress.recordPass(scope, task.id, passedFiles);
      markPassedTasks(document, progress.passedTasks(scope));
      window.dispatchEvent(new CustomEvent('kvlab:task-passed', { detail: { lab: scope.lab, task: task.id } }));
    }
  };

  store.add(p.onDidEdit(markStale));
  p.ui.actions.append(button(store, 'Check', () => void check()));
  return store;
}

/** The summary line and the list of requirements; a failed one is a button that jumps to it. */
function renderResult(result: TaskResult, label: string, items: DisposableStore, jumpTo: (file: string | undefined, line?: number, column?: number) => void): { head: HTMLElement; list: HTMLElement } {
  const failed = result.requirements.filter((r) => !r.passed && !r.skipped).length;
  const head = el('p', {
    className: 'kvlab-check-summary',
    textContent: failed === 0 ? `${label} passed: all ${result.requirements.length} requirements met.` : `${label}: ${failed} of ${result.requirements.length} requirements not met yet.`,
  });
  const list = el('ul', { className: 'kvlab-check-list' });
  list.setAttribute('aria-label', `Requirements of ${label}`);
  for (const r of result.requirements) {
    const mark = el('span', { className: 'kvlab-check-mark', textContent: r.skipped ? '–' : r.passed ? '✓' : '✗' });
    mark.setAttribute('aria-hidden', 'true');
    const item = el('li', { className: r.skipped ? 'kvlab-req-skipped' : r.passed ? 'kvlab-req-passed' : 'kvlab-req-failed' });
    item.dataset.passed = String(r.passed);
    if (r.skipped) item.dataset.skipped = 'true';
    const words = `${r.skipped ? 'Not checked here' : r.passed ? 'Passed' : 'Failed'}: ${r.text}`;
    if (!r.passed && !r.skipped) {
      const where = r.line ? ` (${r.file ? r.file.slice(r.file.lastIndexOf('/') + 1) + ':' : ''}${r.line}${r.column ? ':' + r.column : ''})` : '';
      const b = button(items, '', () => jumpTo(r.file, r.line ?? 1, r.column ?? 1));
      b.append(mark, el('span', { textContent: ` ${r.text}${where}` }));
      b.setAttribute('aria-label', `${words}${where}${r.detail ? ` — ${r.detail}` : ''}. Go to it in the editor.`);
      item.append(b);
      if (r.detail) item.append(el('div', { className: 'kvlab-req-detail', textContent: r.detail }));
    } else {
      item.append(mark, el('span', { textContent: ` ${r.text}` }));
      if (r.skipped && r.detail) item.append(el('div', { className: 'kvlab-req-detail', textContent: r.detail }));
      item.setAttribute('aria-label', words);
    }
    list.append(item);
  }
  return { head, list };
}
