// The content pipeline's shared shapes (contract 1). Pure types: used by the site build, the
// CLI (lint/build), the exercises resolver and the editor.

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
  /**
   * A problem Hugo builds through (acend's `link` to a page GetPage does not find renders
   * nothing): `kvlab build` and the site report it as a warning and render a marker; `kvlab
   * lint` keeps it an error.
   */
  lenient?: boolean;
}

export interface TaskBullet {
  /** The item's text without the leading "* ", e.g. "periodSeconds: `10`". */
  text: string;
  /** 1-based line in the original source file. */
  line: number;
}

export interface TaskInfo {
  /** The task's number within its page: "1".."5". */
  id: string;
  /** Shown number: "<section>.<n>", e.g. "8.1" (just "1" without a section number). */
  number: string;
  title: string;
  /** "task-<n>". */
  anchor: string;
  /** 1-based line of the task shortcode in the original source file. */
  line: number;
  /** The `* key: \`value\`` list items of the task's text (not those inside its Solution). */
  bullets: TaskBullet[];
  /**
   * The task section's text lines outside code blocks, after shortcode expansion (params
   * substituted), with their source line and enclosing details title: what exercises/derive.ts
   * reads for "Create a file `x.yaml` in the folder `labs/lab04`".
   */
  prose?: { text: string; line: number; details?: string }[];
}

export interface CodeBlock {
  lang: string;
  /** The block's text after shortcode expansion (no trailing newline). */
  text: string;
  /** 1-based line of the opening fence in the original source file. */
  line: number;
  /** Original source line of each line of text. */
  sourceLines: number[];
  /** Id of the task whose section holds the block. */
  taskId?: string;
  /** Title of the enclosing details shortcode, e.g. "Task hint: Solution". */
  details?: string;
  /** 0-based index among the page's code blocks. */
  index: number;
}

export interface PageRender {
  /** Markdown (or HTML for .html pages) after shortcode expansion, ready for the Markdown processor. */
  markdown: string;
  tasks: TaskInfo[];
  codeBlocks: CodeBlock[];
  diagnostics: Diagnostic[];
}

export interface RenderInput {
  source: string;
  /** Path shown in diagnostics. */
  file: string;
  /** Site params of the variant. */
  params: Record<string, unknown>;
  /** The page's front matter. */
  pageParams: Record<string, unknown>;
  enabledModules: string[];
  /** Section number of the page ("8", "2.3"); tasks read "Task <section>.<n>:". */
  sectionNumber?: string;
  /** Line of `source`'s first line in the file (the body after front matter); default 1. */
  firstLine?: number;
  /** Resolves `ref`/`relref`/`link` targets (a path or slug) to a page; undefined → "not a page" error. */
  resolvePage?: (target: string) => { url: string; title: string } | undefined;
  /** Reads a file for acend's `readfile` (path relative to the training folder). */
  readFile?: (path: string) => string | undefined;
  /** Emit `<div class="kvlab-task-slot">` after each task section (the site does; default true). */
  taskSlots?: boolean;
}

export interface TrainingPage {
  /** Absolute path of the page file. */
  file: string;
  /** Path relative to the content dir. */
  relFile: string;
  /** URL path below the site base without slashes at the ends: "probes", "docs/intro". */
  slug: string;
  title: string;
  weight: number;
  /** "8", or "2.3" for automatic numbering inside chapters; "" when unnumbered. */
  sectionNumber: string;
  frontMatter: Record<string, unknown>;
  /** Body without front matter. */
  source: string;
  /** Line of the body's first line in the file. */
  bodyLine: number;
  /** "md" or "html". */
  format: 'md' | 'html';
  /** Slug of the parent chapter ("" at top level). */
  parent: string;
  /** True for a chapter's `_index.md`. */
  isIndex: boolean;
  /** Files beside the page (page bundle), absolute paths, served under the page's URL. */
  assets: string[];
}

export interface Training {
  dir: string;
  /** Variant names; the first is "default". */
  variants: string[];
  variant: string;
  /** Site params for that variant (incl. enabledModule). */
  params: Record<string, unknown>;
  enabledModules: string[];
  title: string;
  pages: TrainingPage[];
  /** Problems found while loading (bad front matter, bad config), with positions. */
  diagnostics: Diagnostic[];
  layout: 'kvlab' | 'hugo';
}
