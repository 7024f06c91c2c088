// `kvlab dev` (npm run dev) for a trainer: the dev server over a copy of the content, the lab
// page in Chromium, then an edit to the lab's Markdown: the open page reloads by itself and
// shows the new text, with shortcodes expanded.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';

const root = join(import.meta.dirname, '..', '..');
let dir: string;
let dev: ChildProcess | undefined;
let log = '';
let url: string;
let browser: Browser;
let page: Page;

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kvlab-dev-'));
  cpSync(join(root, 'content'), join(dir, 'content'), { recursive: true });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  dev = spawn(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'dev', '--content', join(dir, 'content'), '--', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // as a trainer's shell has it: without the test runner's variables (Vite reads VITEST, NODE_ENV)
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_ENV$|NODE_OPTIONS$|TEST$)/.test(k))),
  });
  dev.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  dev.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const deadline = Date.now() + 150_000; // a cold start bundles Monaco and the rest for the dev server first
  for (;;) {
    try {
      if ((await fetch(`${url}/probes/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`kvlab dev did not serve the lab page (exit ${dev.exitCode}, ${Math.round((Date.now() - deadline + 150_000) / 1000)} s):\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await launchBrowser();
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (dev?.pid) {
    try {
      process.kill(-dev.pid, 'SIGTERM'); // the whole group: astro and its children
    } catch {
      // already gone
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kvlab dev', () => {
  it('reloads the open page when the lab Markdown changes', async () => {
    await page.goto(`${url}/probes/`);
    expect(await page.locator('article h1').textContent()).toContain('Readiness and liveness probes');
    const file = join(dir, 'content', 'pages', 'probes.md');
    const text = readFileSync(file, 'utf8');
    const marker = 'Edited while the page was open: lab folder {{% param "labsfoldername" %}}.';
    writeFileSync(file, text.replace('\n## {{% task %}} Define a HTTP liveness probe', `\n${marker}\n\n## {{% task %}} Define a HTTP liveness probe`));
    await expect.poll(() => page.locator('article').textContent(), { timeout: 60_000, interval: 500 }).toContain('Edited while the page was open: lab folder labs.');
    expect(await page.locator('article h2[id^="task-"]').count()).toBe(5);
  }, 90_000);
});
