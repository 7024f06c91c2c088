// Pure helpers over a loaded training: page URLs, `ref`/`link` targets, the render input of a
// page, the sidebar tree. No Node built-ins (the site's pages and the exercises use them).
import { renderShortcodes } from './shortcodes.ts';
import type { PageRender, RenderInput, Training, TrainingPage } from './types.ts';

export function pageUrl(page: TrainingPage, base = '/'): string {
  const b = base.endsWith('/') ? base : base + '/';
  return page.slug ? `${b}${page.slug}/` : b;
}

/** Finds a page by Hugo ref path ("/docs/intro", "intro.md") or by its last segment ("intro"). */
export function findPage(training: Training, target: string): TrainingPage | undefined {
  const norm = target
    .split('#')[0]
    .replace(/^\.?\//, '')
    .replace(/\.(md|html)$/, '')
    .replace(/(^|\/)_?index$/, '')
    .replace(/\/$/, '');
  const lower = norm.toLowerCase();
  return (
    training.pages.find((p) => p.slug.toLowerCase() === lower) ??
    training.pages.find((p) => p.slug.toLowerCase().endsWith('/' + lower)) ??
    training.pages.find((p) => p.relFile.replace(/\.(md|html)$/, '').replace(/\/_?index$/, '').toLowerCase().endsWith(lower) && lower !== '')
  );
}

/** The full render input of one page of a training (variant params, section number, refs). */
export function renderInput(training: Training, page: TrainingPage, base = '/', readFile?: (p: string) => string | undefined): RenderInput {
  return {
    source: page.source,
    file: page.file,
    firstLine: page.bodyLine,
    params: training.params,
    pageParams: page.frontMatter,
    enabledModules: training.enabledModules,
    sectionNumber: page.sectionNumber || undefined,
    resolvePage: (target) => {
      const hit = findPage(training, target);
      const anchor = target.includes('#') ? target.slice(target.indexOf('#')) : '';
      return hit ? { url: pageUrl(hit, base) + anchor, title: hit.title } : undefined;
    },
    readFile,
  };
}

export function renderPage(training: Training, page: TrainingPage, base = '/', readFile?: (p: string) => string | undefined): PageRender {
  return renderShortcodes(renderInput(training, page, base, readFile));
}

export interface NavItem {
  page: TrainingPage;
  children: NavItem[];
}

/** Sidebar tree: chapters with their pages, ordered by weight then title (as Hugo orders). */
export function navTree(training: Training): NavItem[] {
  const items = new Map<string, NavItem>();
  for (const p of training.pages) items.set(p.slug, { page: p, children: [] });
  const roots: NavItem[] = [];
  for (const p of training.pages) {
    if (p.slug === '') continue;
    const parent = items.get(p.parent);
    if (parent && p.parent !== '') parent.children.push(items.get(p.slug)!);
    else roots.push(items.get(p.slug)!);
  }
  return roots;
}

/**
 * Hugo's default page order: weight ascending with weight 0 meaning "none" (after every weighted
 * page, negative weights first), then the newer date first, then linkTitle (else title).
 */
export function byWeight(a: TrainingPage, b: TrainingPage): number {
  const w = (p: TrainingPage) => (p.weight ? p.weight : Infinity);
  const d = (p: TrainingPage) => {
    const t = Date.parse(String(p.frontMatter.date ?? ''));
    return Number.isNaN(t) ? 0 : t;
  };
  const title = (p: TrainingPage) => String(p.frontMatter.linkTitle ?? p.frontMatter.linktitle ?? p.title);
  const wa = w(a);
  const wb = w(b);
  return (wa === wb ? 0 : wa < wb ? -1 : 1) || d(b) - d(a) || title(a).localeCompare(title(b));
}
