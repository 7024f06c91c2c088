// Loads a training from disk (Node only): the kvlab layout (`site.yaml` + `pages/`) or a Hugo
// training repository (`config/_default/config.toml` [params], `config/<env>/…` per variant,
// pages under the contentDir, chapters as folders with `_index.md`). Pages are ordered by
// weight and numbered as acend's theme numbers them (or by a `sectionnumber` front matter).
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { LineCounter, parseDocument } from 'yaml';
import { byWeight } from './pages.ts';
import type { Diagnostic, Training, TrainingPage } from './types.ts';

export type { Training, TrainingPage } from './types.ts';

export class ContentError extends Error {
  constructor(public diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`).join('\n'));
  }
}

type Params = Record<string, unknown>;
const CONFIG_NAMES = ['hugo.toml', 'config.toml', 'hugo.yaml', 'config.yaml', 'hugo.yml', 'config.yml'];

function readConfig(file: string, diagnostics: Diagnostic[]): Params {
  const text = readFileSync(file, 'utf8');
  try {
    if (file.endsWith('.toml')) return parseToml(text) as Params;
    return yamlObject(text, file, diagnostics, 1);
  } catch (e) {
    const err = e as { line?: number; column?: number; message: string };
    diagnostics.push({ file, line: err.line ?? 1, column: err.column ?? 1, severity: 'error', message: `cannot read config: ${err.message.split('\n')[0]}` });
    return {};
  }
}

function yamlObject(text: string, file: string, diagnostics: Diagnostic[], firstLine: number): Params {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  for (const e of doc.errors) {
    const p = lc.linePos(e.pos[0]);
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    diagnostics.push({ file, line: p.line + firstLine - 1, column: p.col, severity: 'error', message: `YAML: ${message}` });
  }
  const v = doc.errors.length ? {} : doc.toJS();
  if (v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v))) {
    diagnostics.push({ file, line: firstLine, column: 1, severity: 'error', message: 'expected a mapping of keys to values' });
    return {};
  }
  return (v ?? {}) as Params;
}

function findConfig(dir: string): string | undefined {
  for (const n of CONFIG_NAMES) if (existsSync(join(dir, n))) return join(dir, n);
  return undefined;
}

/** Splits front matter (--- YAML or +++ TOML) from the body. */
export function splitFrontMatter(text: string, file: string, diagnostics: Diagnostic[]): { frontMatter: Params; body: string; bodyLine: number } {
  const m = /^(---|\+\+\+)[ \t]*\r?\n/.exec(text);
  if (!m) return { frontMatter: {}, body: text, bodyLine: 1 };
  const fence = m[1];
  const close = new RegExp(`\\r?\\n${fence.replace(/\+/g, '\\+')}[ \\t]*(\\r?\\n|$)`).exec(text.slice(m[0].length - 1));
  if (!close) {
    diagnostics.push({ file, line: 1, column: 1, severity: 'error', message: `front matter opened with "${fence}" is never closed; add a "${fence}" line after it` });
    return { frontMatter: {}, body: text, bodyLine: 1 };
  }
  const fmText = text.slice(m[0].length, m[0].length - 1 + close.index + 1);
  const bodyStart = m[0].length - 1 + close.index + close[0].length;
  const bodyLine = text.slice(0, bodyStart).split('\n').length;
  let frontMatter: Params = {};
  if (fence === '---') frontMatter = yamlObject(fmText, file, diagnostics, 2);
  else {
    try {
      frontMatter = parseToml(fmText) as Params;
    } catch (e) {
      const err = e as { line?: number; column?: number; message: string };
      diagnostics.push({ file, line: (err.line ?? 1) + 1, column: err.column ?? 1, severity: 'error', message: `front matter: ${err.message.split('\n')[0]}` });
    }
  }
  return { frontMatter, body: text.slice(bodyStart), bodyLine };
}

function merge(a: Params, b: Params): Params {
  const out: Params = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = cur && v && typeof cur === 'object' && typeof v === 'object' && !Array.isArray(cur) && !Array.isArray(v) ? merge(cur as Params, v as Params) : v;
  }
  return out;
}

const isContent = (name: string) => /\.(md|markdown|html)$/i.test(name);

/** Is `file`, links followed, inside the folder `root` (itself a real path)? */
export function isInside(root: string, file: string): boolean {
  try {
    return realpathSync(file).startsWith(root + sep);
  } catch {
    return false;
  }
}

/**
 * What a folder entry is once symbolic links are followed: a link leading out of the content
 * folder is refused with an error (a page or bundle file `secret -> /etc/passwd` would be
 * published); links to folders are not followed (no cycles); FIFOs and devices are skipped.
 */
function entryKind(e: Dirent, dir: string, root: string, diagnostics: Diagnostic[]): 'file' | 'dir' | undefined {
  if (e.isDirectory()) return 'dir';
  if (e.isFile()) return 'file';
  if (!e.isSymbolicLink()) return undefined;
  const file = join(dir, e.name);
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    diagnostics.push({ file, line: 1, column: 1, severity: 'error', message: 'broken symbolic link: its target does not exist; remove it or point it at a file in the content folder' });
    return undefined;
  }
  if (!real.startsWith(root + sep)) {
    diagnostics.push({ file, line: 1, column: 1, severity: 'error', message: `symbolic link to ${real}, outside the content folder ${root}: not published; copy the file into the content folder instead` });
    return undefined;
  }
  return statSync(real).isFile() ? 'file' : undefined;
}

function walkPages(pagesRoot: string, contentRoot: string, diagnostics: Diagnostic[]): TrainingPage[] {
  const pages: TrainingPage[] = [];
  const root = pagesRoot;
  const visit = (dir: string, parent: string) => {
    const all = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const kinds = new Map(all.map((e) => [e, entryKind(e, dir, contentRoot, diagnostics)] as const));
    const entries = all.filter((e) => kinds.get(e) !== undefined);
    const isFile = (e: Dirent) => kinds.get(e) === 'file';
    const index = entries.find((e) => isFile(e) && /^_?index\.(md|markdown|html)$/i.test(e.name));
    const relDir = relative(root, dir).split(sep).join('/');
    let here = parent;
    if (index) {
      const page = readPage(join(dir, index.name), relDir, parent, true, root, diagnostics);
      // A bundle's files: everything in the folder that is not content and not a sub-page.
      page.assets = entries.filter((e) => isFile(e) && !isContent(e.name)).map((e) => join(dir, e.name));
      pages.push(page);
      here = relDir;
    }
    for (const e of entries) {
      if (kinds.get(e) === 'dir') {
        if (!e.name.startsWith('.')) visit(join(dir, e.name), here);
      } else if (isContent(e.name) && e !== index) {
        const slug = (relDir ? relDir + '/' : '') + basename(e.name, extname(e.name));
        pages.push(readPage(join(dir, e.name), slug, here, false, root, diagnostics));
      }
    }
  };
  visit(root, '');
  return pages;
}

function readPage(file: string, slug: string, parent: string, isIndex: boolean, root: string, diagnostics: Diagnostic[]): TrainingPage {
  const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const { frontMatter, body, bodyLine } = splitFrontMatter(text, file, diagnostics);
  const finalSlug = typeof frontMatter.slug === 'string' && frontMatter.slug.trim() ? [...slug.split('/').slice(0, -1), frontMatter.slug.trim()].filter(Boolean).join('/') : slug;
  const weight = Number(frontMatter.weight ?? 0);
  return {
    file,
    relFile: relative(root, file).split(sep).join('/'),
    slug: finalSlug,
    title: String(frontMatter.title ?? frontMatter.linkTitle ?? (basename(finalSlug) || 'Home')),
    weight: Number.isFinite(weight) ? weight : 0,
    sectionNumber: '',
    frontMatter,
    source: body,
    bodyLine,
    format: /\.html$/i.test(file) ? 'html' : 'md',
    parent: isIndex && slug === '' ? '' : parent,
    isIndex,
    assets: [],
  };
}

/** acend-style automatic section numbers: chapters 1..n by weight, their pages n.1.., unless front matter says `sectionnumber`. */
function numberSections(pages: TrainingPage[], numberRoot: string): void {
  const children = (slug: string) => pages.filter((p) => p.parent === slug && p.slug !== slug && p.slug !== '').sort(byWeight);
  const walk = (slug: string, prefix: string) => {
    children(slug).forEach((p, i) => {
      const own = p.frontMatter.sectionnumber ?? p.frontMatter.sectionNumber;
      p.sectionNumber = own !== undefined && own !== '' ? String(own) : prefix ? `${prefix}.${i + 1}` : String(i + 1);
      walk(p.slug, p.sectionNumber);
    });
  };
  walk(numberRoot, '');
}

function variantsOf(dir: string, layout: 'kvlab' | 'hugo', site: Params): string[] {
  if (layout === 'hugo') {
    const envs = readdirSync(join(dir, 'config'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== '_default' && findConfig(join(dir, 'config', e.name)))
      .map((e) => e.name)
      .sort();
    return ['default', ...envs];
  }
  const v = site.variants;
  const names = v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v as Params) : [];
  return ['default', ...names.filter((n) => n !== 'default')];
}

export function detectLayout(dir: string): 'kvlab' | 'hugo' {
  return existsSync(join(dir, 'config', '_default')) || findConfig(dir) ? 'hugo' : 'kvlab';
}

export function loadTraining(dirArg: string, opts: { variant?: string } = {}): Training {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`content folder ${dir} does not exist`);
  const diagnostics: Diagnostic[] = [];
  const layout = detectLayout(dir);
  let params: Params;
  let title: string;
  let pagesRoot: string;
  let variants: string[];
  const variant = opts.variant ?? 'default';
  if (layout === 'hugo') {
    const defFile = findConfig(join(dir, 'config', '_default')) ?? findConfig(dir);
    if (!defFile) throw new Error(`${dir}: no config/_default/config.toml (or hugo.toml/config.yaml) found`);
    const base = readConfig(defFile, diagnostics);
    variants = variantsOf(dir, layout, base);
    let cfg = base;
    if (variant !== 'default') {
      const envFile = findConfig(join(dir, 'config', variant));
      if (envFile) cfg = merge(base, readConfig(envFile, diagnostics));
    }
    params = (cfg.params ?? {}) as Params;
    title = String(cfg.title ?? basename(dir));
    pagesRoot = join(dir, String(cfg.contentDir ?? 'content'));
    if (!existsSync(pagesRoot)) throw new Error(`${dir}: content folder ${pagesRoot} (contentDir) does not exist`);
    const real = realpathSync(pagesRoot);
    if (real !== realpathSync(dir) && !isInside(realpathSync(dir), real)) throw new Error(`${defFile}: contentDir "${String(cfg.contentDir)}" leads out of the training folder (to ${real}); give a folder inside it, such as content/en`);
  } else {
    const siteFile = ['site.yaml', 'site.yml'].map((n) => join(dir, n)).find(existsSync);
    if (!siteFile) throw new Error(`${dir}: neither a kvlab content folder (site.yaml + pages/) nor a Hugo training (config/_default/config.toml)`);
    const site = yamlObject(readFileSync(siteFile, 'utf8'), siteFile, diagnostics, 1);
    variants = variantsOf(dir, layout, site);
    params = (site.params ?? {}) as Params;
    if (variant !== 'default') {
      const v = ((site.variants ?? {}) as Params)[variant] as Params | undefined;
      if (v?.params) params = merge(params, v.params as Params);
    }
    title = String(site.title ?? 'kvlab');
    pagesRoot = join(dir, 'pages');
    if (!existsSync(pagesRoot)) throw new Error(`${dir}: no pages/ folder beside site.yaml`);
  }
  if (!variants.includes(variant)) throw new Error(`unknown variant "${variant}"; this content has: ${variants.join(', ')}`);
  const enabledModules = String(params.enabledModule ?? params.enabledmodule ?? '').split(/\s+/).filter(Boolean);
  // the home page first (it is nobody's sibling), then Hugo's order
  const pages = walkPages(pagesRoot, realpathSync(dir), diagnostics).sort((a, b) => (a.slug === '' ? -1 : b.slug === '' ? 1 : byWeight(a, b)));
  const numberRoot = pages.some((p) => p.slug === 'docs') ? 'docs' : '';
  numberSections(pages, numberRoot);
  return { dir, variants, variant, params, enabledModules, title, pages, diagnostics, layout };
}

/**
 * `readfile` for a training: paths relative to the training folder, never outside it — also
 * not through a symbolic link (the real path must lie inside the folder's real path) — and
 * regular files only (a FIFO or /dev/zero would hang the build). Refused or unreadable:
 * undefined, which the shortcode reports at its file:line:column.
 */
export function trainingFileReader(training: Training): (p: string) => string | undefined {
  let root: string | undefined;
  return (p) => {
    const full = resolve(training.dir, p.replace(/^\//, ''));
    if (!full.startsWith(training.dir + sep)) return undefined;
    try {
      root ??= realpathSync(training.dir);
      const real = realpathSync(full);
      if (!real.startsWith(root + sep) || !statSync(real).isFile()) return undefined;
      return readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
  };
}
