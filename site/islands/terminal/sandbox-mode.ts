// Sandbox mode in the panel: the speed selector and Reset cluster in the bar, the shell
// (sandbox-session.ts, loaded here) wired to xterm, page commands once the lab's files are in.
import { DisposableStore, toDisposable, type Disposable } from '../disposable.ts';
import { el } from './dom.ts';
import type { TermContext } from './context.ts';
import type { SandboxMode } from './config.ts';

const SPEEDS = [1, 5, 10, 30, 60, 120];

export function sandboxMode(t: TermContext, mode: SandboxMode): Disposable {
  const store = new DisposableStore();
  const { term, user } = t;
  const { modeLabel, status, actions, collapse } = t.ui;
  modeLabel.dataset.mode = mode.mode;
  modeLabel.textContent = `Sandbox: simulated cluster in namespace ${user} (${mode.reason})`;
  const speed = el('select', { 'aria-label': 'Simulated time speed' });
  for (const s of SPEEDS) speed.append(el('option', { value: String(s) }, `${s}x`));
  const speedLabel = el('label', { class: 'kvlab-term-speed' }, 'Speed ');
  speedLabel.append(speed);
  const reset = el('button', { type: 'button', title: 'Empty the simulated cluster (your files are kept)' }, 'Reset cluster');
  actions.append(speedLabel, reset, collapse);
  store.add(toDisposable(() => {
    speedLabel.remove();
    reset.remove();
  }));

  void import('./sandbox-session.ts').then(({ startSandbox }) => {
    if (store.isDisposed) return;
    const session = startSandbox(t.page, user, (s) => term.write(s), () => {
      status.textContent = session.status();
      if (speed.value !== String(session.shell.speed)) {
        if (!SPEEDS.includes(session.shell.speed)) speed.append(el('option', { value: String(session.shell.speed) }, `${session.shell.speed}x`));
        speed.value = String(session.shell.speed);
      }
    });
    store.add(session); // stops the clock, saves the shell and screen
    speed.value = String(session.shell.speed);
    store.addListener(speed, 'change', () => (session.shell.speed = Number(speed.value)));
    store.addListener(reset, 'click', () => session.shell.run('reset-sandbox'));
    if (session.screen) term.write(`${session.screen}\r\x1b[K`);
    session.shell.start(session.screen ? undefined : `Welcome to the kvlab sandbox: kubectl and virtctl against a simulated cluster in your namespace "${user}". Type "help" for what it can do.`);
    store.add(term.onData((d) => session.shell.input(d)));
    // page commands wait for the lab's files (a first "Run in terminal" names them right)
    void session.ready.then(() => {
      if (!store.isDisposed) t.setRunner((c) => session.shell.run(c));
    });
    t.expose({ mode: 'sandbox', shell: session.shell });
  });
  return store;
}
