// Reset (the task's starting files back, after a confirmation dialog) and Download (the active
// file as the trainee would save it).
import { DisposableStore, toDisposable, type Disposable } from '../disposable.ts';
import { button, el, saveBlob } from './dom.ts';
import type { PanelContext } from './panel-context.ts';

export function resetAction(p: PanelContext): Disposable {
  const store = new DisposableStore();
  const { scope, progress } = p.ctx;
  const { task } = p;
  const dialog = el('dialog', { className: 'kvlab-confirm' });
  dialog.setAttribute('aria-label', `Reset ${p.label}`);
  const text = el('p', {
    textContent: `Put back the starting content of ${task.files.map((f) => f.name).join(' and ')}? Your changes in this task are discarded.`,
  });
  const confirm = button(store, 'Discard my changes', () => dialog.close('reset'));
  const cancel = button(store, 'Cancel', () => dialog.close('cancel'));
  dialog.append(text, el('div', { className: 'kvlab-confirm-actions' }, confirm, cancel));
  store.addListener(dialog, 'close', () => {
    if (dialog.returnValue !== 'reset') return;
    for (const s of p.files) {
      progress.clearDraft(scope, task.id, s.file.path);
      s.model.setValue(progress.initialText(scope, task.id, s.file.path, p.earlier, s.file.start).text);
    }
    p.ui.results.replaceChildren();
  });
  p.ui.host.append(dialog);
  store.add(toDisposable(() => dialog.remove()));
  p.ui.actions.append(button(store, 'Reset', () => {
    dialog.returnValue = '';
    dialog.showModal();
    cancel.focus();
  }));
  return store;
}

export function downloadAction(p: PanelContext): Disposable {
  const store = new DisposableStore();
  p.ui.actions.append(button(store, 'Download', () => {
    const { file, model } = p.active();
    saveBlob(store, new Blob([model.getValue()], { type: 'application/yaml' }), file.name, `Save as ${file.path}`);
  }));
  return store;
}
