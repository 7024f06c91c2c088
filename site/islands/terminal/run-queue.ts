// "Run in terminal": the page's `kvlab:run` events, queued until a session takes them.
import { DisposableStore, type Disposable } from '../disposable.ts';
import type { Chrome } from './chrome.ts';
import type { Terminal } from '@xterm/xterm';

export function runQueue(ui: Chrome, term: Terminal): { setRunner(run: (command: string) => void): void } & Disposable {
  const store = new DisposableStore();
  const queued: string[] = [];
  let run: (command: string) => void = (c) => queued.push(c);
  store.addListener(window, 'kvlab:run', (e) => {
    const command = (e as CustomEvent<{ command: string }>).detail?.command;
    if (typeof command !== 'string') return;
    if (ui.box.classList.contains('kvlab-term-collapsed')) ui.collapse.click();
    run(command);
    if (!ui.box.querySelector('.kvlab-term-confirm')) term.focus();
  });
  return {
    setRunner(next) {
      run = next;
      for (const c of queued.splice(0)) run(c);
    },
    dispose: () => store.dispose(),
  };
}
