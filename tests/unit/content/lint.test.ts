// `kvlab lint` as a trainer runs it: over a folder with one seeded mistake of each kind it
// reports every one with file:line:column and exits 1; over the project's content and the
// acend fixture it exits 0. Bad arguments exit 2.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
function lint(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'lint', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kvlab lint', () => {
  it('reports each seeded mistake with its position and exits 1', () => {
    const r = lint('--content', 'tests/fixtures/lint-mistakes');
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    const f = 'tests/fixtures/lint-mistakes/pages';
    expect(lines).toEqual([
      `${f}/broken-front-matter.md:4:1: error: YAML: Missing closing "quote`,
      expect.stringMatching(new RegExp(`^${f}/lab.md:8:13: error: unknown shortcode "youtube" in \\{\\{< youtube abc123 >\\}\\}; kvlab renders: `)),
      `${f}/lab.md:12:12: error: param "labsfolder" is not defined: add it to the page's front matter or to the site params (params of the variant)`,
      `${f}/lab.md:15:8: error: param "fedoraCloudCDI" is not defined: add it to the page's front matter or to the site params (params of the variant)`,
      // Only the variant that shows the block has this problem, and lint says which.
      `${f}/lab.md:19:28: error: param "extraImage" is not defined: add it to the page's front matter or to the site params (params of the variant) [variant extra]`,
      `${f}/lab.md:22:1: error: unclosed {{% details %}}: expected {{% /details %}} before the end of the file`,
      `${f}/lab.md:27:1: error: onlyWhen takes one to three module names, e.g. {{< onlyWhen tolerations >}}; got {{< onlyWhen a b c d >}}`,
      `${f}/lab.md:29:22: error: unexpected closing {{% /alert %}}: no alert shortcode is open; expected {{% /details %}} (opened at line 22:1)`,
      `${f}/lab.md:31:28: error: unclosed shortcode escape: expected "*/>}}" after "{{</*"`,
      `${f}/lab.md:33:11: error: link target "nowhere" is not a page of this training; expected a page path or slug such as "docs/intro"`,
      expect.stringMatching(/^10 error\(s\), 0 warning\(s\) in .*lint-mistakes \(variants: default, extra\)$/),
    ]);
  });
  it('gives the same findings as JSON', () => {
    const r = lint('--content', 'tests/fixtures/lint-mistakes', '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { variants: string[]; diagnostics: { line: number; column: number; severity: string; variants: string[] }[] };
    expect(report.variants).toEqual(['default', 'extra']);
    expect(report.diagnostics).toHaveLength(10);
    expect(report.diagnostics.find((d) => d.line === 19)).toMatchObject({ column: 28, severity: 'error', variants: ['extra'] });
  });
  it('passes the project content (all variants) with exit 0', () => {
    const r = lint();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 error\(s\), \d+ warning\(s\) in .*content \(variants: default, tolerations\)/);
  });
  it('passes the acend Hugo training fixture with exit 0', () => {
    const r = lint('--content', 'tests/fixtures/hugo-training');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 error\(s\), \d+ warning\(s\) in .*hugo-training \(variants: default, openshift, techlab\)/);
  });
  it('exits 2 on a missing folder or a bad option', () => {
    const missing = lint('--content', 'tests/fixtures/no-such-folder');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('does not exist');
    const bad = lint('--bogus');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown option "--bogus"');
  });
});
