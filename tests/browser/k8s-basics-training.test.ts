// A Hugo training builds unchanged: `kvlab build --content` over kvlab's own Kubernetes basics
// training in acend's layout (tests/fixtures/k8s-basics-training), two of its variants, then the
// pages in Chromium: the Docsy cover of the .html home page per variant, chapters in weight
// order with acend's section numbers, a page-bundle image served beside its page, readfile'd
// YAML and the variant's params (cliToolName kubectl / oc).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { ARTIFACTS, launchBrowser } from './browser.ts';

const root = join(import.meta.dirname, '..', '..');
let out: string;
let servers: Record<string, StaticServer> = {};
let browser: Browser;
let page: Page;
let buildOutput = '';

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'kvlab-hugo-'));
  const r = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'kvlab.mjs'), 'build', '--content', 'tests/fixtures/k8s-basics-training', '--out', out, '--variant', 'default', '--variant', 'techlab'],
    { cwd: root, encoding: 'utf8' },
  );
  buildOutput = r.stdout + r.stderr;
  if (r.status !== 0) throw new Error(`kvlab build of the Hugo fixture failed:\n${buildOutput}`);
  servers = { default: await serveStatic(join(out, 'default')), techlab: await serveStatic(join(out, 'techlab')) };
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('kvlab build --content <Hugo training>', () => {
  it('reports the time of each variant', () => {
    expect(buildOutput).toMatch(/built default +\d+\.\ds/);
    expect(buildOutput).toMatch(/built techlab +\d+\.\ds/);
  });

  it('renders the .html home page with its Docsy cover per variant', async () => {
    await page.goto(servers.default.url + '/');
    expect(await page.locator('.kvlab-cover h1').allTextContents()).toEqual(['Kubernetes Basics, Hands On']);
    expect(await page.locator('.kvlab-cover a[href="/docs/"]').count()).toBe(1);
    await page.goto(servers.techlab.url + '/');
    expect(await page.locator('.kvlab-cover h1').allTextContents()).toEqual(['Welcome to the Container Platform Techlab']);
  });

  it('orders the chapters by weight with acend section numbers and numbers their tasks', async () => {
    await page.goto(servers.default.url + '/docs/first-steps/');
    const chapters = await page.locator('nav.sidebar a[href^="/docs/"]').allTextContents();
    expect(chapters.slice(0, 6)).toEqual(['Labs', '1. Introduction', '1.1. Reading YAML', '2. First steps', '3. Running an application', '4. Exposing a service']);
    expect(await page.locator('article h3[id^="task-"]').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Task 2\.1: Create a Namespace$/)]),
    );
  });

  it('serves the page-bundle image beside its page', async () => {
    await page.goto(servers.default.url + '/docs/introduction/');
    const img = page.locator('article img[alt="Kubernetes Architecture"]');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLImageElement>('article img[alt="Kubernetes Architecture"]');
      return !!el && el.complete;
    });
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    await page.screenshot({ path: join(ARTIFACTS, 'k8s-basics-training-introduction.png') });
  });

  it("inlines readfile'd YAML and applies each variant's params", async () => {
    await page.goto(servers.default.url + '/docs/exposing-a-service/');
    const yaml = (await page.locator('article pre[data-language="yaml"]').allTextContents()).join('\n');
    expect(yaml).toContain('kind: Service');
    expect(yaml).toContain('kind: Ingress');
    expect(await page.locator('article').textContent()).toContain('kubectl describe');
    await page.goto(servers.techlab.url + '/docs/exposing-a-service/');
    expect(await page.locator('article').textContent()).toContain('oc describe');
  });
});
