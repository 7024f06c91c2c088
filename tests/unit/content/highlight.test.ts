// Hugo's highlighting options: hl_lines and linenos from the highlight shortcode and from fence
// attributes, through the real Markdown pipeline (Shiki) of a small Hugo training.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHighlightOptions } from '../../../site/lib/content/highlight-options.ts';
import { renderSite } from '../../../site/lib/content/render-fs.ts';

describe('parseHighlightOptions', () => {
  it('reads the shortcode form and the fence-attribute form', () => {
    expect(parseHighlightOptions('hl_lines=2 4-6,linenos=table,linenostart=5')).toEqual({ lines: new Set([2, 4, 5, 6]), linenos: true, start: 5 });
    expect(parseHighlightOptions('{hl_lines=[8,"15-17"],linenos=false}')).toEqual({ lines: new Set([8, 15, 16, 17]), linenos: false, start: 1 });
    expect(parseHighlightOptions('{linenos=inline}')).toMatchObject({ linenos: true });
    expect(parseHighlightOptions(undefined)).toEqual({ lines: new Set(), linenos: false, start: 1 });
    expect(parseHighlightOptions('title="x.yaml"')).toEqual({ lines: new Set(), linenos: false, start: 1 });
  });
});

describe('highlighted lines in the rendered page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvlab-hl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'config', '_default'), { recursive: true });
  mkdirSync(join(dir, 'content', 'en', 'docs'), { recursive: true });
  writeFileSync(join(dir, 'config', '_default', 'config.toml'), 'title = "T"\ncontentDir = "content/en"\n');
  writeFileSync(
    join(dir, 'content', 'en', 'docs', '_index.md'),
    [
      '---', 'title: "Labs"', 'weight: 1', '---',
      '{{< highlight yaml "hl_lines=2,linenos=table,linenostart=10" >}}', 'a: 1', 'b: 2', 'c: 3', '{{< /highlight >}}',
      '', '```yaml {hl_lines=[1,"3"]}', 'x: 1', 'y: 2', 'z: 3', '```', '',
    ].join('\n'),
  );

  it('marks the chosen lines and numbers the lines from linenostart', async () => {
    const site = await renderSite(dir, 'default', '/');
    const html = site.pages.find((p) => p.page.slug === 'docs')!.html;
    const pres = html.split('<pre').slice(1);
    expect(pres).toHaveLength(2);
    const marked = (pre: string) => [...pre.matchAll(/<span class="line( highlighted)?">(.*?)<\/span>\n?(?=<span class="line|<\/code>)/g)].map((m) => `${m[1] ? '*' : ' '}${m[2]!.replace(/<[^>]+>/g, '')}`);
    expect(marked(pres[0]!)).toEqual([' a: 1', '*b: 2', ' c: 3']);
    expect(pres[0]).toMatch(/class="[^"]*kvlab-linenos/);
    expect(pres[0]).toContain('counter-reset:kvlab-line 9');
    expect(marked(pres[1]!)).toEqual(['*x: 1', ' y: 2', '*z: 3']);
    expect(pres[1]).not.toContain('kvlab-linenos');
  });
});
