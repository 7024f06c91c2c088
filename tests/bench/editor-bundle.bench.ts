// What the first editor costs the trainee: every byte that loads when the first task editor
// opens (JS chunks, workers, fonts, CSS), gzipped, for kvlab's editor island against the same
// page built with monaco-editor + monaco-yaml (the usual way: the full `monaco-editor` entry,
// yaml-language-server in the worker, the same VirtualMachine schema). Both pages are built with
// Vite in one run, then opened in headless Chromium, which records every response; a build
// total (all emitted assets, loaded or not) is printed beside it.
import { build, type PluginOption } from 'vite';
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHROMIUM } from '../browser/browser.ts';
import { monacoSlim } from '../../site/islands/editor/monaco-slim-fs.ts';
import { MINIMAL_VM } from '../unit/validators/minimal-vm.ts';

const root = join(import.meta.dirname, '..', '..');
// Inside the project so bare imports (monaco-editor, monaco-yaml) resolve from node_modules.
const work = join(root, 'node_modules', '.cache', 'kvlab-bench-editor');

const VM = MINIMAL_VM;

/**
 * The VirtualMachine schema the validators ship (generated, committed): every definition, the
 * VM's as the root. It carries no descriptions (the validators keep those apart), which makes
 * the monaco-yaml page lighter than a usual setup with the documented OpenAPI schema.
 */
async function vmSchema(): Promise<unknown> {
  const { definitions } = await import('../../validators/generated/kubevirt-schema.ts');
  const { kinds } = await import('../../validators/generated/kinds.ts');
  const def = kinds.VirtualMachine?.def;
  if (!def) throw new Error('validators/generated/kinds.ts has no VirtualMachine');
  return { $ref: `#/definitions/${def}`, definitions };
}

const html = (title: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="kvlab-task-slot" data-task-id="1"></div><div id="e" style="height:400px"></div>
<script type="module" src="./main.ts"></script></body></html>`;

function writePage(dir: string, main: string, title: string, extra: Record<string, string> = {}): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), html(title));
  writeFileSync(join(dir, 'main.ts'), main);
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

// kvlab: the real editor island (mount.ts → panel.ts) on a one-task page with its exercise JSON.
const oursMain = `
const page = { lab: '08', slug: 'probes', variant: 'default', base: '/', tasks: [{ id: '1', number: '8.1', title: 'Define', anchor: 'task-1' }] };
import('${join(root, 'site/islands/editor/mount.ts')}').then((m) => m.mountEditors(page));
`;
const oursExercise = JSON.stringify({
  lab: '08',
  tasks: [{ id: '1', title: 'Define', files: [{ path: 'labs/lab08/vm_lab08-probe.yaml', start: VM, solution: VM }] }],
});

// monaco-yaml: as its README sets it up, with the same schema.
const peerMain = (schema: unknown) => `
import * as monaco from 'monaco-editor';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
(globalThis as any).MonacoEnvironment = {
  getWorker(_: string, label: string) { return label === 'yaml' ? new YamlWorker() : new EditorWorker(); },
};
// monaco-yaml 5.5.1's worker manager calls createWebWorker({moduleId, label, createData}), the
// pre-0.55 form; monaco-editor 0.55 wants the Worker itself in \`worker\`. Hand it one, so the
// yaml worker really starts (without this, monaco-yaml loads no worker and validates nothing).
const create = monaco.editor.createWebWorker;
(monaco.editor as any).createWebWorker = (opts: any) =>
  create({ ...opts, worker: opts.worker ?? (opts.label === 'yaml' ? new YamlWorker() : new EditorWorker()) });
configureMonacoYaml(monaco, { enableSchemaRequest: false, schemas: [{ fileMatch: ['*'], uri: 'https://kvlab.local/vm.json', schema: ${JSON.stringify(schema)} }] });
const model = monaco.editor.createModel(${JSON.stringify(VM)}, 'yaml', monaco.Uri.parse('file:///vm.yaml'));
monaco.editor.create(document.getElementById('e')!, { model });
`;

async function viteBuild(dir: string, plugins: PluginOption[] = []): Promise<string> {
  const outDir = join(dir, 'dist');
  await build({
    root: dir,
    logLevel: 'error',
    plugins,
    publicDir: join(dir, 'public'),
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 100_000 },
    worker: { format: 'es' },
  });
  return outDir;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

function kindOf(file: string): string {
  const ext = extname(file);
  if (/worker/i.test(file)) return 'worker';
  if (ext === '.js') return 'js';
  if (ext === '.css') return 'css';
  if (['.ttf', '.woff', '.woff2'].includes(ext)) return 'font';
  return 'other';
}

function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.ttf': 'font/ttf' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let p = join(dir, decodeURIComponent(url.pathname));
    if (p.endsWith('/')) p = join(p, 'index.html');
    if (!p.startsWith(dir) || !existsSync(p)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(p)] ?? 'application/octet-stream' });
    res.end(readFileSync(p));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Files the page fetched once its editor shows and its workers have started (`open`), and
 * after the trainee's first keystroke (`typed`: the completion a space triggers, etc.).
 */
async function loadedFiles(dir: string, ready: string): Promise<{ open: string[]; typed: string[] }> {
  const server = await serve(dir);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const loaded = new Set<string>();
  let open: string[] = [];
  try {
    const context = await browser.newContext();
    // Workers' own requests (module workers import chunks) are seen at the context level.
    context.on('request', (r) => loaded.add(new URL(r.url()).pathname));
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.waitForSelector(ready, { timeout: 60_000 });
    await page.waitForTimeout(3000);
    open = [...loaded];
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await page.waitForTimeout(3000);
  } finally {
    await browser.close();
    server.close();
  }
  const files = (list: string[]) => list.filter((p) => p !== '/').map((p) => join(dir, p));
  return { open: files(open), typed: files([...loaded]) };
}

interface Sizes {
  byKind: Record<string, number>;
  total: number;
  files: { file: string; gz: number }[];
}

function measure(dir: string, files: string[]): Sizes {
  const byKind: Record<string, number> = {};
  const list: { file: string; gz: number }[] = [];
  let total = 0;
  for (const f of files) {
    if (!existsSync(f) || f.endsWith('.html') || f.endsWith('.json')) continue;
    const size = gz(readFileSync(f));
    const k = kindOf(f);
    byKind[k] = (byKind[k] ?? 0) + size;
    total += size;
    list.push({ file: relative(dir, f), gz: size });
  }
  list.sort((a, b) => b.gz - a.gz);
  return { byKind, total, files: list };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  const oursDir = join(work, 'kvlab');
  const peerDir = join(work, 'monaco-yaml');
  writePage(oursDir, oursMain, 'kvlab editor', { 'public/exercises/08.json': oursExercise });
  writePage(peerDir, peerMain(await vmSchema()), 'monaco-yaml editor');
  const t0 = performance.now();
  // kvlab's page with the Vite plugin the site's build uses (astro.config.mjs: Monaco modules the
  // lab never runs are stubbed); the monaco-yaml page as its README builds it.
  const oursOut = await viteBuild(oursDir, [monacoSlim()]);
  const peerOut = await viteBuild(peerDir);
  console.log(`built both pages in ${((performance.now() - t0) / 1000).toFixed(1)} s (Vite, minified)`);

  const ours = await loadedFiles(oursOut, '.kvlab-editor .monaco-editor');
  const peer = await loadedFiles(peerOut, '.monaco-editor');
  const oursAll = measure(oursOut, walk(oursOut));
  const peerAll = measure(peerOut, walk(peerOut));

  const kinds = ['js', 'worker', 'css', 'font'];
  const ratios: string[] = [];
  for (const [when, o, p] of [
    ['when the first editor opens', measure(oursOut, ours.open), measure(peerOut, peer.open)],
    ['after the first keystroke', measure(oursOut, ours.typed), measure(peerOut, peer.typed)],
  ] as const) {
    console.log(`\nLoaded ${when} (gzipped; "js" includes chunks the workers import):`);
    console.log(`  ${'part'.padEnd(8)} ${'kvlab'.padStart(10)} ${'monaco-yaml'.padStart(12)}`);
    for (const k of kinds) console.log(`  ${k.padEnd(8)} ${kb(o.byKind[k] ?? 0).padStart(10)} ${kb(p.byKind[k] ?? 0).padStart(12)}`);
    console.log(`  ${'total'.padEnd(8)} ${kb(o.total).padStart(10)} ${kb(p.total).padStart(12)}`);
    console.log(`  kvlab: ${o.files.map((f) => `${f.file} ${kb(f.gz)}`).join(', ')}`);
    console.log(`  monaco-yaml: ${p.files.map((f) => `${f.file} ${kb(f.gz)}`).join(', ')}`);
    ratios.push(`ratio kvlab / monaco-yaml, ${when}: ${(o.total / p.total).toFixed(3)}  (target ≤ 0.50 of ~1.4 MB)`);
  }
  console.log(`\nEvery emitted asset (loaded or not): kvlab ${kb(oursAll.total)}, monaco-yaml ${kb(peerAll.total)}`);
  console.log('');
  for (const r of ratios) console.log(r);
  console.log(`ratio kvlab / monaco-yaml, all emitted assets: ${(oursAll.total / peerAll.total).toFixed(2)}`);
}

await main();
