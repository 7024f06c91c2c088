// An address that is not the site's own gateway: nothing connects until the trainee says so.
// The question replaces the screen until Connect or the fallback is chosen.
import { DisposableStore, toDisposable, type Disposable } from '../disposable.ts';
import { el } from './dom.ts';
import type { TermContext } from './context.ts';
import { confirmGateway, declineGateway, type ConfirmMode, type ConnectedMode, type SandboxMode } from './config.ts';

export function askFirst(t: TermContext, choice: ConfirmMode, decided: (mode: SandboxMode | ConnectedMode) => void): Disposable {
  const store = new DisposableStore();
  const { modeLabel, screen } = t.ui;
  modeLabel.dataset.mode = 'confirm';
  modeLabel.textContent = 'Gateway not confirmed';
  const fallbackLabel = choice.fallback.mode === 'connected' ? `Use this site's gateway (${new URL(choice.fallback.url).host})` : 'Use sandbox';
  const ask = el('div', { class: 'kvlab-term-confirm', role: 'group', 'aria-labelledby': 'kvlab-term-confirm-text' });
  const text = el('p', { id: 'kvlab-term-confirm-text' }, 'This link asks to connect your terminal to ');
  text.append(
    el('code', { 'data-testid': 'gateway-address' }, choice.url),
    choice.fallback.mode === 'connected'
      ? ', which is not the gateway this site was built with.'
      : ', but this site has no gateway of its own.',
    ' The shell, what you type and your gateway session go there. Connect only if your trainer gave you this address.',
  );
  const yes = el('button', { type: 'button' }, 'Connect');
  const no = el('button', { type: 'button' }, fallbackLabel);
  const buttons = el('p', { class: 'kvlab-term-confirm-actions' });
  buttons.append(yes, no);
  ask.append(text, buttons);
  screen.hidden = true;
  screen.before(ask);
  store.add(toDisposable(() => {
    ask.remove();
    screen.hidden = false;
  }));
  const decide = (mode: SandboxMode | ConnectedMode) => {
    store.dispose();
    decided(mode);
  };
  store.addListener(yes, 'click', () => decide(confirmGateway(choice, sessionStorage)));
  store.addListener(no, 'click', () => decide(declineGateway(choice, sessionStorage)));
  no.focus(); // the safe choice: an Enter pressed by habit does not connect
  return store;
}
