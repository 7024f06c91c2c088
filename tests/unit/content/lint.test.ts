// `kvlab lint` as a trainer runs it: over a folder with one seeded mistake of each kind it
// reports every one with file:line:column and exits 1; over the project's content and the
// Kubernetes basics fixture it exits 0, and over a copy of that fixture with the two mistakes its
// README describes it reports both. Bad arguments exit 2.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const BASICS = 'tests/fixtures/k8s-basics-training';
/** Replaces the first `from` in a file by `to`; returns where it stood (1-based line and column). */
function seed(file: string, from: string, to: string): { line: number; column: number } {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`${file}: "${from}" not found; the fixture changed, update the README and this test`);
  writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
function lint(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'lint', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kvlab lint', () => {
  it('reports each seeded mistake with its position and exits 1', () => {
    const r = lint('--content', 'tests/fixtures/lint-mistakes');
    expect(r.code).toBe(1);
    const all = r.out.trim().split('\n');
    // after the problems, how each lab's tasks are checked (here: no task writes a file)
    expect(all).toContain('lab lab (lab): 0 of 3 tasks checked');
    const lines = all.filter((l) => !/^(lab |  Task )/.test(l));
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
  it('passes the Kubernetes basics training fixture (Hugo layout) with exit 0', () => {
    const r = lint('--content', BASICS);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 error\(s\), \d+ warning\(s\) in .*k8s-basics-training \(variants: default, openshift, techlab\)/);
  });
  it("finds the fixture README's two deliberate mistakes, seeded into a copy, with their positions", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvlab-lint-basics-'));
    try {
      cpSync(join(root, BASICS), dir, { recursive: true });
      // 1: an inline onlyWhenNot closed with the wrong name; 2: a link to a page the training does not have
      const expose = seed(join(dir, 'content/en/docs/exposing-a-service/_index.md'), '{{% onlyWhenNot openshift %}}An Ingress{{% /onlyWhenNot %}}', '{{% onlyWhenNot openshift %}}An Ingress{{% /onlyWhen %}}');
      const link = seed(join(dir, 'content/en/docs/first-steps/_index.md'), '{{<link "shell-helpers">}}', '{{<link "kubens">}}');
      const r = lint('--content', dir);
      expect(r.code).toBe(1);
      const found = r.out.split('\n').filter((l) => / error: /.test(l)).map((l) => l.slice(l.indexOf('content/en/')));
      const open = expose.column, close = expose.column + '{{% onlyWhenNot openshift %}}An Ingress'.length;
      expect(found).toEqual([
        `content/en/docs/exposing-a-service/_index.md:${expose.line}:${open}: error: unclosed {{% onlyWhenNot %}}: expected {{% /onlyWhenNot %}} before the end of the file`,
        `content/en/docs/exposing-a-service/_index.md:${expose.line}:${close}: error: unexpected closing {{% /onlyWhen %}}: no onlyWhen shortcode is open; expected {{% /onlyWhenNot %}} (opened at line ${expose.line}:${open})`,
        // the link is in a block only the Kubernetes variants show
        `content/en/docs/first-steps/_index.md:${link.line}:${link.column}: error: link target "kubens" is not a page of this training; expected a page path or slug such as "docs/intro" [variant default]`,
      ]);
      expect(r.out).toMatch(/\n3 error\(s\), \d+ warning\(s\) in /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
