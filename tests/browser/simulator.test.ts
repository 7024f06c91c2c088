// The simulator island stand-alone (site/pages/simulator.astro): the probes lab's VM with its
// cloud-init runs (in the page's validator worker) without restarts and turns Ready; changing the probe port to one the guest
// does not serve makes liveness fail and the timeline show the VM controller's restarts.
// KVLAB_SIM_DIST=DIR serves an already built variant folder instead of the shared build.
// Each test opens the page in a browser context of its own (beforeEach) and makes its own edits.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';

let browser: Browser;
let context: BrowserContext | undefined;
let page: Page;
let errors: string[] = [];
let own: StaticServer | undefined;
let base: string;

beforeAll(async () => {
  if (process.env.KVLAB_SIM_DIST) {
    own = await serveStatic(process.env.KVLAB_SIM_DIST);
    base = own.url;
  } else base = inject('sites').default!;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await own?.close();
});

const svgData = (p: Page) => p.$eval('.kvlab-sim-svg', (s) => ({ restarts: Number((s as SVGElement).dataset.restarts), readyAt: (s as SVGElement).dataset.readyAt, markers: s.querySelectorAll('.kvlab-sim-restart').length, probes: s.querySelectorAll('.kvlab-sim-probe').length }));

/** The stop-server step at 400 s added with the scenario controls; waits for the endpoint's removal to be drawn. */
async function addStopServerAt400(): Promise<void> {
  await page.selectOption('select[aria-label="Scenario action"]', 'stop-server');
  await page.fill('input[aria-label="At (seconds)"]', '400');
  await page.click('.kvlab-sim-add');
  await page.waitForFunction(() => document.querySelectorAll('.kvlab-sim-endpoint-removed').length > 0);
}

describe('simulator island', () => {
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
    page = await context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('simulator/', base).href);
    await page.waitForSelector('.kvlab-sim-svg');
  });
  afterEach(async () => {
    await context?.close();
  });

  it('draws the lab VM: Ready after about 3 minutes, no restart, a text alternative', async () => {
    const d = await svgData(page);
    expect(d.restarts).toBe(0);
    expect(d.markers).toBe(0);
    expect(Number(d.readyAt)).toBeGreaterThan(152);
    expect(Number(d.readyAt)).toBeLessThan(240);
    expect(d.probes).toBeGreaterThan(10);
    expect(await page.textContent('.kvlab-sim-caption')).toMatch(/Ready after \d+ s/);
    expect(await page.getAttribute('.kvlab-sim-svg', 'role')).toBe('img');
    expect(await page.textContent('.kvlab-sim-log')).toMatch(/VMI condition Ready=True/);
    await page.screenshot({ path: join(ARTIFACTS, 'simulator-ready.png'), fullPage: true });
    expect(errors).toEqual([]);
    // simulate() and the validators it runs are in the page's worker: the main thread fetched none of them
    const mainThread = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.js(\?|$)/.test(n)));
    expect(mainThread.filter((u) => /\/(validators|compiled|kinds|simulate)[-.][^/]*\.js$/.test(u))).toEqual([]);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /validator\.worker/.test(e.name)))).toBe(true);
  });

  it('changing the probe port to 8082 makes liveness fail: the VM restarts on the timeline', async () => {
    await page.$eval('#vm', (t) => {
      const ta = t as HTMLTextAreaElement;
      ta.value = ta.value.replace(/port: 8081/g, 'port: 8082');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(() => Number((document.querySelector('.kvlab-sim-svg') as SVGElement | null)?.dataset.restarts) > 0);
    const d = await svgData(page);
    expect(d.restarts).toBeGreaterThanOrEqual(2);
    expect(d.markers).toBe(d.restarts);
    expect(d.readyAt).toBeUndefined();
    expect(await page.textContent('.kvlab-sim-caption')).toMatch(/Restarted \d+ times in 10 minutes/);
    await page.screenshot({ path: join(ARTIFACTS, 'simulator-restarts.png'), fullPage: true });
  });

  it('a scenario step added with the controls shows on the timeline (stop-server at 400 s: endpoint removed)', async () => {
    // the lab's VM as served (probe port 8081): no restarts before the step
    await page.waitForFunction(() => (document.querySelector('.kvlab-sim-svg') as SVGElement | null)?.dataset.restarts === '0');
    await addStopServerAt400();
    expect(await page.textContent('.kvlab-sim-steps')).toMatch(/400 s: stop-server 8081/);
    // a live replay draws a cursor that moves
    await page.selectOption('.kvlab-sim-speed', '10');
    await page.click('.kvlab-sim-play');
    await page.waitForSelector('.kvlab-sim-cursor', { state: 'attached' });
    const x1 = Number(await page.getAttribute('.kvlab-sim-cursor', 'x1'));
    // the replay runs: the cursor moves right (waited for, not slept on)
    await page.waitForFunction((start) => Number(document.querySelector('.kvlab-sim-cursor')?.getAttribute('x1')) > start, x1, { timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'simulator-scenario.png'), fullPage: true });
  });

  it('simulates 24 hours: probe marks drawn per pixel column, repeated results one log line each', async () => {
    // the scenario of the test above: the server stops at 400 s
    await addStopServerAt400();
    await page.selectOption('select[aria-label="Simulate for"]', '86400');
    await page.waitForFunction(() => /in 24 hours/.test(document.querySelector('.kvlab-sim-caption')?.textContent ?? ''), null, { timeout: 30_000 });
    const marks = await page.$$eval('.kvlab-sim-probe', (ms) => ms.map((m) => Number(m.getAttribute('data-count') ?? 1)));
    expect(marks.length).toBeLessThan(4000); // about 13,000 probe runs
    expect(marks.reduce((a, b) => a + b, 0)).toBeGreaterThan(8640); // more than a day of one probe every 10 s
    expect(await page.textContent('.kvlab-sim-svg')).toContain('24h');
    const log = (await page.textContent('.kvlab-sim-log'))!;
    expect(log.split('\n').length).toBeLessThan(200);
    expect(log).toMatch(/readiness probe \(httpGet\): success \(×\d+, every 10 s until \d+\.\d s\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'simulator-24h.png'), fullPage: true });
    await page.selectOption('select[aria-label="Simulate for"]', '600');
  });

  it('a VM the API server rejects shows the finding, not a crash', async () => {
    await page.$eval('#vm', (t) => {
      const ta = t as HTMLTextAreaElement;
      ta.value = ta.value.replace('running: false', 'runing: false');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForSelector('.kvlab-sim-error');
    expect(await page.textContent('.kvlab-sim-error')).toMatch(/line \d+:\d+: .*runing/);
  });
});

describe('simulator beside the lab editor', () => {
  it('changing the probe port in the editor shows the simulated VM restarting', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await ctx.addInitScript(() => {
      if (!localStorage.getItem('kvlab:v1:user')) localStorage.setItem('kvlab:v1:user', 'sim-test');
    });
    const p = await ctx.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    const exercise = (await (await fetch(new URL('exercises/08.json', base))).json()) as { tasks: { id: string; files: { path: string; solution?: string }[] }[] };
    const task1 = exercise.tasks.find((t) => t.id === '1')!;
    const vmSolution = task1.files.find((f) => f.path.endsWith('-probe.yaml') && f.path.includes('vm_'))!.solution!;
    const cloudInit = task1.files.find((f) => f.path.endsWith('cloudinit-probe.yaml'))!.solution!;
    await p.goto(new URL('probes/', base).href);
    const slot = p.locator('.kvlab-task-slot[data-task-id="1"]');
    await slot.scrollIntoViewIfNeeded();
    await slot.locator('.monaco-editor').waitFor({ timeout: 60_000 });
    await p.waitForFunction(() => !!(window as unknown as { kvlabEditors?: Record<string, unknown> }).kvlabEditors?.['1']);
    const setFile = (suffix: string, text: string) =>
      p.evaluate(
        ([s, t]) => {
          const models = (window as unknown as { kvlabEditors: Record<string, { models: Record<string, { setValue(v: string): void }> }> }).kvlabEditors['1']!.models;
          models[Object.keys(models).find((k) => k.endsWith(s))!]!.setValue(t);
        },
        [suffix, text] as const,
      );
    await setFile('cloudinit-probe.yaml', cloudInit);
    await setFile('vm_lab08-probe.yaml', vmSolution);
    await slot.getByRole('button', { name: 'Simulate' }).click();
    await slot.locator('.kvlab-sim-svg').waitFor({ timeout: 30_000 });
    const restarts = () => slot.locator('.kvlab-sim-svg').getAttribute('data-restarts');
    expect(await restarts()).toBe('0');
    await setFile('vm_lab08-probe.yaml', vmSolution.replace(/port: 8081/g, 'port: 8082'));
    await p.waitForFunction(() => Number((document.querySelector('.kvlab-task-slot[data-task-id="1"] .kvlab-sim-svg') as SVGElement | null)?.dataset.restarts) > 0, null, { timeout: 15_000 });
    expect(await slot.locator('.kvlab-sim-restart').count()).toBeGreaterThan(0);
    await slot.locator('.kvlab-sim').scrollIntoViewIfNeeded();
    await p.screenshot({ path: join(ARTIFACTS, 'simulator-editor.png') });
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
