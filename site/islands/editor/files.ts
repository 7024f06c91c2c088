// The panel's files: the Monaco editor, one model and one tab per file (arrow keys move between
// tabs), the trainee's drafts saved on every edit, and the events other pieces listen to.
import { monaco } from './monaco.ts';
import { DisposableStore, Emitter, toDisposable, type Disposable } from '../disposable.ts';
import { el } from './dom.ts';
import { isDark } from './theme.ts';
import type { EditorContext } from './context.ts';
import type { EditorTask } from './model.ts';
import type { Layout } from './layout.ts';
import type { FileState, PanelContext } from './panel-context.ts';

type Files = Pick<PanelContext, 'editor' | 'files' | 'active' | 'select' | 'onDidSelect' | 'onDidEdit' | 'follow'> & Disposable;

export function openFiles(ctx: EditorContext, task: EditorTask, ui: Layout, label: string, earlier: string[]): Files {
  const { scope, progress } = ctx;
  const store = new DisposableStore();
  const selected = store.add(new Emitter<FileState>());
  const edited = store.add(new Emitter<FileState>());
  const states: FileState[] = [];
  let active: FileState;
  // True while the editor follows an earlier task's newly passing file (not the trainee's edit).
  let following = false;

  const editor = createEditor(ui.surface, label);
  const fit = () => {
    const lines = Math.min(40, Math.max(14, (active?.model.getLineCount() ?? 14) + 2));
    ui.surface.style.height = `${lines * 19 + 8}px`;
  };
  const select = (s: FileState) => {
    active = s;
    for (const o of states) {
      o.tab.setAttribute('aria-selected', String(o === s));
      o.tab.tabIndex = o === s ? 0 : -1;
    }
    ui.surface.setAttribute('aria-labelledby', s.tab.id);
    editor.setModel(s.model);
    fit();
    selected.fire(s);
  };

  const origins: string[] = [];
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
    const state: FileState = { file, model, tab };
    store.addListener(tab, 'click', () => select(state));
    store.addListener(tab, 'keydown', (e) => {
      const i = states.indexOf(state);
      const j = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : -1;
      if (j >= 0 && j < states.length) {
        select(states[j]);
        states[j].tab.focus();
      }
    });
    store.add(model.onDidChangeContent(() => {
      if (!following) progress.saveDraft(scope, task.id, file.path, model.getValue());
      window.dispatchEvent(new CustomEvent('kvlab:file-saved', { detail: { path: file.path, task: task.id } }));
      edited.fire(state);
      if (state === active) fit();
    }));
    ui.tablist.append(tab);
    states.push(state);
  }
  // Newest first: the editor lets go of its model before the models go.
  store.add(toDisposable(() => states.forEach((s) => s.model.dispose())));
  store.add(editor);
  ui.origin.textContent = origins.join('; ');
  select(states.find((s) => s.file.role === 'vm') ?? states[0]);

  return {
    editor,
    files: states,
    active: () => active,
    select,
    onDidSelect: selected.event,
    onDidEdit: edited.event,
    follow(s, text) {
      following = true;
      try {
        s.model.setValue(text);
      } finally {
        following = false;
      }
    },
    dispose: () => store.dispose(),
  };
}

function createEditor(surface: HTMLElement, label: string): PanelContext['editor'] {
  return monaco.editor.create(surface, {
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
}
