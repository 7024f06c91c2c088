// The panel's height: dragged from its top edge (or arrow keys on it) and remembered, Minimise /
// Expand, and xterm refitted (and the page's bottom padding set) whenever the screen resizes.
import { DisposableStore, toDisposable, type Disposable } from '../disposable.ts';
import type { TermContext } from './context.ts';

const HEIGHT_KEY = 'kvlab:v1:term-height';

export function resizable(t: TermContext): Disposable {
  const store = new DisposableStore();
  const { root } = t;
  const { handle, box, collapse, screen } = t.ui;
  const setHeight = (px: number) => {
    const h = Math.max(120, Math.min(window.innerHeight - 60, Math.round(px)));
    root.style.height = `${h}px`;
    try {
      localStorage.setItem(HEIGHT_KEY, String(h));
    } catch {
      /* not kept */
    }
  };
  const savedHeight = Number(localStorage.getItem(HEIGHT_KEY));
  if (savedHeight > 0) root.style.height = `${Math.min(savedHeight, window.innerHeight - 60)}px`;

  store.addListener(handle, 'pointerdown', (e) => {
    e.preventDefault();
    handle.setPointerCapture(e.pointerId);
    const drag = store.add(new DisposableStore());
    drag.addListener(handle, 'pointermove', (ev) => setHeight(window.innerHeight - ev.clientY));
    drag.addListener(handle, 'pointerup', () => {
      store.delete(drag);
      drag.dispose();
    });
  });
  store.addListener(handle, 'keydown', (e) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      setHeight(root.getBoundingClientRect().height + (e.key === 'ArrowUp' ? 40 : -40));
    }
  });

  let expandedHeight = '';
  store.addListener(collapse, 'click', () => {
    const collapsed = box.classList.toggle('kvlab-term-collapsed');
    collapse.setAttribute('aria-expanded', String(!collapsed));
    collapse.textContent = collapsed ? 'Expand' : 'Minimise';
    if (collapsed) {
      expandedHeight = root.style.height;
      root.style.height = 'auto';
    } else {
      root.style.height = expandedHeight;
      t.term.focus();
    }
  });

  const observer = new ResizeObserver(() => {
    t.refit();
    const h = Math.round(root.getBoundingClientRect().height);
    document.documentElement.style.setProperty('--kvlab-term-height', `${h}px`);
    // a focusable separator is a slider to assistive technology: it needs its value (height in px)
    for (const [k, v] of [['aria-valuenow', h], ['aria-valuemin', 120], ['aria-valuemax', Math.max(h, window.innerHeight - 60)]] as const) handle.setAttribute(k, String(v));
  });
  observer.observe(screen);
  store.add(toDisposable(() => {
    observer.disconnect();
    document.documentElement.style.removeProperty('--kvlab-term-height');
  }));
  return store;
}
