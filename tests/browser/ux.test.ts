// Site defects of kvlab issue #16, each as the trainee met it: the simulator in dark mode (1),
// in-page links while the editors mount (2), the phone width with the simulator and terminal
// open (5), the user-name pattern (8), and the smaller ones (12): 404 page, the editor's
// action row and heading, the stand-alone simulator page within the site.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { lowContrast } from './contrast.ts';
import { freshPage, labUrl, type Theme, type Width, openEditor, openSimulator, openTerminal, settled } from './lab-states.ts';

let browser: Browser;
let base: string;
const open: Page[] = [];
async function fresh(width: Width, theme?: Theme): Promise<Page> {
  const p = await freshPage(browser, width, theme);
  open.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.context().close()));
});

beforeAll(async () => {
  base = inject('sites').default!;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('1: the simulator in dark mode', () => {
  it('keeps every text of the editor and simulator at 4.5:1 when toggled to dark with the panel open', async () => {
    const page = await fresh('desktop', 'light');
    await page.goto(labUrl(base));
    await openEditor(page);
    await openSimulator(page);
    await page.click('#theme-toggle');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.locator('.kvlab-sim-text summary').click(); // "Timeline as text" open too
    expect(await lowContrast(page, '.kvlab-task-slot[data-task-id="1"]')).toEqual([]);
    const bg = await page.$eval('.kvlab-sim', (e) => getComputedStyle(e).backgroundColor);
    expect(bg).not.toBe('rgb(255, 255, 255)');
  });

  it('keeps them readable after a reload in dark mode, and in light mode', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const page = await fresh('desktop', theme);
      await page.goto(labUrl(base));
      await openEditor(page);
      await openSimulator(page);
      expect(await lowContrast(page, '.kvlab-task-slot[data-task-id="1"]'), theme).toEqual([]);
    }
  });

  it('keeps the stand-alone /simulator/ page readable in both themes', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const page = await fresh('desktop', theme);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(new URL('simulator/', base).href);
      await page.locator('.kvlab-sim-svg').waitFor({ timeout: 90_000 });
      expect(await lowContrast(page, 'body'), theme).toEqual([]);
    }
  });
});

describe('2: links within the page keep their target while the editors mount', () => {
  /** The heading's top once the editors near it have mounted and the page stopped growing. */
  async function headingTopAfterMount(page: Page, id: string): Promise<number> {
    await page.locator('.kvlab-task-slot[data-task-id="5"] .monaco-editor .view-lines').waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => !document.querySelector('.kvlab-editor-placeholder button:disabled'), undefined, { timeout: 90_000 });
    await settled(page, 30);
    return page.$eval(`#${id}`, (h) => h.getBoundingClientRect().top);
  }

  it('the table of contents lands on "Watchdog example" of a fresh page', async () => {
    const page = await fresh('desktop');
    await page.goto(labUrl(base));
    await page.click('.toc a[href="#watchdog-example"]');
    const top = await headingTopAfterMount(page, 'watchdog-example');
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThanOrEqual(100);
  });

  it('opening /probes/#watchdog-example shows "Watchdog example" at the top', async () => {
    const page = await fresh('desktop');
    await page.goto(labUrl(base, '#watchdog-example'));
    const top = await headingTopAfterMount(page, 'watchdog-example');
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThanOrEqual(100);
  });

  it('a search hit for "Watchdog example" lands on its heading', async () => {
    const page = await fresh('desktop');
    await page.goto(labUrl(base));
    await page.click('#search-toggle');
    await page.fill('.search-bar input', 'Watchdog example');
    const hit = page.locator('.search-results a[href*="#watchdog-example"]').first();
    await hit.waitFor({ timeout: 60_000 });
    await hit.click();
    await page.waitForFunction(() => location.hash === '#watchdog-example');
    const top = await headingTopAfterMount(page, 'watchdog-example');
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThanOrEqual(100);
  });
});

describe('5: a phone (390 px) with the simulator and the terminal open', () => {
  it('does not scroll sideways, keeps the terminal on screen, draws readable axis labels in one unit', async () => {
    const page = await fresh('phone');
    await page.goto(labUrl(base));
    await openEditor(page);
    await openSimulator(page);
    await openTerminal(page);
    await settled(page);
    const m = await page.evaluate(() => {
      const term = document.getElementById('kvlab-terminal-root')!.getBoundingClientRect();
      const ticks = Array.from(document.querySelectorAll('.kvlab-sim-tick'));
      return {
        doc: document.documentElement.scrollWidth,
        view: window.innerWidth,
        term: { left: term.left, width: term.width },
        tickHeights: ticks.map((t) => t.getBoundingClientRect().height),
        ticks: ticks.map((t) => t.textContent ?? ''),
      };
    });
    expect(m.doc).toBeLessThanOrEqual(m.view);
    expect(m.term.left).toBeGreaterThanOrEqual(0);
    expect(m.term.width).toBeLessThanOrEqual(m.view);
    expect(m.ticks.length).toBeGreaterThan(2);
    expect(Math.min(...m.tickHeights)).toBeGreaterThanOrEqual(10);
    const units = new Set(m.ticks.filter((t) => !/^0\D*$/.test(t)).map((t) => t.replace(/[\d.\s]/g, '')));
    expect([...units], m.ticks.join(' ')).toHaveLength(1);
  });

  it('draws one unit on the axis at every length the simulator offers', async () => {
    const page = await fresh('desktop');
    await page.goto(new URL('simulator/', base).href);
    await page.locator('.kvlab-sim-svg').waitFor({ timeout: 90_000 });
    for (const until of ['300', '600', '1200', '3600', '21600', '86400']) {
      await page.selectOption('select[aria-label="Simulate for"]', until);
      await page.waitForFunction((u) => document.querySelector('.kvlab-sim-svg')?.getAttribute('data-until') === u, until, { timeout: 60_000 });
      const ticks = await page.$$eval('.kvlab-sim-tick', (ts) => ts.map((t) => t.textContent ?? ''));
      const units = new Set(ticks.filter((t) => !/^0\D*$/.test(t)).map((t) => t.replace(/[\d.\s]/g, '')));
      expect([...units], `${until}: ${ticks.join(' ')}`).toHaveLength(1);
    }
  });
});

describe('8: the user-name field', () => {
  it('has a pattern Chromium compiles: no console error, a bad name is invalid, a good one valid', async () => {
    const page = await fresh('desktop');
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(labUrl(base));
    const input = page.locator('#trainee-user');
    for (const [value, valid] of [['Bad_Name', false], ['-alice', false], ['alice-', false], ['alice-1', true], ['a', true]] as const) {
      await input.fill(value);
      expect(await input.evaluate((i) => (i as HTMLInputElement).checkValidity()), value).toBe(valid);
    }
    expect(errors.filter((e) => /pattern|regular expression/i.test(e))).toEqual([]);
  });
});

describe('12: smaller ones', () => {
  it('the 404 page has the site header and a way home', async () => {
    const page = await fresh('desktop');
    const res = await page.goto(new URL('no-such-page/', base).href);
    expect(res?.status()).toBe(404);
    expect(await page.locator('header.site-header').count()).toBe(1);
    const home = page.locator('main a[href="/"]');
    expect(await home.count()).toBeGreaterThan(0);
    await home.first().click();
    await page.waitForURL(new URL('/', base).href);
    expect(await page.title()).not.toMatch(/not found/i);
  });

  it('at 1366 px the editor keeps its actions on one row, under a heading that names it', async () => {
    const page = await fresh('desktop');
    await page.goto(labUrl(base));
    await openEditor(page);
    const slot = page.locator('.kvlab-task-slot[data-task-id="1"]');
    const tops = await slot.locator('.kvlab-editor-actions button:not([hidden])').evaluateAll((bs) => bs.map((b) => `${b.textContent} ${Math.round(b.getBoundingClientRect().top)}`));
    expect(new Set(tops.map((t) => t.split(' ').pop())).size, tops.join(', ')).toBe(1);
    const heading = slot.locator('h3');
    expect(await heading.textContent()).toMatch(/Task 8\.1/);
    const labelledBy = await slot.locator('section.kvlab-editor').getAttribute('aria-labelledby');
    expect(labelledBy).toBe(await heading.getAttribute('id'));
  });

  it('the stand-alone simulator is part of the site: its header and styles, linked from the lab page', async () => {
    const page = await fresh('desktop', 'dark');
    await page.goto(labUrl(base));
    const link = page.locator('a[href$="/simulator/"]');
    expect(await link.count()).toBeGreaterThan(0);
    const labBg = await page.$eval('body', (b) => getComputedStyle(b).backgroundColor);
    await link.first().click();
    await page.locator('.kvlab-sim-svg').waitFor({ timeout: 90_000 });
    expect(await page.locator('header.site-header .site-title').count()).toBe(1);
    expect(await page.$eval('body', (b) => getComputedStyle(b).backgroundColor)).toBe(labBg);
  });
});
