// Symbolic links out of the content folder: `readfile` and page/bundle files must not publish
// what lies outside (a lab with {{< readfile file="/passwd-link" >}}, passwd-link → a secret).
// Links that stay inside the folder keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTraining, trainingFileReader } from '../../../engine/load-fs.ts';
import { renderPage } from '../../../engine/pages.ts';
import { renderSite } from '../../../site/lib/content/render-fs.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const SECRET = 'root:x:0:0:kvlab-secret-marker-7f3a';
let tmp: string;

/** A small kvlab-layout content folder; `pages` maps a path under pages/ to its text. */
function content(name: string, pages: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'pages'), { recursive: true });
  writeFileSync(join(dir, 'site.yaml'), 'title: T\nparams: {}\n');
  for (const [p, text] of Object.entries(pages)) {
    mkdirSync(join(dir, 'pages', p, '..'), { recursive: true });
    writeFileSync(join(dir, 'pages', p), text);
  }
  return dir;
}

const PAGE = '---\ntitle: Lab\n---\n\nIntro.\n\nThe file: {{< readfile file="/passwd-link" code="true" >}}\n';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kvlab-symlinks-'));
  writeFileSync(join(tmp, 'secret.txt'), `${SECRET}\n`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readfile and symbolic links', () => {
  it('refuses a link out of the content folder, at the shortcode position', () => {
    const dir = content('readfile-out', { '_index.md': PAGE });
    symlinkSync(join(tmp, 'secret.txt'), join(dir, 'passwd-link'));
    const t = loadTraining(dir);
    expect(trainingFileReader(t)('/passwd-link')).toBeUndefined();
    const r = renderPage(t, t.pages[0]!, '/', trainingFileReader(t));
    expect(r.markdown).not.toContain(SECRET);
    expect(r.diagnostics).toEqual([expect.objectContaining({ file: join(dir, 'pages', '_index.md'), line: 7, column: 11, severity: 'error', message: expect.stringContaining('readfile: cannot read "/passwd-link"') })]);
  });
  it('the build renderer stops on it with file:line:column', async () => {
    const dir = content('readfile-render', { '_index.md': PAGE });
    symlinkSync(join(tmp, 'secret.txt'), join(dir, 'passwd-link'));
    const err = await renderSite(dir, 'default', '/').then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain(`${join(dir, 'pages', '_index.md')}:7:11: error: readfile: cannot read "/passwd-link"`);
    expect(err?.message).not.toContain(SECRET);
  });
  it('refuses a link that goes out through a linked folder, and FIFOs/devices', () => {
    const dir = content('readfile-dir', { '_index.md': '{{< readfile file="/outside/secret.txt" >}}\n{{< readfile file="/zero" >}}\n' });
    symlinkSync(tmp, join(dir, 'outside'));
    symlinkSync('/dev/zero', join(dir, 'zero'));
    const t = loadTraining(dir);
    const read = trainingFileReader(t);
    expect(read('/outside/secret.txt')).toBeUndefined();
    expect(read('/zero')).toBeUndefined();
  });
  it('still reads a link that stays inside the content folder', () => {
    const dir = content('readfile-in', { '_index.md': PAGE });
    writeFileSync(join(dir, 'real.yaml'), 'kind: VirtualMachine\n');
    symlinkSync(join(dir, 'real.yaml'), join(dir, 'passwd-link'));
    const t = loadTraining(dir);
    const r = renderPage(t, t.pages[0]!, '/', trainingFileReader(t));
    expect(r.diagnostics).toEqual([]);
    expect(r.markdown).toContain('kind: VirtualMachine');
  });
});

describe('page and bundle files that are symbolic links', () => {
  it('refuses a bundle file or page linked out of the content folder, with an error at the link', () => {
    const dir = content('bundle-out', { '_index.md': '# Home\n', 'chapter/_index.md': '---\ntitle: C\n---\nText\n', 'chapter/image.png': 'png' });
    symlinkSync(join(tmp, 'secret.txt'), join(dir, 'pages', 'chapter', 'notes.txt'));
    symlinkSync(join(tmp, 'secret.txt'), join(dir, 'pages', 'chapter', 'leak.md'));
    const t = loadTraining(dir);
    const chapter = t.pages.find((p) => p.slug === 'chapter')!;
    expect(chapter.assets).toEqual([join(dir, 'pages', 'chapter', 'image.png')]);
    expect(t.pages.map((p) => p.slug)).not.toContain('chapter/leak');
    expect(t.pages.some((p) => p.source.includes(SECRET))).toBe(false);
    const msgs = t.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
    for (const f of ['leak.md', 'notes.txt']) expect(msgs).toContainEqual(expect.stringMatching(new RegExp(`^${join(dir, 'pages', 'chapter', f)}:1:1: error: symbolic link to .*secret\\.txt, outside the content folder`)));
  });
  it('keeps a bundle file linked inside the content folder', () => {
    const dir = content('bundle-in', { '_index.md': '# Home\n', 'chapter/_index.md': '---\ntitle: C\n---\nText\n' });
    writeFileSync(join(dir, 'shared.png'), 'png');
    symlinkSync(join(dir, 'shared.png'), join(dir, 'pages', 'chapter', 'shared.png'));
    const t = loadTraining(dir);
    expect(t.diagnostics).toEqual([]);
    expect(t.pages.find((p) => p.slug === 'chapter')!.assets).toEqual([join(dir, 'pages', 'chapter', 'shared.png')]);
  });
});

describe('kvlab build with a link out of the content folder', () => {
  it('stops before Astro with file:line:column; the secret is nowhere in the output', () => {
    const dir = content('build', { '_index.md': PAGE, 'chapter/_index.md': '---\ntitle: C\n---\nText\n' });
    symlinkSync(join(tmp, 'secret.txt'), join(dir, 'passwd-link'));
    symlinkSync(join(tmp, 'secret.txt'), join(dir, 'pages', 'chapter', 'notes.txt'));
    const out = join(tmp, 'build-out');
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'build', '--content', dir, '--out', out], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    expect(r.stderr).toMatch(/pages\/_index\.md:7:11: error: readfile: cannot read "\/passwd-link"/);
    expect(r.stderr).toMatch(/pages\/chapter\/notes\.txt:1:1: error: symbolic link to .*, outside the content folder/);
    expect(r.status).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    const files = existsSync(out) ? readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : [];
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(SECRET);
  });
});

describe('a Hugo contentDir out of the training folder', () => {
  it('is refused with the config file and what to write instead', () => {
    const dir = join(tmp, 'hugo-out');
    mkdirSync(join(dir, 'config', '_default'), { recursive: true });
    mkdirSync(join(tmp, 'elsewhere'), { recursive: true });
    writeFileSync(join(tmp, 'elsewhere', 'leak.md'), `${SECRET}\n`);
    writeFileSync(join(dir, 'config', '_default', 'config.toml'), 'contentDir = "../elsewhere"\n');
    expect(() => loadTraining(dir)).toThrow(`${join(dir, 'config', '_default', 'config.toml')}: contentDir "../elsewhere" leads out of the training folder`);
    writeFileSync(join(dir, 'config', '_default', 'config.toml'), 'contentDir = "content/en"\n');
    mkdirSync(join(dir, 'content', 'en'), { recursive: true });
    writeFileSync(join(dir, 'content', 'en', '_index.md'), '# Home\n');
    expect(loadTraining(dir).pages.map((p) => p.slug)).toEqual(['']);
  });
});
