// A training's pages as the sandbox's lab runner reads them (sandbox/lab-commands.ts LabBlock):
// each page's code blocks after shortcode expansion, in page order, with the prose before each.
import { renderInput } from '../../engine/pages.ts';
import { renderShortcodes } from '../../engine/shortcodes.ts';
import { trainingFileReader } from '../../engine/load-fs.ts';
import type { Training } from '../../engine/types.ts';
import type { LabBlock } from '../../sandbox/lab-commands.ts';

export function labBlocks(training: Training, only?: (slug: string) => boolean): LabBlock[] {
  const readFile = trainingFileReader(training);
  const out: LabBlock[] = [];
  const pages = training.pages.filter((p) => !only || only(p.slug));
  for (const page of pages) {
    const render = renderShortcodes(renderInput(training, page, '/', readFile));
    const src = page.source.split('\n');
    let prevEnd = 0; // 0-based index into src after the previous block
    for (const b of render.codeBlocks) {
      const fence = b.line - page.bodyLine; // 0-based line of the fence in the body
      const before = fence > prevEnd ? src.slice(prevEnd, fence).join('\n') : '';
      out.push({ file: page.file, line: b.line, lang: b.lang, text: b.text, sourceLines: b.sourceLines, before });
      prevEnd = Math.max(prevEnd, (b.sourceLines.length ? b.sourceLines[b.sourceLines.length - 1]! - page.bodyLine + 2 : fence + 1));
    }
  }
  return out;
}
