// The terminal island (contract 2): the lab page's entry script imports this module lazily the
// first time the trainee opens the terminal (or clicks "Run in terminal") and calls
// mountTerminal(root, page); "Run in terminal" then arrives as `kvlab:run` events. xterm and the
// sandbox (shell + simulator) are only in this lazily loaded chunk; the sandbox's validators run
// in the page's validator worker.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import type { PageData } from '../../lib/page-data.ts';
import { getTrainee } from '../../lib/trainee.ts';
import { confirmGateway, declineGateway, gatewayOrigin, resolveMode, type ConfirmMode, type ConnectedMode, type SandboxMode } from './config.ts';

const HEIGHT_KEY = 'kvlab:v1:term-height';
const SPEEDS = [1, 5, 10, 30, 60, 120];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

let mounted = false;

export function mountTerminal(root: HTMLElement, page: PageData): void {
  if (mounted) return;
  mounted = true;
  const { user } = getTrainee();
  const built = page.gateway || undefined;
  const resolved = resolveMode(location.href, built, localStorage, sessionStorage);

  const box = el('section', { class: 'kvlab-term', 'aria-label': 'Terminal' });
  const handle = el('div', { class: 'kvlab-term-resize', role: 'separator', 'aria-orientation': 'horizontal', 'aria-label': 'Resize the terminal (drag, or arrow keys)', tabindex: '0' });
  const bar = el('div', { class: 'kvlab-term-bar' });
  const title = el('strong', {}, 'Terminal');
  const modeLabel = el('span', { class: 'kvlab-term-mode' });
  const status = el('span', { class: 'kvlab-term-status', 'data-testid': 'terminal-status' });
  const actions = el('span', { class: 'kvlab-term-actions' });
  const collapse = el('button', { type: 'button', class: 'kvlab-term-collapse', 'aria-expanded': 'true' }, 'Minimise');
  bar.append(title, modeLabel, status, actions);
  const screen = el('div', { class: 'kvlab-term-screen' });
  box.append(handle, bar);
  if (resolved.notice) box.append(el('p', { class: 'kvlab-term-notice', role: 'status' }, resolved.notice));
  box.append(screen);
  root.replaceChildren(box);

  const term = new Terminal({
    cursorBlink: true,
    convertEol: false,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: { background: '#1e1e1e', foreground: '#e6e6e6' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(screen);

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

  // Height: drag the top edge (or arrow keys on it); remembered.
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
  handle.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => setHeight(window.innerHeight - ev.clientY);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });
  handle.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      setHeight(root.getBoundingClientRect().height + (e.key === 'ArrowUp' ? 40 : -40));
    }
  });
  let expandedHeight = '';
  collapse.addEventListener('click', () => {
    const collapsed = box.classList.toggle('kvlab-term-collapsed');
    collapse.setAttribute('aria-expanded', String(!collapsed));
    collapse.textContent = collapsed ? 'Expand' : 'Minimise';
    if (collapsed) {
      expandedHeight = root.style.height;
      root.style.height = 'auto';
    } else {
      root.style.height = expandedHeight;
      term.focus();
    }
  });

  const queued: string[] = [];
  let onRun: (command: string) => void = (c) => queued.push(c);
  let onResize: (cols: number, rows: number) => void = () => {};
  const start = (mode: SandboxMode | ConnectedMode) => {
    modeLabel.dataset.mode = mode.mode;
    modeLabel.textContent = mode.mode === 'sandbox' ? `Sandbox: simulated cluster in namespace ${user} (${mode.reason})` : `Connected mode: ${new URL(mode.url).host}`;
    if (mode.mode === 'sandbox') {
      const speed = el('select', { 'aria-label': 'Simulated time speed' });
      for (const s of SPEEDS) speed.append(el('option', { value: String(s) }, `${s}x`));
      const speedLabel = el('label', { class: 'kvlab-term-speed' }, 'Speed ');
      speedLabel.append(speed);
      const reset = el('button', { type: 'button', title: 'Empty the simulated cluster (your files are kept)' }, 'Reset cluster');
      actions.append(speedLabel, reset, collapse);
      void import('./sandbox-session.ts').then(({ startSandbox }) => {
        const session = startSandbox(page, user, (s) => term.write(s), () => {
          status.textContent = session.status();
          if (speed.value !== String(session.shell.speed)) {
            if (!SPEEDS.includes(session.shell.speed)) speed.append(el('option', { value: String(session.shell.speed) }, `${session.shell.speed}x`));
            speed.value = String(session.shell.speed);
          }
        });
        speed.value = String(session.shell.speed);
        speed.addEventListener('change', () => (session.shell.speed = Number(speed.value)));
        reset.addEventListener('click', () => session.shell.run('reset-sandbox'));
        if (session.screen) term.write(`${session.screen}\r\x1b[K`);
        session.shell.start(session.screen ? undefined : `Welcome to the kvlab sandbox: kubectl and virtctl against a simulated cluster in your namespace "${user}". Type "help" for what it can do.`);
        term.onData((d) => session.shell.input(d));
        // page commands wait for the lab's files (a first "Run in terminal" names them right)
        void session.ready.then(() => {
          onRun = (c) => session.shell.run(c);
          for (const c of queued.splice(0)) onRun(c);
        });
        (window as unknown as { kvlabTerminal?: unknown }).kvlabTerminal = { mode: 'sandbox', shell: session.shell, term };
      });
    } else {
      const endBtn = el('button', { type: 'button', title: 'End the shell on the gateway' }, 'End shell');
      actions.append(endBtn, collapse);
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
      window.addEventListener('pagehide', keep);
      void import('./connected-session.ts').then(({ connect }) => {
        const session = connect(mode.url, mode.token, {
          write: (d) => {
            shown += typeof d === 'string' ? d : decoder.decode(d, { stream: true });
            if (shown.length > 256 * 1024) shown = shown.slice(-64 * 1024);
            term.write(d);
          },
          status: (t) => (status.textContent = t),
          size: () => ({ cols: term.cols, rows: term.rows }),
        });
        term.onData((d) => session.send(d));
        onResize = (c, r) => session.resize(c, r);
        onRun = (c) => session.send(`${c.replace(/\n+$/, '')}\r`);
        endBtn.addEventListener('click', () => {
          shown = '';
          keep();
          session.end();
        });
        for (const c of queued.splice(0)) onRun(c);
        (window as unknown as { kvlabTerminal?: unknown }).kvlabTerminal = { mode: 'connected', term };
      });
    }
  };
  if (resolved.mode === 'confirm') askFirst(resolved);
  else start(resolved);

  // An address that is not the site's own gateway: nothing connects until the trainee says so.
  function askFirst(choice: ConfirmMode): void {
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
    const decide = (mode: SandboxMode | ConnectedMode) => {
      ask.remove();
      screen.hidden = false;
      start(mode);
      refit();
      term.focus();
    };
    yes.addEventListener('click', () => decide(confirmGateway(choice, sessionStorage)));
    no.addEventListener('click', () => decide(declineGateway(choice, sessionStorage)));
    no.focus(); // the safe choice: an Enter pressed by habit does not connect
  }
  window.addEventListener('kvlab:run', (e) => {
    const command = (e as CustomEvent<{ command: string }>).detail?.command;
    if (typeof command !== 'string') return;
    if (box.classList.contains('kvlab-term-collapsed')) collapse.click();
    onRun(command);
    if (!box.querySelector('.kvlab-term-confirm')) term.focus();
  });
  term.onResize(({ cols, rows }) => onResize(cols, rows));
  const refit = () => {
    if (!root.hidden && !box.classList.contains('kvlab-term-collapsed')) {
      try {
        fit.fit();
      } catch {
        /* not laid out yet */
      }
    }
  };
  new ResizeObserver(() => {
    refit();
    const h = Math.round(root.getBoundingClientRect().height);
    document.documentElement.style.setProperty('--kvlab-term-height', `${h}px`);
    // a focusable separator is a slider to assistive technology: it needs its value (height in px)
    for (const [k, v] of [['aria-valuenow', h], ['aria-valuemin', 120], ['aria-valuemax', Math.max(h, window.innerHeight - 60)]] as const) handle.setAttribute(k, String(v));
  }).observe(screen);
  refit();
  if (resolved.mode !== 'confirm') term.focus();
}
