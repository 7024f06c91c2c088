// Shared steps of the UX, accessibility and visual tests: the probes lab with Task 8.1's
// editor, its simulator and the terminal open, in a given theme and width.
import type { Browser, Page } from 'playwright-core';

export const WIDTHS = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
export type Width = keyof typeof WIDTHS;
export type Theme = 'light' | 'dark';

/** A fresh page (own context: own storage) with the theme chosen before the first paint. */
export async function freshPage(browser: Browser, width: Width, theme?: Theme): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDTHS[width], reducedMotion: 'reduce' });
  if (theme) await context.addInitScript((t) => localStorage.setItem('kvlab:v1:theme', t), theme);
  return context.newPage();
}

export const labUrl = (base: string, hash = '') => new URL(`probes/${hash}`, base.replace(/\/?$/, '/')).href;

/** Task 8.1's editor open (Monaco drawn, validation done). */
export async function openEditor(page: Page, id = '1'): Promise<void> {
  const slot = page.locator(`.kvlab-task-slot[data-task-id="${id}"]`);
  await slot.scrollIntoViewIfNeeded();
  await slot.locator('.monaco-editor .view-lines').waitFor({ timeout: 90_000 });
  await page.waitForFunction((tid) => {
    const s = document.querySelector(`.kvlab-task-slot[data-task-id="${tid}"] .kvlab-editor-status`);
    return !!s && /valid|warning/.test(s.getAttribute('data-state') ?? '');
  }, id, { timeout: 90_000 });
}

/** Simulate pressed on the task's editor: the timeline drawn. */
export async function openSimulator(page: Page, id = '1'): Promise<void> {
  const slot = page.locator(`.kvlab-task-slot[data-task-id="${id}"]`);
  await slot.getByRole('button', { name: 'Simulate' }).click();
  await slot.locator('.kvlab-sim-svg').waitFor({ timeout: 90_000 });
}

export async function openTerminal(page: Page): Promise<void> {
  await page.click('#terminal-toggle');
  await page.locator('.kvlab-term .xterm').waitFor({ timeout: 60_000 });
}

/** Waits until the document's height has not changed for `frames` animation frames in a row. */
export async function settled(page: Page, frames = 20): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((done) => {
        let last = -1;
        let same = 0;
        const tick = () => {
          const h = document.documentElement.scrollHeight;
          same = h === last ? same + 1 : 0;
          last = h;
          if (same >= n) done();
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    frames,
  );
}

/** The full lab state of the issue: editor, simulator and terminal open, document settled. */
export async function openAll(page: Page, base: string): Promise<void> {
  await page.goto(labUrl(base));
  await openEditor(page);
  await openSimulator(page);
  await openTerminal(page);
  await settled(page);
}
