// The terminal island (contract 2): the lab page's entry script imports this module lazily the
// first time the trainee opens the terminal (or clicks "Run in terminal") and calls
// mountTerminal(root, page); "Run in terminal" then arrives as `kvlab:run` events. xterm and the
// sandbox (shell + simulator) are only in this lazily loaded chunk; the sandbox's validators run
// in the page's validator worker. Each concern is a piece that returns a Disposable; disposing
// what mountTerminal returns ends the session and removes every listener, observer and element.
import './terminal.css';
import type { PageData } from '../../lib/page-data.ts';
import { getTrainee } from '../../lib/trainee.ts';
import { DisposableStore, toDisposable } from '../disposable.ts';
import { resolveMode, type ConnectedMode, type SandboxMode } from './config.ts';
import { createChrome } from './chrome.ts';
import { openXterm } from './xterm.ts';
import { resizable } from './resize.ts';
import { runQueue } from './run-queue.ts';
import { sandboxMode } from './sandbox-mode.ts';
import { connectedMode } from './connected-mode.ts';
import { askFirst } from './confirm.ts';
import type { TermContext } from './context.ts';

declare global {
  interface Window {
    /** The running session (set once it starts), for the browser tests and benches. */
    kvlabTerminal?: Record<string, unknown> & { dispose(): void };
  }
}

let mounted: DisposableStore | undefined;

export function mountTerminal(root: HTMLElement, page: PageData): DisposableStore {
  if (mounted) return mounted;
  const store = (mounted = new DisposableStore());
  store.add(toDisposable(() => (mounted = undefined)));
  const resolved = resolveMode(location.href, page.gateway || undefined, localStorage, sessionStorage);
  const ui = store.add(createChrome(root, resolved.notice));
  const { term, refit } = store.add(openXterm(root, ui));
  const queue = store.add(runQueue(ui, term));
  let resizer: (cols: number, rows: number) => void = () => {};
  store.add(term.onResize(({ cols, rows }) => resizer(cols, rows)));
  const t: TermContext = {
    root,
    page,
    user: getTrainee().user,
    ui,
    term,
    refit,
    setRunner: queue.setRunner,
    setResizer: (fn) => (resizer = fn),
    expose(session) {
      window.kvlabTerminal = { ...session, term, dispose: () => store.dispose() };
    },
  };
  store.add(toDisposable(() => delete window.kvlabTerminal));
  store.add(resizable(t));
  const start = (mode: SandboxMode | ConnectedMode) => store.add(mode.mode === 'sandbox' ? sandboxMode(t, mode) : connectedMode(t, mode));
  if (resolved.mode === 'confirm') {
    store.add(askFirst(t, resolved, (mode) => {
      start(mode);
      refit();
      term.focus();
    }));
  } else start(resolved);
  refit();
  if (resolved.mode !== 'confirm') term.focus();
  return store;
}
