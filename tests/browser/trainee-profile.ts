// A trainee's browser profile for the lab-page tests: the trainee's name and the editors' saved
// drafts in localStorage (set once, before the first page of the context loads), and a lab page
// opened in such a profile with the sandbox terminal at its prompt.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { draftKey } from '../../site/lib/progress.ts';
import { typeLine, waitForScreen } from './sandbox-term.ts';

interface Lab {
  tasks: { id: string; files: { path: string; solution: string }[] }[];
}

/** Every task's reference solution of the built lab `slug` as the editors' saved drafts of `user`. */
export async function solutionDrafts(siteUrl: string, slug: string, user: string): Promise<Record<string, string>> {
  const lab = (await (await fetch(`${siteUrl}/exercises/${slug}.json`)).json()) as Lab;
  const drafts: Record<string, string> = {};
  for (const t of lab.tasks) for (const f of t.files) drafts[draftKey({ user, lab: slug, variant: 'default' }, t.id, f.path)] = JSON.stringify({ text: f.solution, savedAt: 1 });
  return drafts;
}

/** A fresh context (1280×900) whose localStorage starts with the trainee's name and `drafts`. */
export async function traineeContext(browser: Browser, user: string, drafts: Record<string, string>): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(
    ({ user, drafts }) => {
      if (localStorage.getItem('kvlab:v1:user')) return;
      localStorage.setItem('kvlab:v1:user', user);
      for (const [k, v] of Object.entries(drafts)) localStorage.setItem(k, v);
    },
    { user, drafts },
  );
  return context;
}

/**
 * The lab `slug` in a fresh profile whose editors hold every task's reference solution, with the
 * sandbox terminal open at its prompt, focused, and simulated time at 60x (an import, a
 * migration or a VMI's start take well under a second of real time).
 */
export async function openLabWithSolutions(browser: Browser, siteUrl: string, slug: string, user: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await traineeContext(browser, user, await solutionDrafts(siteUrl, slug, user));
  const page = await context.newPage();
  await page.goto(`${siteUrl}/${slug}/`, { waitUntil: 'networkidle' });
  await page.click('#terminal-toggle');
  await waitForScreen(page, new RegExp(`${user}@sandbox:~\\$ $`));
  await page.locator('.kvlab-term .xterm').click();
  await typeLine(page, 'speed 60', /simulated time now runs 60x real time/);
  return { context, page };
}
