// The editor panel's frame: tabs, editor surface, status line, actions, Check results, the
// solution and simulator boxes. Disposing it gives the host back what it held before.
import { el } from './dom.ts';
import type { Disposable } from '../disposable.ts';

export interface Layout {
  host: HTMLElement;
  tablist: HTMLDivElement;
  surface: HTMLDivElement;
  status: HTMLSpanElement;
  origin: HTMLSpanElement;
  actions: HTMLDivElement;
  results: HTMLDivElement;
  solution: HTMLDivElement;
  simBox: HTMLDivElement;
}

export function createLayout(host: HTMLElement, taskId: string, label: string): Layout & Disposable {
  const before = [...host.childNodes];
  const wasPlaceholder = host.classList.contains('kvlab-editor-placeholder');
  const slot = host.closest<HTMLElement>('.kvlab-task-slot');
  const slotState = slot?.dataset.kvlabEditor;
  host.replaceChildren();
  host.classList.remove('kvlab-editor-placeholder');
  host.dataset.taskId = taskId;
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

  return {
    host, tablist, surface, status, origin, actions, results, solution, simBox,
    dispose() {
      host.replaceChildren(...before);
      if (wasPlaceholder) host.classList.add('kvlab-editor-placeholder');
      delete host.dataset.taskId;
      if (slot) {
        if (slotState === undefined) delete slot.dataset.kvlabEditor;
        else slot.dataset.kvlabEditor = slotState;
      }
    },
  };
}
