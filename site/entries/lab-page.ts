// The lab page's entry script (contract 2). Small on purpose: trainee name, code-block actions,
// theme and menu toggles. The editor and terminal islands load lazily with dynamic import().
import { applyUserFromUrl, getTrainee, setTrainee } from '../lib/trainee.ts';
import { markPassedOnLoad } from '../lib/progress.ts';
import { enhanceTabpanes } from './tabs.ts';
import { keepAnchorsInView } from './anchor.ts';
import { wireThemeToggle } from './theme.ts';
import type { PageData } from '../lib/page-data.ts';


const page = JSON.parse(document.getElementById('kvlab-page')?.textContent || '{}') as PageData;

// Trainee name in every `$USER` of the page.
function showUser(): void {
  const { user, isSet, invalid } = getTrainee();
  if (invalid) formMessage(invalid);
  for (const el of document.querySelectorAll<HTMLElement>('.kvlab-var[data-kvlab-var="USER"]')) {
    el.dataset.orig ??= el.textContent ?? '$USER';
    el.textContent = isSet ? user : el.dataset.orig;
    el.title = isSet ? `your user name (${el.dataset.orig})` : 'set your user name at the top of the page';
  }
  const input = document.getElementById('trainee-user') as HTMLInputElement | null;
  if (input && isSet) input.value = user;
}
const form = document.getElementById('trainee-form') as HTMLFormElement | null;
const urlError = applyUserFromUrl(location.href);
function formMessage(text: string): void {
  if (!form) return;
  let msg = form.querySelector<HTMLElement>('.trainee-msg');
  if (!msg) {
    msg = document.createElement('span');
    msg.className = 'trainee-msg';
    msg.setAttribute('role', 'status');
    form.append(msg);
  }
  msg.textContent = text;
}
if (urlError) formMessage(urlError);
form?.addEventListener('submit', (e) => {
  e.preventDefault();
  const err = setTrainee((form.elements.namedItem('user') as HTMLInputElement).value);
  formMessage(err ?? 'Saved');
});
window.addEventListener('kvlab:trainee', showUser);
showUser();

// Copy (substituted text) and "Run in terminal" on code blocks; none on command output.
const SHELL = new Set(['bash', 'sh', 'shell', 'zsh']);
const NO_ACTIONS = new Set(['text', 'txt', 'plaintext', 'output', 'console', '']);
async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}
for (const pre of document.querySelectorAll<HTMLPreElement>('article pre')) {
  const lang = pre.dataset.language ?? '';
  if (NO_ACTIONS.has(lang)) continue;
  const bar = document.createElement('div');
  bar.className = 'code-actions';
  const codeText = () => (pre.querySelector('code') ?? pre).textContent!.replace(/\n$/, '');
  const copyBtn = document.createElement('button');
  copyBtn.type = 'button';
  copyBtn.textContent = 'Copy';
  copyBtn.addEventListener('click', async () => {
    await copy(codeText());
    copyBtn.textContent = 'Copied';
    setTimeout(() => (copyBtn.textContent = 'Copy'), 1500);
  });
  bar.append(copyBtn);
  if (SHELL.has(lang)) {
    const run = document.createElement('button');
    run.type = 'button';
    run.textContent = 'Run in terminal';
    run.addEventListener('click', () => void openTerminal().then(() => window.dispatchEvent(new CustomEvent('kvlab:run', { detail: { command: codeText() } }))));
    bar.append(run);
  }
  const wrap = document.createElement('div');
  wrap.className = 'code-block';
  pre.replaceWith(wrap);
  wrap.append(bar, pre);
}

enhanceTabpanes();

wireThemeToggle();
keepAnchorsInView();

// Search: the dialog and the index load on first use.
const openSearch = () => void import('./search.ts').then((m) => m.openSearch(page.base || '/'));
document.getElementById('search-toggle')?.addEventListener('click', openSearch);
document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement;
  // the editor (Ctrl+K chords) and the terminal (kill line) keep their own keys
  const owned = !!t.closest?.('.monaco-editor, .xterm');
  const typing = owned || t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
  if ((!owned && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') || (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
    e.preventDefault();
    openSearch();
  }
});

// Menu on small screens.
const navToggle = document.querySelector<HTMLButtonElement>('.nav-toggle');
navToggle?.addEventListener('click', () => {
  const open = document.body.classList.toggle('nav-open');
  navToggle.setAttribute('aria-expanded', String(open));
});

// Terminal island: mounted on first use.
const termRoot = document.getElementById('kvlab-terminal-root');
const termToggle = document.getElementById('terminal-toggle');
let terminal: Promise<void> | undefined;
function openTerminal(): Promise<void> {
  if (!termRoot) return Promise.resolve();
  termRoot.hidden = false;
  termToggle?.setAttribute('aria-expanded', 'true');
  terminal ??= import('../islands/terminal/mount.ts').then((m) => {
    // Disposed (window.kvlabTerminal.dispose()): closed, and the next open mounts it afresh.
    m.mountTerminal(termRoot, page).add({
      dispose() {
        terminal = undefined;
        termRoot.hidden = true;
        termToggle?.setAttribute('aria-expanded', 'false');
      },
    });
  });
  return terminal;
}
termToggle?.addEventListener('click', () => {
  if (termRoot && !termRoot.hidden && terminal) {
    termRoot.hidden = true;
    termToggle.setAttribute('aria-expanded', 'false');
  } else void openTerminal();
});
if (termRoot) termRoot.hidden = true;

// Sidebar ticks for tasks whose Check passed (the editor island's store).
markPassedOnLoad(document, page, getTrainee().user);

// Editor island: when a task slot first nears the viewport.
const slots = document.querySelectorAll('.kvlab-task-slot');
if (slots.length) {
  const io = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      io.disconnect();
      void import('../islands/editor/mount.ts').then((m) => m.mountEditors(page));
    },
    { rootMargin: '800px 0px' },
  );
  slots.forEach((s) => io.observe(s));
}
