// Site search in Chromium: the header's Search button (and "/" or Ctrl+K) opens a dialog that
// queries the Pagefind index the build wrote for that variant. A query lists the page and its
// matching sections; a section link lands on its heading; text only one variant renders is found
// only there; and the dialog keeps its hands off the keys of the editor.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser } from './browser.ts';

let browser: Browser;
let page: Page;
let sites: Record<string, string>;
const url = (variant: string, path = '') => new URL(path, sites[variant]!.replace(/\/?$/, '/')).href;

beforeAll(async () => {
  sites = inject('sites');
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
});

const results = () => page.locator('.search-dialog .search-results');
async function search(q: string): Promise<void> {
  await page.locator('.search-dialog input').fill(q);
  await expect.poll(() => page.locator('.search-dialog .search-status').textContent(), { timeout: 10_000 }).toMatch(new RegExp(`(match|Nothing matches) “${q}”`));
}

describe('search', () => {
  it('finds the watchdog section of the probes lab and lands on its heading', async () => {
    await page.goto(url('default', 'getting-started/'));
    await page.getByRole('button', { name: 'Search' }).click();
    const dialog = page.locator('.search-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true); // the dialog's module loads on first use
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search the labs');
    await search('watchdog');
    const pages = await results().locator(':scope > li > a.search-page strong').allTextContents();
    expect(pages[0]).toBe('8. Readiness and liveness probes');
    const section = results().locator('a', { hasText: 'Watchdog example' }).first();
    expect(await section.locator('mark').first().textContent()).toMatch(/watchdog/i);
    await page.screenshot({ path: join(ARTIFACTS, 'search.png') });
    await section.click();
    await page.waitForURL(/\/probes\/#watchdog-example$/);
    expect(await dialog.count()).toBe(0); // a new page: the dialog was not carried over
  });

  it('opens with "/" outside text fields, moves through results with the arrow keys, closes with Escape', async () => {
    await page.waitForLoadState('load');
    await page.locator('article h1').click(); // focus in the page, not in a field
    await page.keyboard.press('/');
    const input = page.locator('.search-dialog input');
    await expect.poll(() => input.isVisible()).toBe(true);
    await search('readiness');
    await expect.poll(() => results().locator('a').count()).toBeGreaterThan(0);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('.search-results') !== null)).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.search-dialog').isVisible()).toBe(false);
    await page.keyboard.press('Control+k');
    await expect.poll(() => page.locator('.search-dialog').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it("shows the trainee's name for $USER in the excerpts, as the page does", async () => {
    await page.goto(url('default', 'probes/'));
    await page.evaluate(() => localStorage.setItem('kvlab:v1:user', 'alice'));
    await page.reload();
    await page.keyboard.press('Control+k');
    await search('virtctl stop');
    const text = (await results().textContent())!;
    expect(text).toContain('--namespace=alice');
    expect(text).not.toContain('$USER');
    await page.evaluate(() => localStorage.removeItem('kvlab:v1:user'));
  });

  it("indexes each variant's own text: tolerations only where the variant renders them", async () => {
    await page.goto(url('tolerations', 'probes/'));
    await page.keyboard.press('Control+k');
    await search('tolerations');
    expect(await results().locator(':scope > li').count()).toBeGreaterThan(0);
    await page.goto(url('default', 'probes/'));
    await page.keyboard.press('Control+k');
    await search('tolerations');
    expect(await page.locator('.search-dialog .search-status').textContent()).toBe('Nothing matches “tolerations”');
  });
});
