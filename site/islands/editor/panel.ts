/// <reference types="vite/client" />
// One task's editor: a Monaco editor with a tab per file, markers from the validator worker,
// a status line, and the Check / Reset / Show solution / Download / Simulate / progress actions.
// Loaded lazily by mount.ts; everything heavy (Monaco, the worker) starts here. Each concern is
// a piece of its own that returns a Disposable; openPanel composes them, and disposing what it
// returns removes every listener, model, timer and element the panel made.
import { monaco } from './monaco.ts';
import { ValidatorClient, pageValidators } from '../../workers/validator-client.ts';
import { registerProviders } from './providers.ts';
import { DisposableStore, toDisposable } from '../disposable.ts';
import { createLayout } from './layout.ts';
import { watchTheme } from './theme.ts';
import { openFiles } from './files.ts';
import { watchFolder } from './folder.ts';
import { validation } from './validation.ts';
import { checkAction } from './check.ts';
import { solutionToggle } from './solution.ts';
import { resetAction, downloadAction } from './reset-download.ts';
import { simulateToggle } from './simulate.ts';
import { progressActions } from './progress-io.ts';
import { followEarlierTasks } from './follow.ts';
import { workspaceSync } from '../workspace/sync.ts';
import type { EditorContext } from './context.ts';
import type { EditorTask } from './model.ts';
import type { Model, PanelContext } from './panel-context.ts';
import './editor.css';

declare global {
  interface Window {
    /** Per task id: the editor and its models (the browser tests read markers through it). */
    kvlabEditors?: Record<string, { editor: unknown; models: Record<string, Model>; markers(path: string): unknown[]; dispose(): void }>;
  }
}

let client: ValidatorClient | undefined;
/** The page's validator worker, shared by every panel and the terminal (never disposed). */
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

export function openPanel(ctx: EditorContext, task: EditorTask, host: HTMLElement): DisposableStore {
  const store = new DisposableStore();
  const label = `Task ${ctx.page.tasks.find((t) => t.id === task.id)?.number ?? task.id}`;
  const earlier = ctx.order.slice(0, Math.max(0, ctx.order.indexOf(task.id)));
  const ui = store.add(createLayout(host, task.id, label));
  store.add(watchTheme());
  const files = store.add(openFiles(ctx, task, ui, label, earlier));
  const folder = store.add(watchFolder(ctx, task, files.files));
  const p: PanelContext = { ...files, ...folder, ctx, task, label, earlier, ui, client: validators() };
  // In the order their buttons show.
  for (const piece of [validation, checkAction, resetAction, solutionToggle, downloadAction, simulateToggle, progressActions, followEarlierTasks, workspaceSync]) {
    store.add(piece(p));
  }
  const editors = (window.kvlabEditors ??= {});
  editors[task.id] = {
    editor: files.editor,
    models: Object.fromEntries(files.files.map((s) => [s.file.path, s.model])),
    markers: (path) => {
      const s = files.files.find((o) => o.file.path === path || o.file.name === path);
      return s ? monaco.editor.getModelMarkers({ resource: s.model.uri }) : [];
    },
    dispose: () => store.dispose(),
  };
  store.add(toDisposable(() => delete editors[task.id]));
  return store;
}
