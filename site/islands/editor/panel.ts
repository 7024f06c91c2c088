/// <reference types="vite/client" />
// One task's editor: a Monaco editor with a tab per file, markers from the validator worker,
// a status line, and the Check / Reset / Show solution / Download actions. Loaded lazily by
// mount.ts; everything heavy (Monaco, the worker) starts here.
import { monaco } from './monaco.ts';
import { LatestOnly } from './latest-only.ts';
import { ValidatorClient, pageValidators } from '../../workers/validator-client.ts';
import { registerProviders } from './providers.ts';
import { renderDiff } from './diff-view.ts';
import { markPassedTasks } from '../../lib/progress.ts';
import { toMarkers, statusText, userDataFor, type EditorFile, type EditorTask } from './model.ts';
import type { EditorContext } from './context.ts';
import type { TaskResult } from '../../../exercises/check.ts';
import './editor.css';

type Model = ReturnType<typeof monaco.editor.createModel>;

interface FileState {
  file: EditorFile;
  model: Model;
  tab: HTMLButtonElement;
  status: string;
  validator: LatestOnly<void>;
  /** performance.now() of the first edit not yet reflected in the markers. */
  pendingSince?: number;
}

/** Keystroke-to-marker latencies (ms), for the browser test to read. */
interface EditorStats {
  latencies: number[];
}
declare global {
  interface Window {
    kvlabEditorStats?: EditorStats;
    /** Per task id: the editor and its models (the browser test reads markers through it). */
    kvlabEditors?: Record<string, { editor: unknown; models: Record<string, Model>; markers(path: string): unknown[] }>;
  }
}

let client: ValidatorClient | undefined;
function validators(): ValidatorClient {
  if (!client) {
    client = pageValidators(); // the terminal's kubectl apply asks the same worker
    // Completion and hover get a worker of their own (same script, its chunks come from the
    // browser cache): a completion request, or loading the schema docs on the first one, then
    // never holds up the markers of the keystroke that triggered it.
    let assist: ValidatorClient | undefined;
    registerProviders(monaco, () => (assist ??= new ValidatorClient('kvlab-assist')));
  }
  return client;
}

function isDark(): boolean {
  const root = document.documentElement;
  if (root.dataset.theme) return root.dataset.theme === 'dark';
  if (root.classList.contains('dark')) return true;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

let themeWatched = false;
function watchTheme(): void {
  if (themeWatched) return;
  themeWatched = true;
  const apply = () => monaco.editor.setTheme(isDark() ? 'vs-dark' : 'vs');
  new MutationObserver(apply).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', apply);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', textContent: text });
  b.addEventListener('click', onClick);
  return b;
}

export function openPanel(ctx: EditorContext, task: EditorTask, host: HTMLElement): void {
  const { scope, progress } = ctx;
  const info = ctx.page.tasks.find((t) => t.id === task.id);
  const label = `Task ${info?.number ?? task.id}`;
  const earlier = ctx.order.slice(0, Math.max(0, ctx.order.indexOf(task.id)));
  const stats = (window.kvlabEditorStats ??= { latencies: [] });
  const client = validators();
  watchTheme();

  host.replaceChildren();
  host.classList.remove('kvlab-editor-placeholder');
  host.dataset.taskId = task.id;
  const slot = host.closest<HTMLElement>('.kvlab-task-slot');
  if (slot) slot.dataset.kvlabEditor = 'open';

  const tablist = el('div', { className: 'kvlab-editor-tabs' });
  tablist.setAttribute('role', 'tablist');
  tablist.setAttribute('aria-label', `Files of ${label}`);
  const surface = el('div', { className: 'kvlab-editor-surface' });
  surface.setAttribute('role', 'tabpanel');
  const status = el('span', { className: 'kvlab-editor-status' });
  status.setAttribute('role', 'status');
  const origin = el('span', { className: 'kvlab-editor-origin' });
  const statusBar = el('div', { className: 'kvlab-editor-statusbar' }, status, origin);
  const results = el('div', { className: 'kvlab-check-results' });
  results.setAttribute('aria-live', 'polite');
  const solution = el('div', { className: 'kvlab-solution', hidden: true });
  const simBox = el('div', { className: 'kvlab-simulate', hidden: true });
  const actions = el('div', { className: 'kvlab-editor-actions' });
  host.append(tablist, surface, statusBar, actions, results, solution, simBox);

  const states: FileState[] = [];
  let active: FileState;

  const editor = monaco.editor.create(surface, {
    model: null,
    language: 'yaml',
    theme: isDark() ? 'vs-dark' : 'vs',
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    tabSize: 2,
    insertSpaces: true,
    detectIndentation: false,
    renderWhitespace: 'boundary',
    wordBasedSuggestions: 'off',
    quickSuggestions: { other: true, comments: false, strings: true },
    fixedOverflowWidgets: true,
    ariaLabel: `${label} editor`,
    scrollbar: { alwaysConsumeMouseWheel: false },
  });
  const fit = () => {
    const lines = Math.min(40, Math.max(14, (active?.model.getLineCount() ?? 14) + 2));
    surface.style.height = `${lines * 19 + 8}px`;
  };

  const filesNow = (): Record<string, string> => {
    // The trainee's folder as this task sees it: other tasks' newest files, then this task's.
    const files = progress.latestFiles(scope);
    for (const s of states) files[s.file.path] = s.model.getValue();
    // A file the requirements read (the VM's user data) that the trainee never opened here is
    // taken as the lab gives it: the latest solution of that path up to this task.
    const reads = (task.raw as { reads?: unknown }).reads;
    for (const path of Array.isArray(reads) ? reads : []) {
      if (typeof path !== 'string' || path in files) continue;
      for (const t of ctx.tasks) {
        const f = t.files.find((x) => x.path === path);
        if (f) files[path] = f.solution ?? f.start;
        if (t === task) break;
      }
    }
    return files;
  };
  // Other tasks' files, read from storage once and again only when another task saves one
  // (not on every keystroke here: validation runs per keystroke).
  let othersCache: Record<string, string> | undefined;
  window.addEventListener('kvlab:file-saved', (e) => {
    if ((e as CustomEvent<{ task: string }>).detail.task !== task.id) othersCache = undefined;
  });
  const cloudInitTexts = (): Record<string, string> => {
    const out: Record<string, string> = {};
    othersCache ??= progress.latestFiles(scope);
    const files = { ...othersCache };
    for (const s of states) files[s.file.path] = s.model.getValue();
    for (const [path, text] of Object.entries(files)) {
      if (/^\s*#cloud-config/.test(text)) out[path] = text;
    }
    // A cloud-init file the trainee has not written yet still counts as the lab gives it.
    for (const t of ctx.tasks) {
      for (const f of t.files) if (f.role === 'cloud-init' && !(f.path in out)) out[f.path] = f.solution ?? f.start;
    }
    return out;
  };

  const showStatus = () => {
    const text = `${active.file.name}: ${active.status}`;
    // A live region: only a change is announced, not every keystroke's same verdict.
    if (status.textContent !== text) status.textContent = text;
    status.dataset.state = active.status === 'valid' ? 'valid' : /^0 errors/.test(active.status) ? 'warning' : 'invalid';
  };

  const validate = async (s: FileState) => {
    const text = s.model.getValue();
    const version = s.model.getVersionId();
    const userData = s.file.role === 'vm' ? userDataFor(text, cloudInitTexts()) : undefined;
    let markers: monaco.editor.IMarkerData[];
    try {
      const docs = await client.request({ type: 'validate', text, file: s.file.path, userData });
      markers = toMarkers(docs).map((m) => ({
        ...m,
        severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      }));
      s.status = statusText(docs).text;
    } catch (e) {
      markers = [];
      s.status = `not validated: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (s.model.isDisposed()) return;
    monaco.editor.setModelMarkers(s.model, 'kvlab', markers);
    const errors = markers.filter((m) => m.severity === monaco.MarkerSeverity.Error).length;
    s.tab.dataset.errors = String(errors);
    s.tab.title = `${s.file.path}: ${s.status}`;
    if (s === active) showStatus();
    if (s.pendingSince !== undefined && s.model.getVersionId() === version) {
      const since = s.pendingSince;
      s.pendingSince = undefined;
      // Count until the frame that shows the markers.
      requestAnimationFrame(() => stats.latencies.push(performance.now() - since));
    }
  };

  const select = (s: FileState) => {
    active = s;
    for (const o of states) {
      o.tab.setAttribute('aria-selected', String(o === s));
      o.tab.tabIndex = o === s ? 0 : -1;
    }
    surface.setAttribute('aria-labelledby', s.tab.id);
    editor.setModel(s.model);
    fit();
    showStatus();
    if (!solution.hidden) showSolution();
  };

  const origins: string[] = [];
  // True while the editor follows an earlier task's newly passing file (not the trainee's edit).
  let following = false;
  for (const file of task.files) {
    const init = progress.initialText(scope, task.id, file.path, earlier, file.start);
    if (init.from === 'previous-pass') {
      const from = ctx.page.tasks.find((t) => t.id === init.task);
      origins.push(`${file.name} starts from your passing file of Task ${from?.number ?? init.task}`);
    }
    const uri = monaco.Uri.parse(`kvlab:/${encodeURIComponent(scope.lab)}/task-${encodeURIComponent(task.id)}/${file.path}`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(init.text, 'yaml', uri);
    const tab = el('button', { type: 'button', textContent: file.name, id: `kvlab-tab-${task.id}-${states.length}` });
    tab.setAttribute('role', 'tab');
    tab.dataset.path = file.path;
    const state: FileState = { file, model, tab, status: 'validating…', validator: new LatestOnly(() => validate(state)) };
    tab.addEventListener('click', () => select(state));
    tab.addEventListener('keydown', (e) => {
      const i = states.indexOf(state);
      const j = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : -1;
      if (j >= 0 && j < states.length) {
        select(states[j]);
        states[j].tab.focus();
      }
    });
    model.onDidChangeContent(() => {
      state.pendingSince ??= performance.now();
      if (!following) progress.saveDraft(scope, task.id, file.path, model.getValue());
      window.dispatchEvent(new CustomEvent('kvlab:file-saved', { detail: { path: file.path, task: task.id } }));
      state.validator.push();
      markStale();
      // The VM's cross-checks read the cloud-init file: re-check the VMs of this task too.
      if (file.role === 'cloud-init') for (const o of states) if (o.file.role === 'vm') o.validator.push();
      if (state === active) fit();
    });
    tablist.append(tab);
    states.push(state);
  }
  origin.textContent = origins.join('; ');
  select(states.find((s) => s.file.role === 'vm') ?? states[0]);
  for (const s of states) s.validator.push();

  // --- Check ------------------------------------------------------------------------------
  const jumpTo = (file: string | undefined, line = 1, column = 1) => {
    const target = states.find((s) => s.file.path === file || s.file.name === file) ?? active;
    select(target);
    editor.setPosition({ lineNumber: line, column });
    editor.revealLineInCenter(line);
    editor.focus();
  };
  // A Check result describes the files as they were: the next edit marks it out of date.
  const checkedFiles = { text: '' };
  function markStale(): void {
    if (!results.querySelector('.kvlab-check-list') || results.dataset.stale === 'true') return;
    if (JSON.stringify(filesNow()) === checkedFiles.text) return;
    results.dataset.stale = 'true';
    const note = el('p', { className: 'kvlab-check-stale' }, 'Out of date: the files changed since this Check. ');
    note.append(button('Check again', () => void check()));
    results.prepend(note);
  }
  const check = async () => {
    results.replaceChildren(el('p', { textContent: 'Checking…' }));
    delete results.dataset.stale;
    delete results.dataset.passed;
    let result: TaskResult;
    const files = filesNow();
    checkedFiles.text = JSON.stringify(files);
    try {
      result = await client.request({ type: 'check', task: task.raw, files });
    } catch (e) {
      results.replaceChildren(el('p', { className: 'kvlab-check-error', textContent: `Could not check: ${e instanceof Error ? e.message : String(e)}` }));
      return;
    }
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
        const b = button('', () => jumpTo(r.file, r.line ?? 1, r.column ?? 1));
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
    results.replaceChildren(head, list);
    results.dataset.passed = String(result.passed);
    // edited while the check ran: say so at once
    markStale();
    if (result.passed) {
      // the files that passed, not what was typed since
      const passedFiles: Record<string, string> = {};
      for (const s of states) passedFiles[s.file.path] = files[s.file.path] ?? s.model.getValue();
      progress.recordPass(scope, task.id, passedFiles);
      markPassedTasks(document, progress.passedTasks(scope));
      window.dispatchEvent(new CustomEvent('kvlab:task-passed', { detail: { lab: scope.lab, task: task.id } }));
    }
  };

  // --- Reset (after confirmation) -----------------------------------------------------------
  const dialog = el('dialog', { className: 'kvlab-confirm' });
  dialog.setAttribute('aria-label', `Reset ${label}`);
  const dialogText = el('p', {
    textContent: `Put back the starting content of ${task.files.map((f) => f.name).join(' and ')}? Your changes in this task are discarded.`,
  });
  const confirmReset = button('Discard my changes', () => dialog.close('reset'));
  const cancelReset = button('Cancel', () => dialog.close('cancel'));
  dialog.append(dialogText, el('div', { className: 'kvlab-confirm-actions' }, confirmReset, cancelReset));
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'reset') return;
    for (const s of states) {
      progress.clearDraft(scope, task.id, s.file.path);
      const start = progress.initialText(scope, task.id, s.file.path, earlier, s.file.start).text;
      s.model.setValue(start);
    }
    results.replaceChildren();
  });
  host.append(dialog);
  const reset = () => {
    dialog.returnValue = '';
    dialog.showModal();
    cancelReset.focus();
  };

  // --- Show solution ------------------------------------------------------------------------
  const solutionButton = button('Show solution', () => {
    const open = solution.hidden;
    solution.hidden = !open;
    solutionButton.setAttribute('aria-expanded', String(open));
    if (open) showSolution();
  });
  solutionButton.setAttribute('aria-expanded', 'false');
  function showSolution(): void {
    const ref = active.file.solution;
    if (ref === undefined) {
      solution.replaceChildren(el('p', { textContent: `This task gives no reference solution for ${active.file.name}.` }));
      return;
    }
    solution.replaceChildren(renderDiff(active.model.getValue(), ref, `Your ${active.file.name}`, 'Reference solution'));
  }

  // --- Download -----------------------------------------------------------------------------
  const download = () => {
    const blob = new Blob([active.model.getValue()], { type: 'application/yaml' });
    const a = el('a', { href: URL.createObjectURL(blob), download: active.file.name });
    a.title = `Save as ${active.file.path}`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  // --- Progress export / import -------------------------------------------------------------
  const exportProgress = () => {
    const blob = new Blob([JSON.stringify(progress.exportAll(), null, 2)], { type: 'application/json' });
    const a = el('a', { href: URL.createObjectURL(blob), download: `kvlab-progress-${scope.user}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const importInput = el('input', { type: 'file', accept: 'application/json,.json', hidden: true });
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    try {
      const { imported } = progress.importAll(await file.text());
      results.replaceChildren(el('p', { textContent: `Imported ${imported} saved entries from ${file.name}. Reloading…` }));
      setTimeout(() => location.reload(), 600);
    } catch (e) {
      results.replaceChildren(el('p', { className: 'kvlab-check-error', textContent: `${file.name}: ${e instanceof Error ? e.message : String(e)}` }));
    }
    importInput.value = '';
  });

  actions.append(
    button('Check', () => void check()),
    button('Reset', reset),
    solutionButton,
    button('Download', download),
  );
  if (task.files.some((f) => f.role === 'vm')) actions.append(simulateButton());
  actions.append(button('Export progress', exportProgress), button('Import progress', () => importInput.click()), importInput);

  // --- Simulate (the simulator island, when this build has it) ------------------------------
  function simulateButton(): HTMLButtonElement {
    let disposer: { dispose(): void } | undefined;
    const listeners: (() => void)[] = [];
    for (const s of states) s.model.onDidChangeContent(() => listeners.forEach((cb) => cb()));
    const b = button('Simulate', async () => {
      const open = simBox.hidden;
      simBox.hidden = !open;
      b.setAttribute('aria-expanded', String(open));
      if (!open || disposer) return;
      const { mountSimulator } = await import('../simulator/mount.ts');
      const vm = () => states.find((s) => s.file.role === 'vm') as FileState;
      disposer = mountSimulator(simBox, {
        getVmYaml: () => vm().model.getValue(),
        getUserData: () => userDataFor(vm().model.getValue(), cloudInitTexts())[0]?.text,
        onChange: (cb) => listeners.push(cb),
      });
    });
    b.setAttribute('aria-expanded', 'false');
    return b;
  }

  // An earlier task just passed: files of this task the trainee has not touched yet follow it.
  window.addEventListener('kvlab:task-passed', (e) => {
    const passed = (e as CustomEvent<{ task: string }>).detail.task;
    if (!earlier.includes(passed)) return;
    const notes: string[] = [];
    for (const s of states) {
      const init = progress.initialText(scope, task.id, s.file.path, earlier, s.file.start);
      if (init.from !== 'previous-pass' || init.text === s.model.getValue()) continue;
      following = true;
      s.model.setValue(init.text);
      following = false;
      const from = ctx.page.tasks.find((t) => t.id === init.task);
      notes.push(`${s.file.name} starts from your passing file of Task ${from?.number ?? init.task}`);
    }
    if (notes.length) origin.textContent = notes.join('; ');
  });

  // Work is kept per trainee: after a name change, this page's editors still hold the old
  // trainee's files until the page is reloaded, so say so rather than mix the two.
  window.addEventListener('kvlab:trainee', (e) => {
    const user = (e as CustomEvent<{ user: string }>).detail?.user;
    if (!user || user === scope.user) return;
    origin.textContent = `You are now "${user}": reload the page to open ${user}'s files. Edits here are still saved for "${scope.user}".`;
  });

  window.kvlabEditors ??= {};
  window.kvlabEditors[task.id] = {
    editor,
    models: Object.fromEntries(states.map((s) => [s.file.path, s.model])),
    markers: (path: string) => {
      const s = states.find((o) => o.file.path === path || o.file.name === path);
      return s ? monaco.editor.getModelMarkers({ resource: s.model.uri }) : [];
    },
  };
}
