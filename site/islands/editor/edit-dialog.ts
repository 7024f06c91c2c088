/// <reference types="vite/client" />
// `kubectl edit` in the sandbox terminal: kubectl's temporary file in a modal dialog with the
// page's Monaco editor, its markers from the page's validator worker (as the task editors get
// them), Save (Ctrl-S) and Cancel (Esc). Loaded only when kubectl edit runs (the terminal's
// edit-bridge.ts imports it), so neither the page's first paint nor a task editor's first open
// pays for it. The sandbox core judges and applies what is saved (sandbox/kubectl/edit.ts).
import { monaco } from './monaco.ts';
import { pageValidators } from '../../workers/validator-client.ts';
import { DisposableStore, toDisposable } from '../disposable.ts';
import { el, button } from './dom.ts';
import { toMarkers, statusText } from './model.ts';
import { LatestOnly } from './latest-only.ts';
import { watchTheme } from './theme.ts';
import type { EditRequest } from '../../../sandbox/types.ts';
import './edit-dialog.css';
// Every module above is one the task editors load too (mount.ts, then panel.ts): importing both
// keeps the bundler's chunks as they were (Monaco stays in the panel's chunk, model.ts in the
// mount's, no new shared chunk), so a task editor's first open fetches the same files as before.
import './mount.ts';
import './panel.ts';

declare global {
  interface Window {
    /** The open kubectl edit dialog's editor and model (the browser tests read them). */
    kvlabEditDialog?: { editor: monaco.editor.IStandaloneCodeEditor; model: monaco.editor.ITextModel };
  }
}

let serial = 0;

/** Opens the dialog on `request`; `saved` settles with the text on Save, undefined on Cancel or close(). */
export function editInDialog(request: EditRequest): { saved: Promise<string | undefined>; close(): void } {
  const store = new DisposableStore();
  let settle!: (text: string | undefined) => void;
  const saved = new Promise<string | undefined>((resolve) => (settle = resolve));
  const returnFocus = document.activeElement as HTMLElement | null;

  const id = `kvlab-edit-${++serial}`;
  const title = el('h2', { id: `${id}-title`, className: 'kvlab-edit-title' });
  title.append('kubectl edit ', el('code', { textContent: request.object }));
  const file = el('p', { className: 'kvlab-edit-file', textContent: `${request.file}: Save applies it in the sandbox (as kubectl edit does when the editor closes); Cancel leaves the object as it is.` });
  const surface = el('div', { className: 'kvlab-edit-surface' });
  const status = el('span', { className: 'kvlab-edit-status', textContent: 'validating…' });
  status.setAttribute('role', 'status');
  const done = (text: string | undefined) => {
    store.dispose();
    settle(text);
  };
  const save = button(store, 'Save and apply', () => done(model.getValue()));
  const cancel = button(store, 'Cancel', () => done(undefined));
  const actions = el('div', { className: 'kvlab-edit-actions' }, save, cancel);
  const dialog = el('dialog', { className: 'kvlab-edit-dialog' }, title, file, surface, el('div', { className: 'kvlab-edit-statusbar' }, status), actions);
  dialog.setAttribute('aria-labelledby', title.id);
  document.body.append(dialog);
  store.add(toDisposable(() => {
    if (dialog.open) dialog.close();
    dialog.remove();
    returnFocus?.focus?.();
  }));
  // Esc: as closing the editor without saving
  store.addListener(dialog, 'cancel', (e) => {
    e.preventDefault();
    done(undefined);
  });
  dialog.showModal();

  store.add(watchTheme());
  const model = monaco.editor.createModel(request.text, 'yaml', monaco.Uri.parse(`kvlab-edit:${request.file}`));
  store.add(toDisposable(() => model.dispose()));
  const editor = monaco.editor.create(surface, {
    model,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    tabSize: 2,
    insertSpaces: true,
    fontSize: 14,
    ariaLabel: `kubectl edit ${request.object}`,
  });
  store.add(toDisposable(() => editor.dispose()));
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => done(model.getValue()));
  window.kvlabEditDialog = { editor, model };
  store.add(toDisposable(() => delete window.kvlabEditDialog));

  // the markers the API server's checks give, as in the task editors (the newest text only)
  const client = pageValidators();
  const validator = new LatestOnly<void>(async () => {
    if (store.isDisposed) return;
    let text: string;
    let state: string;
    try {
      const docs = await client.request({ type: 'validate', text: model.getValue(), file: request.file });
      if (store.isDisposed || model.isDisposed()) return;
      monaco.editor.setModelMarkers(model, 'kvlab', toMarkers(docs).map((m) => ({ ...m, severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : m.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info })));
      const s = statusText(docs);
      text = s.text;
      state = s.errors ? 'invalid' : s.warnings ? 'warning' : 'valid';
    } catch (e) {
      text = `not validated: ${e instanceof Error ? e.message : String(e)}`;
      state = 'invalid';
    }
    status.textContent = text;
    status.dataset.state = state;
  });
  store.add(model.onDidChangeContent(() => validator.push()));
  validator.push();
  editor.focus();
  return { saved, close: () => done(undefined) };
}
