// The sandbox terminal as a trainee drives it: the screen as text, waiting until it shows
// something, typing a command, and a code block's "Run in terminal".
import type { Page } from 'playwright-core';

/** The terminal's screen as text (xterm's buffer, wrapped lines joined). */
export async function screen(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = window as unknown as { kvlabTerminal?: { term: { buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string; isWrapped: boolean } | undefined } } } } };
    if (!w.kvlabTerminal) return '';
    const b = w.kvlabTerminal.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const l = b.getLine(i);
      if (!l) continue;
      if (l.isWrapped && out.length) out[out.length - 1] += l.translateToString(true);
      else out.push(l.translateToString(true));
    }
    return out.join('\n').replace(/\n+$/, '');
  });
}

/** Polls the screen (a condition, not a fixed sleep) until `re` matches what came after `from` lines. */
export async function waitForScreen(page: Page, re: RegExp, from = 0, timeout = 60_000): Promise<string> {
  const end = Date.now() + timeout;
  for (;;) {
    const s = (await screen(page)).split('\n').slice(from).join('\n');
    if (re.test(s)) return s;
    if (Date.now() > end) throw new Error(`terminal never showed ${re}; it shows:\n${s.split('\n').slice(-25).join('\n')}`);
    await page.waitForTimeout(100);
  }
}

/** The number of lines on the screen now: later waits look only below it. */
export const mark = async (page: Page): Promise<number> => Math.max(0, (await screen(page)).split('\n').length - 1);

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Types a line into the terminal; waits for `expectOut` after it and returns the output from the command's line on. */
export async function typeLine(page: Page, line: string, expectOut: RegExp): Promise<string> {
  const from = await mark(page);
  await page.keyboard.type(line, { delay: 2 });
  await page.keyboard.press('Enter');
  return waitForScreen(page, expectOut, from);
}

/** "Run in terminal" on the `nth` shell block whose text contains (or matches) `text`; waits for `expectOut` after it. */
export async function runBlock(page: Page, text: string | RegExp, expectOut: RegExp, nth = 0): Promise<string> {
  const block = page.locator('.code-block', { hasText: text }).filter({ has: page.getByRole('button', { name: 'Run in terminal' }) }).nth(nth);
  await block.scrollIntoViewIfNeeded();
  const from = await mark(page);
  await block.getByRole('button', { name: 'Run in terminal' }).click();
  return waitForScreen(page, expectOut, from);
}

/** Ctrl-C (ends a watch) and the prompt after it. */
export async function interrupt(page: Page, user: string): Promise<void> {
  const from = await mark(page);
  await page.keyboard.press('Control+C');
  await waitForScreen(page, new RegExp(`${escapeRe(user)}@sandbox:~\\$ $`), from);
}
