// Visual check: the probes lab with Task 8.1's editor, its simulator and the terminal open, in
// both themes at 1366 and 390 px, against committed screenshots (tests/browser/baselines/) with
// pixelmatch, so a dark-mode or overflow regression fails. UPDATE=1 rewrites the baselines.
// The baselines belong to Debian's Chromium and this machine's fonts: on another system,
// look at the diff images in tests/.artifacts/, then rewrite them with UPDATE=1.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { freshPage, openAll, settled, type Theme, type Width } from './lab-states.ts';

const BASELINES = join(import.meta.dirname, 'baselines');
const UPDATE = process.env.UPDATE === '1';
/** Share of pixels allowed to differ (beyond pixelmatch's anti-aliasing detection). */
const TOLERANCE = 0.005;

let browser: Browser;
let base: string;

beforeAll(async () => {
  base = inject('sites').default!;
  browser = await launchBrowser();
  mkdirSync(BASELINES, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Scrolls `selector`'s top just under the sticky header. */
async function scrollToTop(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const header = document.querySelector('.site-header')!.getBoundingClientRect().height;
    window.scrollTo({ top: window.scrollY + el.getBoundingClientRect().top - header - 8, behavior: 'instant' });
  }, selector);
  await settled(page, 5);
}

async function shoot(page: Page): Promise<PNG> {
  const png = await page.screenshot({
    animations: 'disabled',
    caret: 'hide',
    // blinking cursors of Monaco and xterm, the sandbox's running clock ("simulated time 0:05")
    mask: [page.locator('.monaco-editor .cursors-layer'), page.locator('.xterm .xterm-cursor'), page.locator('.kvlab-term-status')],
  });
  return PNG.sync.read(png);
}

function compare(name: string, actual: PNG): { ratio: number; diffPixels: number } {
  const file = join(BASELINES, `${name}.png`);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`${file} is missing: run the test with UPDATE=1 to write it`);
    writeFileSync(file, PNG.sync.write(actual));
    return { ratio: 0, diffPixels: 0 };
  }
  const expected = PNG.sync.read(readFileSync(file));
  if (expected.width !== actual.width || expected.height !== actual.height) {
    writeFileSync(join(ARTIFACTS, `visual-${name}-actual.png`), PNG.sync.write(actual));
    return { ratio: 1, diffPixels: actual.width * actual.height };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const diffPixels = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
  const ratio = diffPixels / (actual.width * actual.height);
  if (ratio > TOLERANCE) {
    writeFileSync(join(ARTIFACTS, `visual-${name}-actual.png`), PNG.sync.write(actual));
    writeFileSync(join(ARTIFACTS, `visual-${name}-diff.png`), PNG.sync.write(diff));
  }
  return { ratio, diffPixels };
}

describe('screenshots against the baselines', () => {
  for (const width of ['desktop', 'phone'] as Width[]) {
    for (const theme of ['light', 'dark'] as Theme[]) {
      it(`${width}, ${theme}: the editor and the simulator with the terminal open`, async () => {
        const page = await freshPage(browser, width, theme);
        try {
          await openAll(page, base);
          for (const [part, selector] of [['editor', '#kvlab-editor-heading-1'], ['simulator', '.kvlab-task-slot[data-task-id="1"] .kvlab-sim']] as const) {
            await scrollToTop(page, selector);
            const name = `lab-${width}-${theme}-${part}`;
            const { ratio, diffPixels } = compare(name, await shoot(page));
            if (diffPixels) console.info(`${name}: ${diffPixels} pixels differ (${(ratio * 100).toFixed(3)} %)`);
            expect(ratio, `${name}: ${diffPixels} pixels differ (see tests/.artifacts/visual-${name}-diff.png)`).toBeLessThanOrEqual(TOLERANCE);
          }
        } finally {
          await page.context().close();
        }
      });
    }
  }
});
