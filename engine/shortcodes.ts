// The shortcode engine (contract 1): expands Hugo shortcodes in a page's source before Markdown
// is parsed, the way Hugo does, so shortcodes inside fenced code blocks work and the YAML
// around `{{< onlyWhen >}}` keeps its indentation. Returns the Markdown, the page's tasks, its
// code blocks (with original source lines) and every problem with file:line:column.
// Pure: no DOM, no Node built-ins.
import { Out } from './out.ts';
import { LineIndex, tokenize, type ShortcodeToken, type Token } from './parse.ts';
import { postProcess } from './post.ts';
import type { Diagnostic, PageRender, RenderInput } from './types.ts';

export type { CodeBlock, Diagnostic, PageRender, RenderInput, TaskInfo, TaskBullet } from './types.ts';

/** Shortcodes that wrap content and need a closing tag. */
const PAIRED = new Set([
  'onlyWhen',
  'onlyWhenNot',
  'details',
  'alert',
  'highlight',
  'tabpane',
  'tab',
  'blocks/cover',
  'blocks/section',
  'blocks/feature',
  'blocks/lead',
]);
/** Shortcodes that stand alone. */
const SINGLE = new Set(['param', 'task', 'link', 'ref', 'relref', 'figure', 'readfile']);

export const KNOWN_SHORTCODES = [...PAIRED, ...SINGLE].sort();

/** Marks where a task label goes; post.ts turns it into the label and finds the heading. */
export const TASK_MARK = '\uE000';
export const TASK_MARK_END = '\uE001';

interface Node {
  token: ShortcodeToken;
  children: Item[];
  close?: ShortcodeToken;
}
type Item = Token | Node;

const isNode = (x: Item): x is Node => 'token' in x;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Case-insensitive (as Hugo lowercases param keys), nested `a.b` lookup. */
export function lookupParam(params: Record<string, unknown>, name: string): { found: boolean; value?: unknown } {
  let cur: unknown = params;
  for (const part of name.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return { found: false };
    const obj = cur as Record<string, unknown>;
    const key = part in obj ? part : Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined) return { found: false };
    cur = obj[key];
  }
  return { found: true, value: cur };
}

function paramText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

export function renderShortcodes(input: RenderInput): PageRender {
  const diagnostics: Diagnostic[] = [];
  const firstLine = input.firstLine ?? 1;
  const lines = new LineIndex(input.source, firstLine);
  const tokens = tokenize(input.source, input.file, lines, diagnostics);
  const enabled = new Set(input.enabledModules);
  const error = (t: { line: number; column: number }, message: string, severity: 'error' | 'warning' = 'error', lenient = false) =>
    diagnostics.push({ file: input.file, line: t.line, column: t.column, severity, message, ...(lenient ? { lenient: true } : {}) });
  const show = (t: ShortcodeToken) => `{{${t.delim} ${t.closing ? '/' : ''}${t.name} ${t.delim}}}`;

  // Build the tree: paired shortcodes hold what lies between them and their closing tag.
  const root: Node = { token: undefined as unknown as ShortcodeToken, children: [] };
  const stack: Node[] = [root];
  // An unknown shortcode that has a closing tag somewhere is taken as paired (reported once).
  const closedNames = new Set(tokens.flatMap((t) => (t.kind === 'shortcode' && t.closing ? [t.name] : [])));
  for (const t of tokens) {
    const top = stack[stack.length - 1];
    if (t.kind === 'text') {
      top.children.push(t);
      continue;
    }
    if (t.closing) {
      let at = -1;
      for (let i = stack.length - 1; i > 0 && at < 0; i--) if (stack[i].token.name === t.name) at = i;
      if (at < 0) {
        error(t, `unexpected closing ${show(t)}: no ${t.name} shortcode is open` + (stack.length > 1 ? `; expected ${show({ ...top.token, closing: true })} (opened at line ${top.token.line}:${top.token.column})` : ''));
        continue;
      }
      for (let i = stack.length - 1; i > at; i--) {
        const n = stack[i].token;
        error(n, `unclosed ${show(n)}: expected ${show({ ...n, closing: true })} before ${show(t)} at line ${t.line}:${t.column}`);
      }
      stack[at].close = t;
      stack.length = at;
      continue;
    }
    const node: Node = { token: t, children: [] };
    top.children.push(node);
    if ((PAIRED.has(t.name) || (!SINGLE.has(t.name) && closedNames.has(t.name))) && !t.selfClosing) stack.push(node);
  }
  for (let i = stack.length - 1; i > 0; i--) {
    const n = stack[i].token;
    error(n, `unclosed ${show(n)}: expected ${show({ ...n, closing: true })} before the end of the file`);
  }

  let taskCount = 0;
  const taskLines: number[] = [];

  const renderItems = (items: Item[]): Out => {
    const out = new Out();
    for (const item of items) {
      if (!isNode(item)) out.push((item as { text: string }).text, item.line);
      else renderNode(item, out);
    }
    return out;
  };

  const inner = (node: Node): Out => renderItems(node.children);

  /** Text of the inner content with at most one leading and trailing line break removed. */
  const innerTrimmed = (node: Node): Out => {
    const items = [...node.children];
    const first = items[0];
    if (first && !isNode(first) && first.kind === 'text' && first.text.startsWith('\n')) {
      items[0] = { ...first, text: first.text.slice(1), line: first.line + 1 };
    }
    const lastI = items.length - 1;
    const last = items[lastI];
    if (last && !isNode(last) && last.kind === 'text') items[lastI] = { ...last, text: last.text.replace(/\n[ \t]*$/, '') };
    return renderItems(items);
  };

  /** A block-level HTML wrapper around Markdown content, starting on a fresh line. */
  const block = (out: Out, t: ShortcodeToken, open: string, body: Out, close: string) => {
    if (!out.atLineStart()) out.push('\n', t.line, false);
    out.push(`${open}\n\n`, t.line, false);
    out.append(body);
    out.push(`\n\n${close}\n`, t.line, false);
  };

  /** Named arguments of the tabpanes around the node being rendered (tabs read theirs). */
  const panes: Record<string, string>[] = [];

  const renderNode = (node: Node, out: Out): void => {
    const t = node.token;
    const { positional: pos, named } = t.args;
    const arg = (name: string, index = -1) => named[name] ?? (index >= 0 ? pos[index] : undefined);
    switch (t.name) {
      case 'param': {
        const name = pos[0] ?? named.name;
        if (!name) {
          error(t, `${t.raw}: param needs a name, e.g. {{% param "labsfoldername" %}}`);
          break;
        }
        let hit = lookupParam(input.pageParams, name);
        if (!hit.found || hit.value === undefined || hit.value === null) hit = lookupParam(input.params, name);
        const text = hit.found ? paramText(hit.value) : undefined;
        if (text === undefined) {
          error(t, hit.found
            ? `param "${name}" is not a text, number or boolean value; give it a scalar value in the site params or front matter`
            : `param "${name}" is not defined: add it to the page's front matter or to the site params (params of the variant)`);
          out.push(t.raw, t.line, false);
        } else out.push(text, t.line, false);
        break;
      }
      case 'onlyWhen':
      case 'onlyWhenNot': {
        if (pos.length === 0 || pos.length > 3 || Object.keys(named).length) {
          error(t, `${t.name} takes one to three module names, e.g. {{< ${t.name} tolerations >}}; got ${t.raw}`);
        }
        const any = pos.some((m) => enabled.has(m));
        if (t.name === 'onlyWhen' ? any : !any) out.append(inner(node));
        break;
      }
      case 'task': {
        taskCount++;
        const number = input.sectionNumber ? `${input.sectionNumber}.${taskCount}` : String(taskCount);
        taskLines.push(t.line);
        out.push(`${TASK_MARK}${taskCount}|${number}${TASK_MARK_END}`, t.line, false);
        break;
      }
      case 'details': {
        const title = arg('title', 0) ?? 'Details';
        block(out, t, `<details class="kvlab-details" data-title="${escapeHtml(title)}">\n<summary>${escapeHtml(title)}</summary>`, inner(node), '</details>');
        break;
      }
      case 'alert': {
        const title = arg('title');
        const color = (arg('color') ?? 'primary').replace(/[^\w-]/g, '');
        const head = title ? `\n<p class="kvlab-alert-title">${escapeHtml(title)}</p>` : '';
        const role = color === 'warning' || color === 'danger' ? 'alert' : 'note';
        block(out, t, `<div class="kvlab-alert kvlab-alert-${color}" role="${role === 'alert' ? 'alert' : 'note'}">${head}`, inner(node), '</div>');
        break;
      }
      case 'highlight': {
        const lang = pos[0] ?? named.lang ?? '';
        // Hugo's options ("hl_lines=2 4-6,linenos=table") become the fence's attributes
        const opts = (pos[1] ?? named.options ?? '').replace(/[{}\n`]/g, '');
        if (!out.atLineStart()) out.push('\n', t.line, false);
        out.push('```' + lang + (opts ? ` {${opts}}` : '') + '\n', t.line, false);
        out.append(innerTrimmed(node));
        out.push('\n```\n', node.close?.line ?? t.line, false);
        break;
      }
      case 'figure': {
        const src = arg('src');
        if (!src) {
          error(t, `figure needs src="…", e.g. {{< figure src="diagram.png" alt="…" >}}`);
          break;
        }
        const alt = arg('alt') ?? arg('caption') ?? arg('title') ?? '';
        const cap = arg('caption') ?? arg('title');
        const width = arg('width') ? ` width="${escapeHtml(arg('width')!)}"` : '';
        let img = `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${width} loading="lazy">`;
        if (arg('link')) img = `<a href="${escapeHtml(arg('link')!)}">${img}</a>`;
        out.push(`<figure class="kvlab-figure">${img}${cap ? `<figcaption>${escapeHtml(cap)}</figcaption>` : ''}</figure>`, t.line, false);
        break;
      }
      case 'ref':
      case 'relref':
      case 'link': {
        const target = pos[0] ?? named.path ?? named.page;
        if (!target) {
          error(t, `${t.name} needs a target page, e.g. {{< ${t.name} "other-page" >}}`);
          break;
        }
        const hit = input.resolvePage?.(target);
        if (!hit) {
          // Hugo fails the build on a ref/relref it cannot resolve, but acend's `link` (GetPage)
          // renders nothing: the site builds with a warning and a visible marker in its place
          const isLink = t.name === 'link';
          error(t, `${t.name} target "${target}" is not a page of this training; expected a page path or slug such as "docs/intro"`, 'error', isLink);
          if (isLink) out.push(`<span class="kvlab-broken-link" title="${escapeHtml(`broken link: no page ${target}`)}">[broken link: ${escapeHtml(target)}]</span>`, t.line, false);
          else out.push(`#${target}`, t.line, false);
          break;
        }
        if (t.name === 'link') out.push(`<a href="${escapeHtml(hit.url)}">${escapeHtml(hit.title)}</a>`, t.line, false);
        else out.push(hit.url, t.line, false);
        break;
      }
      case 'readfile': {
        const path = arg('file', 0);
        const text = path ? input.readFile?.(path) : undefined;
        if (!path || text === undefined) {
          error(t, path ? `readfile: cannot read "${path}" (paths are relative to the training folder)` : 'readfile needs file="…"');
          break;
        }
        if (arg('code') === 'true') {
          if (!out.atLineStart()) out.push('\n', t.line, false);
          out.push('```' + (arg('lang') ?? '') + '\n' + text.replace(/\n$/, '') + '\n```\n', t.line, false);
        } else out.push(text, t.line, false);
        break;
      }
      case 'tabpane': {
        panes.push(named);
        block(out, t, `<div class="kvlab-tabpane">`, inner(node), '</div>');
        panes.pop();
        break;
      }
      case 'tab': {
        // Docsy's tab.html/tabpane.html: lang and text fall back to the pane's; content is code
        // unless text=true. A {{% tab %}} without lang is Markdown whatever text says: that is
        // what its author meant, and Docsy would show the rendered HTML as code.
        const pane = panes.at(-1);
        if (!pane) error(t, 'tab must be inside a tabpane: {{< tabpane >}}{{< tab header="…" >}}…{{< /tab >}}{{< /tabpane >}}');
        const header = arg('header', 0) ?? 'Tab';
        const lang = arg('lang') ?? (pane?.langEqualsHeader === 'true' ? header : pane?.lang);
        const text = (arg('text') ?? pane?.text) === 'true' || (t.delim === '%' && !arg('lang'));
        let body: Out;
        if (text) body = inner(node);
        else {
          body = new Out();
          body.push('```' + (lang ?? '') + '\n', t.line, false);
          body.append(innerTrimmed(node));
          body.push('\n```', node.close?.line ?? t.line, false);
        }
        // the choice a trainee makes carries over to tabs with the same key (Docsy's persist)
        const persist = pane?.persist ?? (pane?.persistLang === 'false' ? 'disabled' : 'header');
        const key = persist === 'header' ? `header:${header}` : persist === 'lang' && lang ? `lang:${lang}` : '';
        const attrs = `data-header="${escapeHtml(header)}"${key ? ` data-key="${escapeHtml(key)}"` : ''}${arg('disabled') === 'true' ? ' data-disabled="true"' : ''}`;
        block(out, t, `<section class="kvlab-tab" aria-label="${escapeHtml(header)}" ${attrs}>\n<p class="kvlab-tab-header">${escapeHtml(header)}</p>`, body, '</section>');
        break;
      }
      case 'blocks/cover': {
        const title = arg('title');
        block(out, t, `<section class="kvlab-cover">${title ? `\n<h1>${escapeHtml(title)}</h1>` : ''}`, inner(node), '</section>');
        break;
      }
      case 'blocks/section':
        block(out, t, `<section class="kvlab-section">`, inner(node), '</section>');
        break;
      case 'blocks/lead':
        block(out, t, `<div class="kvlab-lead">`, inner(node), '</div>');
        break;
      case 'blocks/feature': {
        const title = arg('title');
        const url = arg('url');
        const h = title ? `\n<h3>${url ? `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>` : escapeHtml(title)}</h3>` : '';
        block(out, t, `<div class="kvlab-feature">${h}`, inner(node), '</div>');
        break;
      }
      default:
        error(t, `unknown shortcode "${t.name}" in ${t.raw}; kvlab renders: ${KNOWN_SHORTCODES.join(', ')}`);
        out.push(t.raw, t.line, false);
        out.append(inner(node));
        if (node.close) out.push(node.close.raw, node.close.line, false);
    }
  };

  const out = renderItems(root.children);
  const post = postProcess(out, input, taskLines, diagnostics);
  return { markdown: post.markdown, tasks: post.tasks, codeBlocks: post.codeBlocks, diagnostics };
}
