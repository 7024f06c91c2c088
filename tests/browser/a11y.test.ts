// Accessibility check (axe-core in the page) of the probes lab with Task 8.1's editor, its
// simulator and the terminal open, in both themes, at 1366 and 390 px: no violation of
// serious or critical impact.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { launchBrowser } from './browser.ts';
import { freshPage, openAll, type Theme, type Width } from './lab-states.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;
let base: string;

beforeAll(async () => {
  base = inject('sites').default!;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

async function axe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
  });
}

describe('axe-core on the lab page with editor, simulator and terminal open', () => {
  for (const width of ['desktop', 'phone'] as Width[]) {
    for (const theme of ['light', 'dark'] as Theme[]) {
      it(`${width}, ${theme}: no serious or critical violation`, async () => {
        const page = await freshPage(browser, width, theme);
        try {
          await openAll(page, base);
          expect(await axe(page)).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});
