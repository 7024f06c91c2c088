// The editor panel's piece for connected mode (a hook in editor/panel.ts): each of the panel's
// files is registered with the page's workspace connection (connection.ts), so a save lands in
// the trainee's home and a change there lands in the editor. Without a gateway (sandbox mode),
// or before the trainee confirmed a gateway from a link, it does nothing.
import { DisposableStore, toDisposable, type Disposable } from '../disposable.ts';
import { resolveMode, gatewayOrigin } from '../terminal/config.ts';
import type { PageData } from '../../lib/page-data.ts';
import type { Model, PanelContext } from '../editor/panel-context.ts';
import { WorkspaceConnection, type Conflict, type Holder, type WorkspaceStatus } from './connection.ts';
import { askWhichToKeep } from './conflict.ts';

declare global {
  interface Window {
    /** The page's workspace connection (tests read its status and pending paths). */
    kvlabWorkspace?: { status: WorkspaceStatus; detail?: string; pending(): string[] };
  }
}

let connection: WorkspaceConnection | null | undefined;
const statusListeners = new Set<(s: WorkspaceStatus, detail?: string) => void>();

/** The page's connection to its gateway's workspace, or null in sandbox mode. */
export function pageWorkspace(page: PageData): WorkspaceConnection | null {
  if (connection !== undefined) return connection;
  let mode;
  try {
    mode = resolveMode(location.href, page.gateway || undefined, localStorage, sessionStorage);
  } catch {
    return (connection = null);
  }
  if (mode.mode !== 'connected' || !mode.token) return (connection = null);
  const http = gatewayOrigin(mode.url).replace(/^ws/, 'http');
  const info: NonNullable<Window['kvlabWorkspace']> = { status: 'connecting', pending: () => connection?.pendingPaths() ?? [] };
  window.kvlabWorkspace = info;
  connection = new WorkspaceConnection(http, mode.token, localStorage, {
    status: (s, detail) => {
      info.status = s;
      info.detail = detail;
      for (const fn of statusListeners) fn(s, detail);
    },
    conflict: (c: Conflict) => askWhichToKeep(c),
  });
  return connection;
}

export function workspaceSync(p: PanelContext): Disposable {
  const ws = pageWorkspace(p.ctx.page);
  if (!ws) return toDisposable(() => {});
  const store = new DisposableStore();
  const note = document.createElement('span');
  note.className = 'kvlab-ws-status';
  p.ui.origin.after(note);
  store.add(toDisposable(() => note.remove()));
  const show = (s: WorkspaceStatus, detail?: string) => {
    note.dataset.status = s;
    note.textContent = detail ?? (s === 'online' ? ` Files saved in your home on ${new URL(ws.base).host}` : s === 'offline' ? ' Offline: edits kept in this browser' : ' Connecting to your home…');
  };
  show(ws.status);
  statusListeners.add(show);
  store.add(toDisposable(() => statusListeners.delete(show)));

  const byModel = new Map<Model, Holder>();
  let applying = false;
  for (const s of p.files) {
    const model = s.model;
    const h: Holder = {
      text: () => model.getValue(),
      apply: (text) => {
        applying = true;
        try {
          // an edit operation, not setValue: the text it replaces stays an undo step away
          model.pushStackElement();
          model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
          model.pushStackElement();
        } finally {
          applying = false;
        }
      },
    };
    byModel.set(model, h);
    store.add(toDisposable(ws.open(s.file.path, h)));
  }
  store.add(p.onDidEdit((s) => {
    if (applying) return;
    const h = byModel.get(s.model);
    if (h) ws.edited(s.file.path, s.model.getValue(), h);
  }));
  return store;
}
