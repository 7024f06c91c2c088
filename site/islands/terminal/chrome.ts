// The terminal panel's frame: the resize edge, the bar (title, mode, status, actions, minimise)
// and the screen xterm draws in. Disposing it gives the root back what it held before.
import type { Disposable } from '../disposable.ts';
import { el } from './dom.ts';

export interface Chrome {
  box: HTMLElement;
  handle: HTMLDivElement;
  modeLabel: HTMLSpanElement;
  status: HTMLSpanElement;
  actions: HTMLSpanElement;
  collapse: HTMLButtonElement;
  screen: HTMLDivElement;
}

export function createChrome(root: HTMLElement, notice: string | undefined): Chrome & Disposable {
  const before = [...root.childNodes];
  const height = root.style.height;
  const box = el('section', { class: 'kvlab-term', 'aria-label': 'Terminal' });
  const handle = el('div', { class: 'kvlab-term-resize', role: 'separator', 'aria-orientation': 'horizontal', 'aria-label': 'Resize the terminal (drag, or arrow keys)', tabindex: '0' });
  const bar = el('div', { class: 'kvlab-term-bar' });
  const modeLabel = el('span', { class: 'kvlab-term-mode' });
  const status = el('span', { class: 'kvlab-term-status', 'data-testid': 'terminal-status' });
  const actions = el('span', { class: 'kvlab-term-actions' });
  const collapse = el('button', { type: 'button', class: 'kvlab-term-collapse', 'aria-expanded': 'true' }, 'Minimise');
  bar.append(el('strong', {}, 'Terminal'), modeLabel, status, actions);
  const screen = el('div', { class: 'kvlab-term-screen' });
  box.append(handle, bar);
  if (notice) box.append(el('p', { class: 'kvlab-term-notice', role: 'status' }, notice));
  box.append(screen);
  root.replaceChildren(box);
  return {
    box, handle, modeLabel, status, actions, collapse, screen,
    dispose() {
      root.replaceChildren(...before);
      root.style.height = height;
    },
  };
}
