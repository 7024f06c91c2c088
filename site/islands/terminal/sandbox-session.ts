// Sandbox mode: the pure shell (sandbox/) over the simulated cluster, its files taken
// from the editors' progress store, its state and screen kept in localStorage so the next lab
// page finds the same shell, history and cluster. kubectl apply asks the page's validator worker
// (shared with the editors), so the validators never load or run on the main thread; the worker
// starts, and loads and runs the validators the lab's files need, when the terminal opens.
import { Shell, formatClock, type ShellState } from '../../../sandbox/shell.ts';
import type { ValidateFn } from '../../../sandbox/types.ts';
import { pageValidators } from '../../workers/validator-client.ts';
import { pageEditor } from './edit-bridge.ts';
import { ProgressStore, MemoryStore, type KeyValueStore } from '../../lib/progress.ts';
import type { PageData } from '../../lib/page-data.ts';

export const STATE_PREFIX = 'kvlab:v1:term:';
export const SCREEN_PREFIX = 'kvlab:v1:term-screen:';
/** The screen kept across pages (the end of what was printed). */
const SCREEN_MAX = 64 * 1024;

function storage(): KeyValueStore {
  try {
    return window.localStorage;
  } catch {
    return new MemoryStore();
  }
}

interface ResolvedLabFiles {
  tasks: { id: string; number?: string; title?: string; files: { path: string; start: string }[] }[];
}

/** Where each of the lab's files is written: the first task whose editor has it. */
export function fileOrigins(lab: ResolvedLabFiles | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of lab?.tasks ?? []) {
    const task = t.number ? `Task ${t.number}` : (t.title ?? t.id);
    for (const f of t.files) out[f.path] ??= `${task}'s editor (${f.path.slice(f.path.lastIndexOf('/') + 1)} tab)`;
  }
  return out;
}

export interface SandboxSession {
  shell: Shell;
  /** What was printed before this page (replayed into the terminal first). */
  screen: string;
  status(): string;
  /**
   * Settles once the lab's exercise data (the files' starting content and where each is written)
   * has arrived, failed, or taken over 3 s: commands from the page wait for it, so the first
   * "Run in terminal" sees the same files and hints as a command typed later.
   */
  ready: Promise<void>;
  dispose(): void;
}

export function startSandbox(page: PageData, user: string, write: (s: string) => void, onStatus: () => void): SandboxSession {
  const store = storage();
  const stateKey = STATE_PREFIX + encodeURIComponent(user);
  const screenKey = SCREEN_PREFIX + encodeURIComponent(user);
  let state: ShellState | undefined;
  try {
    const raw = store.getItem(stateKey);
    const parsed = raw ? (JSON.parse(raw) as ShellState) : undefined;
    if (parsed?.version === 1 && parsed.user === user) state = parsed;
  } catch {
    state = undefined; // a damaged save starts a fresh sandbox
  }
  let screen = state ? (store.getItem(screenKey) ?? '') : '';
  const progress = new ProgressStore(store);
  const scope = { user, lab: page.lab, variant: page.variant };
  // starting content of the lab's files (before the trainee edits them), from the exercise JSON
  let starts: Record<string, string> = {};
  let origins: Record<string, string> = {};
  const files = () => ({ ...starts, ...progress.latestFiles(scope) });
  const tee = (s: string) => {
    screen += s;
    if (screen.length > SCREEN_MAX * 2) screen = screen.slice(-SCREEN_MAX);
    write(s);
  };
  const validate: ValidateFn = (text, opts) => pageValidators().request({ type: 'validate', text, file: opts.file ?? '', userData: opts.userData, ...(opts.related ? { related: opts.related } : {}) });
  // the worker starts now and readies the validators the trainee's files need (their first run
  // included), while the trainee reads or types: the first apply then answers at once
  let warmed: Set<string> | undefined;
  const warm = () => {
    const first = !warmed;
    warmed ??= new Set();
    const texts = Object.values(files()).filter((t) => !warmed!.has(t));
    for (const t of texts) warmed.add(t);
    if (first || texts.length) pageValidators().request({ type: 'warm', texts }).catch(() => {});
  };
  const shell = new Shell({ user, write: tee, validate, files, state, speed: 10, origins: () => origins, edit: pageEditor });
  warm();
  const loaded = fetch(`${page.base.replace(/\/?$/, '/')}exercises/${page.lab}.json`)
    .then((r) => (r.ok ? (r.json() as Promise<ResolvedLabFiles>) : undefined))
    .then((lab) => {
      const s: Record<string, string> = {};
      for (const t of lab?.tasks ?? []) for (const f of t.files) if (f.start && !(f.path in s)) s[f.path] = f.start;
      starts = s;
      origins = fileOrigins(lab);
      shell.syncFiles();
      warm();
    })
    .catch(() => {
      /* no exercise data for this page: the editors' files only */
    });
  const ready = Promise.race([loaded, new Promise<void>((r) => window.setTimeout(r, 3000))]);

  const save = () => {
    try {
      store.setItem(stateKey, JSON.stringify(shell.snapshot()));
      store.setItem(screenKey, screen.slice(-SCREEN_MAX));
    } catch {
      /* quota or disabled storage: the shell still works on this page */
    }
  };
  let last = performance.now();
  let lastSave = last;
  const timer = window.setInterval(() => {
    const now = performance.now();
    shell.tick(Math.min(1, (now - last) / 1000));
    last = now;
    onStatus();
    if (now - lastSave > 2000) {
      save();
      lastSave = now;
    }
  }, 100);
  window.addEventListener('pagehide', save);
  const previous = screen;
  return {
    shell,
    screen: previous,
    status: () => `simulated time ${formatClock(shell.sandbox.now)} · ${shell.speed}x`,
    ready,
    dispose() {
      window.clearInterval(timer);
      window.removeEventListener('pagehide', save);
      save();
    },
  };
}
