// The islands clean up after themselves: the editor panel and the terminal, disposed through
// window.kvlabEditors[id].dispose() / window.kvlabTerminal.dispose(), leave no window or
// document listener behind and take away the DOM they added. Listeners are counted by wrapping
// window's and document's add/removeEventListener before the page's scripts run. Monaco installs
// page-wide services (and their listeners) with its first editor and keeps them, so the editor is
// opened, disposed, opened again and disposed again: the second round must end exactly where
// the first did, and the panel's own listeners must be gone after each.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';

let browser: Browser;
let context: BrowserContext;
let base: string;

declare global {
  interface Window {
    kvlabListeners?(): string[];
  }
}

/** Runs in the page before its scripts: keeps the live window/document listeners the site added. */
function countListeners(): void {
  type Entry = { where: string; type: string; fn: unknown; capture: boolean };
  const live: Entry[] = [];
  const capture = (o: unknown) => (typeof o === 'boolean' ? o : !!(o as { capture?: boolean } | undefined)?.capture);
  for (const [where, target] of [['window', window], ['document', document]] as const) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    target.addEventListener = (type: string, fn: EventListenerOrEventListenerObject | null, opts?: boolean | AddEventListenerOptions) => {
      const c = capture(opts);
      const once = typeof opts === 'object' && opts?.once;
      // only the site's scripts count (not what Playwright's own injected scripts add)
      const ours = new Error().stack?.includes(location.origin);
      if (fn && ours && !once && !live.some((e) => e.where === where && e.type === type && e.fn === fn && e.capture === c)) live.push({ where, type, fn, capture: c });
      if (fn) add(type, fn, opts);
    };
    target.removeEventListener = (type: string, fn: EventListenerOrEventListenerObject | null, opts?: boolean | EventListenerOptions) => {
      const c = capture(opts);
      const i = live.findIndex((e) => e.where === where && e.type === type && e.fn === fn && e.capture === c);
      if (i >= 0) live.splice(i, 1);
      if (fn) remove(type, fn, opts);
    };
  }
  window.kvlabListeners = () => live.map((e) => `${e.where}:${e.type}${e.capture ? ' (capture)' : ''}`).sort();
}

/** What `after` has more of than `before` (a multiset difference). */
function extra(after: string[], before: string[]): string[] {
  const left = [...before];
  return after.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

async function freshPage(user: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(countListeners);
  await page.addInitScript((u) => {
    if (!localStorage.getItem('kvlab:v1:user')) localStorage.setItem('kvlab:v1:user', u);
  }, user);
  return page;
}

/** A click through the DOM: Playwright's own click adds window listeners of its own. */
const press = (page: Page, selector: string) => page.evaluate((s) => document.querySelector<HTMLElement>(s)!.click(), selector);
const listeners = (page: Page) => page.evaluate(() => window.kvlabListeners!());

beforeAll(async () => {
  base = inject('sites').default!;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
});

describe('disposing an island', () => {
  it('the editor panel removes its listeners, models and elements, and opens again', async () => {
    const page = await freshPage('dispose-editor');
    await page.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    const slot = page.locator('.kvlab-task-slot[data-task-id="1"]');
    await slot.scrollIntoViewIfNeeded();
    // a panel near the viewport opens by itself; the others are closed so only task 1 counts
    await page.waitForFunction(() => !!window.kvlabEditors?.['1']);
    await page.evaluate(() => {
      for (const [id, e] of Object.entries(window.kvlabEditors ?? {})) if (id !== '1') e.dispose();
    });
    const settled = async () => {
      await page.waitForFunction(() => document.querySelector('.kvlab-task-slot[data-task-id="1"] .kvlab-editor-status')?.textContent?.includes(': '));
    };
    await settled();
    const models = () => page.evaluate(() => Object.keys(window.kvlabEditors?.['1']?.models ?? {}).length);
    expect(await models()).toBeGreaterThan(0);

    const rounds: { open: string[]; closed: string[]; elements: number }[] = [];
    for (let round = 0; round < 2; round++) {
      if (round > 0) {
        await press(page, '.kvlab-task-slot[data-task-id="1"] .kvlab-editor-placeholder button');
        await page.waitForFunction(() => !!window.kvlabEditors?.['1']);
        await settled();
      }
      const open = await listeners(page);
      await page.evaluate(() => window.kvlabEditors!['1'].dispose());
      const closed = await listeners(page);
      // the panel's own page-wide listeners are gone
      expect(extra(open, closed).filter((l) => l.startsWith('window:kvlab:'))).toEqual(['window:kvlab:file-saved', 'window:kvlab:task-passed', 'window:kvlab:trainee']);
      expect(closed.filter((l) => /kvlab:(file-saved|task-passed)/.test(l))).toEqual([]);
      // its DOM is gone and the placeholder is back
      expect(await slot.locator('.monaco-editor, .kvlab-editor-tabs, .kvlab-editor-actions, dialog').count()).toBe(0);
      await slot.getByRole('button', { name: 'Open editor' }).waitFor();
      expect(await page.evaluate(() => window.kvlabEditors?.['1'])).toBeUndefined();
      // the models went with it (Monaco keeps no model of the task)
      expect(await page.evaluate(() => document.querySelectorAll('.kvlab-task-slot[data-task-id="1"] .view-line').length)).toBe(0);
      rounds.push({ open, closed, elements: await page.evaluate(() => document.querySelectorAll('*').length) });
    }
    // a second open and dispose leaves nothing the first did not
    expect(extra(rounds[1].closed, rounds[0].closed)).toEqual([]);
    expect(extra(rounds[0].closed, rounds[1].closed)).toEqual([]);
    expect(rounds[1].elements).toBe(rounds[0].elements);
    await page.close();
  });

  it('the terminal removes its listeners, observers and elements, and opens again', async () => {
    const page = await freshPage('dispose-term');
    await page.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    const before = await listeners(page);
    const root = page.locator('#kvlab-terminal-root');
    for (let round = 0; round < 2; round++) {
      await press(page, '#terminal-toggle');
      await page.waitForFunction(() => !!window.kvlabTerminal);
      await expect.poll(() => page.evaluate(() => document.documentElement.style.getPropertyValue('--kvlab-term-height'))).not.toBe('');
      const open = await listeners(page);
      expect(extra(open, before)).toContain('window:kvlab:run');
      expect(extra(open, before)).toContain('window:pagehide');
      await page.evaluate(() => window.kvlabTerminal!.dispose());
      // nothing the terminal added stays: listeners, elements, the page's padding variable. The
      // one exception is module-level and added once: xterm's copy of VS Code's setTimeout0
      // listens for window 'message' from the moment its chunk loads, for the page's life.
      expect(extra(await listeners(page), before)).toEqual(['window:message']);
      expect(await root.evaluate((r) => r.childElementCount)).toBe(0);
      expect(await root.isHidden()).toBe(true);
      expect(await page.evaluate(() => document.querySelectorAll('.xterm, .kvlab-term').length)).toBe(0);
      expect(await page.evaluate(() => document.documentElement.style.getPropertyValue('--kvlab-term-height'))).toBe('');
      expect(await page.evaluate(() => window.kvlabTerminal)).toBeUndefined();
      expect(await page.locator('#terminal-toggle').getAttribute('aria-expanded')).toBe('false');
    }
    await page.close();
  });
});
