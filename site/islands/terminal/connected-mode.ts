// Connected mode in the panel: End shell in the bar, the gateway session (connected-session.ts,
// loaded here) wired to xterm, and this tab's screen kept for the next page.
import { DisposableStore, toDisposable, type Disposable } from '../disposable.ts';
import { el } from './dom.ts';
import type { TermContext } from './context.ts';
import { gatewayOrigin, type ConnectedMode } from './config.ts';

export function connectedMode(t: TermContext, mode: ConnectedMode): Disposable {
  const store = new DisposableStore();
  const { term } = t;
  const { modeLabel, status, actions, collapse } = t.ui;
  modeLabel.dataset.mode = mode.mode;
  modeLabel.textContent = `Connected mode: ${new URL(mode.url).host}`;
  const endBtn = el('button', { type: 'button', title: 'End the shell on the gateway' }, 'End shell');
  actions.append(endBtn, collapse);
  store.add(toDisposable(() => endBtn.remove()));

  // the screen of this tab's gateway shell, shown again on the next page before it reattaches
  const SCREEN_KEY = `kvlab:v1:term-screen-connected:${gatewayOrigin(mode.url)}`;
  let kept = '';
  try {
    kept = sessionStorage.getItem(SCREEN_KEY) ?? '';
  } catch {
    /* not kept */
  }
  if (kept) term.write(`${kept}\r\n`);
  const decoder = new TextDecoder();
  let shown = kept;
  const keep = () => {
    try {
      sessionStorage.setItem(SCREEN_KEY, shown.slice(-64 * 1024));
    } catch {
      /* not kept */
    }
  };
  store.addListener(window, 'pagehide', keep);
  store.add(toDisposable(keep)); // runs after the session below is closed (newest first)

  void import('./connected-session.ts').then(({ connect }) => {
    if (store.isDisposed) return;
    const session = store.add(connect(mode.url, mode.token, {
      write: (d) => {
        shown += typeof d === 'string' ? d : decoder.decode(d, { stream: true });
        if (shown.length > 256 * 1024) shown = shown.slice(-64 * 1024);
        term.write(d);
      },
      status: (text) => (status.textContent = text),
      size: () => ({ cols: term.cols, rows: term.rows }),
    }));
    store.add(term.onData((d) => session.send(d)));
    t.setResizer((c, r) => session.resize(c, r));
    t.setRunner((c) => session.send(`${c.replace(/\n+$/, '')}\r`));
    store.addListener(endBtn, 'click', () => {
      shown = '';
      keep();
      session.end();
    });
    t.expose({ mode: 'connected' });
  });
  return store;
}
