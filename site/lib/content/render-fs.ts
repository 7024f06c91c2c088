// Build-time rendering of a training (Node): load the variant's content once per process,
// expand shortcodes, render Markdown with Astro's own processor (GFM, Shiki with light/dark
// themes) and the kvlab rehype steps. Content errors stop the build with file:line:column.
import { codeThemes } from './code-themes.ts';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { ContentError, loadTraining, trainingFileReader } from '../../../engine/load-fs.ts';
import { renderInput } from '../../../engine/pages.ts';
import { hugoHighlight } from './highlight-options.ts';
import { rehypeKvlab } from './rehype-kvlab.ts';
import { renderShortcodes } from '../../../engine/shortcodes.ts';
import type { PageRender, Training, TrainingPage } from '../../../engine/types.ts';

export interface RenderedPage {
  page: TrainingPage;
  render: PageRender;
  html: string;
  headings: { depth: number; slug: string; text: string }[];
}

export interface RenderedSite {
  training: Training;
  pages: RenderedPage[];
}

// Kept on globalThis: the dev server's watcher (loaded with the Astro config) and the pages
// (loaded by Vite's SSR runner) are different module instances in the same process.
const state = ((globalThis as { __kvlabContent?: { cache: Map<string, Promise<RenderedSite>>; generation: number } }).__kvlabContent ??= {
  cache: new Map(),
  generation: 0,
});
const cache = state.cache;

/** A content file changed (dev server): render again on the next request. */
export function bumpGeneration(): void {
  state.generation++;
  cache.clear();
}

export function contentDir(): string {
  return process.env.KVLAB_CONTENT || 'content';
}

export function currentVariant(): string {
  return process.env.KVLAB_VARIANT || 'default';
}

/**
 * The variants this Astro process renders. `kvlab build` sets KVLAB_VARIANTS (a comma list) and
 * runs Astro once for all of them: each variant's pages go under a folder of its name, the
 * islands (editor, validators, terminal) are bundled once, and the build splits the folders
 * apart afterwards (scripts/commands/build.ts). The dev server renders one variant at the root.
 */
export function buildVariants(): { variants: string[]; prefixed: boolean } {
  const list = process.env.KVLAB_VARIANTS?.split(',').filter(Boolean);
  return list?.length ? { variants: list, prefixed: true } : { variants: [currentVariant()], prefixed: false };
}

/** Where a variant's files go in this build's output: its own folder when prefixed, else the root. */
export function variantFolder(variant: string): string {
  return buildVariants().prefixed ? variant : '';
}

export function renderSite(dir = contentDir(), variant = currentVariant(), base = '/'): Promise<RenderedSite> {
  const key = `${dir}\0${variant}\0${base}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = build(dir, variant, base);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}


async function build(dir: string, variant: string, base: string): Promise<RenderedSite> {
  const training = loadTraining(dir, { variant });
  const processor = await createMarkdownProcessor({
    shikiConfig: { themes: await codeThemes(), defaultColor: false, transformers: [hugoHighlight()] },
    rehypePlugins: [rehypeKvlab],
  });
  const readFile = trainingFileReader(training);
  const errors = training.diagnostics.filter((d) => d.severity === 'error');
  const pages: RenderedPage[] = [];
  for (const page of training.pages) {
    const render = renderShortcodes(renderInput(training, page, base, readFile));
    // a lenient problem (link to a missing page) renders as a marker, as Hugo builds through it
    errors.push(...render.diagnostics.filter((d) => d.severity === 'error' && !d.lenient));
    if (page.format === 'html') {
      pages.push({ page, render, html: render.markdown, headings: [] });
      continue;
    }
    const out = await processor.render(render.markdown, { frontmatter: page.frontMatter });
    pages.push({ page, render, html: out.code, headings: out.metadata.headings });
  }
  if (errors.length) throw new ContentError(errors);
  return { training, pages };
}
