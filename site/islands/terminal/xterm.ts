// xterm in the panel's screen, fitted to it, with copy and paste keys.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { DisposableStore, type Disposable } from '../disposable.ts';
import type { Chrome } from './chrome.ts';

export function openXterm(root: HTMLElement, ui: Chrome): { term: Terminal; refit(): void } & Disposable {
  const store = new DisposableStore();
  const term = store.add(new Terminal({
    cursorBlink: true,
    convertEol: false,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: { background: '#1e1e1e', foreground: '#e6e6e6' },
  }));
  const fit = new FitAddon();
  term.loadAddon(fit); // disposed with the terminal
  term.open(ui.screen);

  // Copy with Ctrl-C when text is selected (else it is the interrupt), Ctrl-Shift-C/V always.
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== 'keydown') return true;
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && key === 'c' && (e.shiftKey || term.hasSelection())) {
      if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection()).catch(() => {});
      return false;
    }
    if ((e.ctrlKey || e.metaKey) && e.shiftKey && key === 'v') {
      void navigator.clipboard?.readText().then((t) => term.paste(t)).catch(() => {});
      return false;
    }
    return true;
  });

  const refit = () => {
    if (store.isDisposed || root.hidden || ui.box.classList.contains('kvlab-term-collapsed')) return;
    try {
      fit.fit();
    } catch {
      /* not laid out yet */
    }
  };
  return { term, refit, dispose: () => store.dispose() };
}
