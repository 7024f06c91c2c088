// The search dialog, loaded on first use (the Search button, "/" or Ctrl+K). It queries the
// Pagefind index the build wrote to BASE/pagefind/ through Pagefind's own JavaScript API and shows
// pages and their matching sections; the dev server has no index and says so.
import { getTrainee } from '../lib/trainee.ts';
import { el } from '../lib/dom.ts';

interface SubResult {
  title: string;
  url: string;
  excerpt: string;
}
interface ResultData {
  url: string;
  content: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: SubResult[];
}
interface Pagefind {
  options(o: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  debouncedSearch(q: string, o?: unknown, ms?: number): Promise<{ results: { data(): Promise<ResultData> }[] } | null>;
}

let dialog: HTMLDialogElement | undefined;

/**
 * Pagefind's excerpts are HTML with <mark> around the hits; keep only text and those marks, with
 * the trainee's name for $USER as the page shows it.
 */
function excerpt(html: string): HTMLElement {
  const p = el('p', { className: 'search-excerpt' });
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  const { user, isSet } = getTrainee();
  const own = (t: string | null) => (isSet ? (t ?? '').replaceAll('$USER', user) : (t ?? ''));
  for (const n of tpl.content.childNodes) p.append(n.nodeName === 'MARK' ? el('mark', {}, own(n.textContent)) : own(n.textContent));
  return p;
}

/**
 * Pagefind 1.6 also returns pages that hold only a fragment of a long query word ("tolerations"
 * finds every "to"): keep a page only when, for each query word, some word of its text starts
 * with that word's first four letters (which still lets "probes" find "probe" and "probing").
 */
export function hasEveryWord(content: string, query: string): boolean {
  const text = content.toLowerCase();
  return query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3)
    .every((w) => new RegExp(`(^|[^\\p{L}\\p{N}])${w.slice(0, 4)}`, 'u').test(text)); // w is letters and digits only
}

export function openSearch(base: string): void {
  if (!dialog) dialog = build(base);
  dialog.showModal();
  const input = dialog.querySelector('input')!;
  input.select();
}

function build(base: string): HTMLDialogElement {
  const input = el('input', { type: 'text', enterKeyHint: 'search', placeholder: 'Search the labs', autocomplete: 'off', spellcheck: false });
  input.setAttribute('aria-label', 'Search the labs');
  input.setAttribute('role', 'searchbox'); // not type=search: its Escape clears the text instead of closing the dialog
  input.setAttribute('aria-controls', 'search-results');
  const status = el('p', { className: 'search-status' });
  status.setAttribute('role', 'status');
  const list = el('ul', { id: 'search-results', className: 'search-results' });
  const close = el('button', { type: 'button', className: 'search-close', textContent: 'Close' });
  const d = el('dialog', { className: 'search-dialog' }, el('div', { className: 'search-bar' }, input, close), status, list);
  d.setAttribute('aria-label', 'Search');
  close.addEventListener('click', () => d.close());
  // a click on the backdrop (outside the dialog's box) closes it
  d.addEventListener('click', (e) => {
    if (e.target === d) d.close();
  });
  document.body.append(d);

  let api: Promise<Pagefind | undefined> | undefined;
  const load = () =>
    (api ??= import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)
      .then(async (m: Pagefind) => {
        await m.options({ baseUrl: base, excerptLength: 24 });
        return m;
      })
      .catch(() => undefined));
  void load();

  let seq = 0;
  input.addEventListener('input', async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    const pf = await load();
    if (mine !== seq) return;
    if (!pf) {
      status.textContent = 'Search needs the built site (npm start or kvlab build); this server has no search index.';
      return;
    }
    const found = await pf.debouncedSearch(q, {}, 150);
    if (!found || mine !== seq) return; // a newer query superseded this one
    const data = (await Promise.all(found.results.slice(0, 20).map((r) => r.data()))).filter((r) => hasEveryWord(r.content, q)).slice(0, 8);
    if (mine !== seq) return;
    status.textContent = data.length ? `${data.length} page${data.length === 1 ? '' : 's'} match “${q}”` : `Nothing matches “${q}”`;
    list.replaceChildren(
      ...data.map((r) => {
        const subs = (r.sub_results ?? []).filter((s) => s.url !== r.url).slice(0, 3);
        return el(
          'li',
          {},
          el('a', { href: r.url, className: 'search-page' }, el('strong', {}, r.meta.title ?? r.url), subs.length ? '' : excerpt(r.excerpt)),
          ...(subs.length ? [el('ul', {}, ...subs.map((s) => el('li', {}, el('a', { href: s.url }, el('span', { className: 'search-section' }, s.title), excerpt(s.excerpt)))))] : []),
        );
      }),
    );
  });
  // arrow keys move between the input and the result links
  d.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [input, ...list.querySelectorAll<HTMLElement>('a')];
    const i = links.indexOf(document.activeElement as HTMLElement);
    const next = links[Math.min(links.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  });
  // following a link to a section of the page already open: close the dialog so it scrolls there
  list.addEventListener('click', (e) => {
    if ((e.target as HTMLElement).closest('a')) d.close();
  });
  return d;
}
