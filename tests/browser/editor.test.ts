// The lab editor in headless Chromium, on the built probes lab (default variant):
// JavaScript before/after the first editor opens, typing the liveness probe with a misspelt
// field (schema marker on that line), fixing it, Check passing every requirement, the edit
// surviving a reload, the next task starting from the passing file, Reset / Show solution /
// Download, and the keystroke-to-marker latency (reported, not asserted).
// Each test has a browser context of its own (fresh localStorage, made in beforeEach) and
// sets up the work it needs itself, so it passes alone and in any order.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser } from './browser.ts';

const USER = 'editor-test';
const VM = 'vm_lab08-probe.yaml';

interface JsLoad {
  url: string;
  raw: number;
  gzip: number;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let labUrl: string;
let exercise: { tasks: { id: string; files: { path: string; solution?: string }[] }[] };
const scripts: JsLoad[] = [];
const pending: Promise<void>[] = [];

async function findLabUrl(base: string): Promise<string> {
  for (const candidate of ['probes/', 'labs/probes/', 'docs/probes/', 'lab08/']) {
    const res = await fetch(new URL(candidate, base));
    if (res.ok && (await res.text()).includes('kvlab-task-slot')) return new URL(candidate, base).href;
  }
  const index = await (await fetch(base)).text();
  const m = /href="([^"]*probes[^"]*)"/.exec(index);
  if (m) return new URL(m[1], base).href;
  throw new Error(`no probes lab page found under ${base}`);
}

function record(res: Response): void {
  const url = res.url();
  const type = res.request().resourceType();
  if (!(type === 'script' || url.endsWith('.js') || url.endsWith('.mjs'))) return;
  // A worker's responses do not always hand their body to Playwright: read those again from
  // the server (same bytes, it serves static files).
  const body = res.body().catch(() => fetch(url).then(async (r) => Buffer.from(await r.arrayBuffer())));
  pending.push(
    body.then((b) => void scripts.push({ url, raw: b.length, gzip: gzipSync(b, { level: 9 }).length })).catch(() => {}),
  );
}

const sum = (list: JsLoad[]) => list.reduce((a, s) => a + s.gzip, 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** A browser profile of its own: nothing saved but the trainee's name, as the site's form stores it. */
async function newLabContext(user: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript((u) => {
    if (!localStorage.getItem('kvlab:v1:user')) localStorage.setItem('kvlab:v1:user', u);
  }, user);
  return ctx;
}

const solutionOf = (task: string, name: string) => exercise.tasks.find((t) => t.id === task)!.files.find((f) => f.path.endsWith(name))!.solution!;

async function setModel(id: string, name: string, text: string): Promise<void> {
  await page.evaluate(
    ([tid, n, t]) => {
      const models = window.kvlabEditors![tid].models;
      models[Object.keys(models).find((k) => k.endsWith(n))!].setValue(t);
    },
    [id, name, text] as const,
  );
}

/** The probes lab loaded and Task 8.1's editor open. */
async function openLab(): Promise<void> {
  await page.goto(labUrl, { waitUntil: 'networkidle' });
  await openTaskEditor('1');
}

/** Task 8.1 written as its solution and passed with Check, as a trainee would; returns the VM file. */
async function passTask1(): Promise<string> {
  await openLab();
  await setModel('1', 'cloudinit-probe.yaml', solutionOf('1', 'cloudinit-probe.yaml'));
  await setModel('1', VM, solutionOf('1', VM));
  await panel('1').getByRole('button', { name: 'Check', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.kvlab-task-slot[data-task-id="1"] .kvlab-check-results')?.getAttribute('data-passed') === 'true', null, { timeout: 30_000 });
  return modelText('1', VM);
}

async function openTaskEditor(id: string): Promise<void> {
  const slot = page.locator(`.kvlab-task-slot[data-task-id="${id}"]`);
  await slot.scrollIntoViewIfNeeded();
  await slot.locator('.monaco-editor').waitFor({ timeout: 60_000 });
  await page.waitForFunction((tid) => !!window.kvlabEditors?.[tid], id);
}

/** A screenshot of a task's editor and its Check list, with the page's sticky bars let go. */
async function shootPanel(id: string, file: string): Promise<void> {
  const released = await page.evaluate(() => {
    const changed: HTMLElement[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (el.closest('.kvlab-editor')) continue;
      const pos = getComputedStyle(el).position;
      if (pos === 'sticky' || pos === 'fixed') {
        el.dataset.kvlabShotPos = el.style.position;
        el.style.position = 'static';
        changed.push(el);
      }
    }
    return changed.length;
  });
  await panel(id).screenshot({ path: join(ARTIFACTS, file) });
  if (released) {
    await page.evaluate(() => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-kvlab-shot-pos]'))) {
        el.style.position = el.dataset.kvlabShotPos ?? '';
        delete el.dataset.kvlabShotPos;
      }
    });
  }
}

function panel(id: string) {
  return page.locator(`.kvlab-task-slot[data-task-id="${id}"] .kvlab-editor`);
}

async function modelText(id: string, name: string): Promise<string> {
  return page.evaluate(
    ([tid, n]) => {
      const models = window.kvlabEditors![tid].models;
      const key = Object.keys(models).find((p) => p.endsWith('/' + n) || p === n)!;
      return models[key].getValue();
    },
    [id, name] as const,
  );
}

async function markers(id: string, name: string): Promise<{ message: string; startLineNumber: number; severity: number }[]> {
  return page.evaluate(([tid, n]) => window.kvlabEditors![tid].markers(n) as never, [id, name] as const);
}

beforeAll(async () => {
  const sites = inject('sites');
  labUrl = await findLabUrl(sites.default);
  browser = await launchBrowser();
  exercise = await (await fetch(new URL('exercises/08.json', sites.default))).json();
});

afterAll(async () => {
  await browser?.close();
});

describe('lab editor', () => {
  beforeEach(async () => {
    scripts.length = 0;
    pending.length = 0;
    context = await newLabContext(USER);
    context.on('response', record);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  it('loads no editor code until a task slot comes near, then loads Monaco and the worker', async () => {
    await page.goto(labUrl, { waitUntil: 'networkidle' });
    // the page has settled: the network is idle and the main thread has nothing left to run
    await page.evaluate(() => new Promise<void>((r) => requestIdleCallback(() => r(), { timeout: 5000 })));
    await Promise.all(pending);
    const editorsEarly = await page.locator('.monaco-editor').count();
    const before = [...scripts];
    const beforeJs = sum(before);
    await openTaskEditor('1');
    await page.waitForLoadState('networkidle');
    // the editor validated its file: Monaco and the validator worker have both arrived
    await page.waitForFunction(() => !!document.querySelector('.kvlab-task-slot[data-task-id="1"] .kvlab-editor-status')?.textContent?.trim());
    await expect.poll(async () => (await Promise.all(pending), scripts.some((s) => /worker/i.test(s.url))), { timeout: 30_000 }).toBe(true);
    const after = [...scripts];
    const metrics = {
      labUrl,
      editorPresentBeforeScroll: editorsEarly > 0,
      jsBeforeEditorGzip: beforeJs,
      jsAfterEditorGzip: sum(after),
      before: before.map((s) => ({ url: new URL(s.url).pathname, gzip: s.gzip })),
      loadedByEditor: after.slice(before.length).map((s) => ({ url: new URL(s.url).pathname, gzip: s.gzip })),
    };
    writeFileSync(join(ARTIFACTS, 'editor-js.json'), JSON.stringify(metrics, null, 2));
    console.log(`[editor] JS before the editor opens: ${kb(metrics.jsBeforeEditorGzip)} gzipped; after: ${kb(metrics.jsAfterEditorGzip)}`);
    expect(editorsEarly).toBe(0);
    expect(beforeJs).toBeLessThan(60 * 1024);
    // Monaco and the validator worker came from the site itself, after the scroll.
    expect(metrics.loadedByEditor.some((s) => /worker/i.test(s.url))).toBe(true);
    expect(after.every((s) => new URL(s.url).origin === new URL(labUrl).origin)).toBe(true);
  });

  it('has a tab per file and the four actions by their accessible names', async () => {
    await openLab();
    const p = panel('1');
    await expect(p.getByRole('tab').allTextContents()).resolves.toEqual(expect.arrayContaining(['cloudinit-probe.yaml', VM]));
    for (const name of ['Check', 'Reset', 'Show solution', 'Download']) {
      await expect(p.getByRole('button', { name, exact: true }).count()).resolves.toBe(1);
    }
  });

  it('marks a misspelt probe field at its line, then passes Check once fixed', async () => {
    await openLab();
    const p = panel('1');
    // The cloud-init file the task text gives, pasted as a trainee would.
    const cloudInit = exercise.tasks.find((t) => t.id === '1')!.files.find((f) => f.path.endsWith('cloudinit-probe.yaml'))!.solution!;
    await p.getByRole('tab', { name: 'cloudinit-probe.yaml' }).click();
    await page.evaluate((text) => {
      const models = window.kvlabEditors!['1'].models;
      models[Object.keys(models).find((k) => k.endsWith('cloudinit-probe.yaml'))!].setValue(text);
    }, cloudInit);
    await p.getByRole('tab', { name: VM }).click();
    const solution = exercise.tasks.find((t) => t.id === '1')!.files.find((f) => f.path.endsWith(VM))!.solution!;
    const lines = solution.split('\n');
    const start = lines.findIndex((l) => /^\s*livenessProbe:/.test(l));
    expect(start).toBeGreaterThan(0);
    const indent = lines[start].length - lines[start].trimStart().length;
    let end = start + 1;
    while (end < lines.length && (lines[end].trim() === '' || lines[end].length - lines[end].trimStart().length > indent)) end++;
    const probe = lines.slice(start, end);
    const without = [...lines.slice(0, start), ...lines.slice(end)].join('\n');
    // Start from the task's VM without the probe, then type the probe line by line.
    await page.evaluate(
      ([text, n]) => {
        const models = window.kvlabEditors!['1'].models;
        models[Object.keys(models).find((k) => k.endsWith(n))!].setValue(text);
      },
      [without, VM] as const,
    );
    await page.evaluate((line) => {
      const ed = window.kvlabEditors!['1'].editor as { setPosition(p: unknown): void; focus(): void; getModel(): { getLineMaxColumn(l: number): number } };
      ed.setPosition({ lineNumber: line, column: ed.getModel().getLineMaxColumn(line) });
      ed.focus();
    }, start);
    let typoLine = 0;
    for (const [i, line] of probe.entries()) {
      const typed = line.replace('initialDelaySeconds', 'initialDelaySecond');
      if (typed !== line) typoLine = start + 1 + i;
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home'); // the auto-indent, replaced by the line's own
      await page.keyboard.insertText(typed);
    }
    expect(typoLine).toBeGreaterThan(0);
    await page.waitForFunction(
      ([n, l]) => (window.kvlabEditors!['1'].markers(n) as { startLineNumber: number; severity: number }[]).some((m) => m.startLineNumber === l && m.severity === 8),
      [VM, typoLine] as const,
      { timeout: 10_000 },
    );
    const errs = (await markers('1', VM)).filter((m) => m.severity === 8);
    expect(errs.some((m) => m.startLineNumber === typoLine && /initialDelaySecond/.test(m.message))).toBe(true);
    await expect(p.locator('.kvlab-editor-status').textContent()).resolves.toMatch(/\d+ errors?, \d+ warnings?/);
    // Check now fails; the screenshot shows the marker and the failed list.
    await p.getByRole('button', { name: 'Check', exact: true }).click();
    await p.locator('.kvlab-check-list').waitFor();
    await expect(p.locator('.kvlab-check-list li[data-passed="false"]').count()).resolves.toBeGreaterThan(0);
    await page.evaluate((l) => {
      const ed = window.kvlabEditors!['1'].editor as { revealLineInCenter(l: number): void };
      ed.revealLineInCenter(l);
    }, typoLine);
    await shootPanel('1', 'editor-error-and-check.png');

    // A failed requirement jumps to its place in the editor.
    const failed = p.locator('.kvlab-check-list li[data-passed="false"] button').first();
    if (await failed.count()) await failed.click();

    // Fix: the missing "s" at the end of the field name.
    await page.evaluate(
      ([l, col]) => {
        const ed = window.kvlabEditors!['1'].editor as { setPosition(p: unknown): void; focus(): void };
        ed.setPosition({ lineNumber: l, column: col });
        ed.focus();
      },
      [typoLine, probe[typoLine - start - 1].indexOf('initialDelaySeconds') + 'initialDelaySecond'.length + 1] as const,
    );
    await page.keyboard.type('s');
    await page.waitForFunction(
      (n) => (window.kvlabEditors!['1'].markers(n) as { severity: number }[]).every((m) => m.severity !== 8),
      VM,
      { timeout: 10_000 },
    );
    expect(await modelText('1', VM)).toContain('initialDelaySeconds');
    await p.getByRole('button', { name: 'Check', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.kvlab-task-slot[data-task-id="1"] .kvlab-check-results')?.getAttribute('data-passed') === 'true', null, { timeout: 10_000 });
    const results = await p.locator('.kvlab-check-list li').evaluateAll((els) => els.map((e) => (e.getAttribute('data-skipped') ? 'skipped' : e.getAttribute('data-passed'))));
    expect(results.length).toBeGreaterThan(0);
    // Every requirement passes (a behaviour requirement is only "skipped" in a build without the simulator).
    expect(results.filter((r) => r !== 'skipped').every((r) => r === 'true')).toBe(true);
    expect(results.filter((r) => r === 'true').length).toBeGreaterThan(0);
    await shootPanel('1', 'editor-check-passed.png');
    // The sidebar link to the task is marked when the site has one.
    const links = page.locator('a[href$="#task-1"]');
    if (await links.count()) await expect(page.locator('a[href$="#task-1"].kvlab-task-passed').count()).resolves.toBeGreaterThan(0);
  });

  it('marks an unclosed quote where it opens: the worker loads the positioned YAML reader only then', async () => {
    const requested: string[] = [];
    page.context().on('request', (r) => requested.push(new URL(r.url()).pathname));
    await openLab();
    await setModel('1', VM, solutionOf('1', VM));
    const good = await modelText('1', VM);
    await page.waitForFunction((n) => (window.kvlabEditors!['1'].markers(n) as { severity: number }[]).every((m) => m.severity < 8), VM, { timeout: 15_000 });
    expect(requested.filter((u) => /slow-path/.test(u))).toEqual([]); // a valid file never fetches it
    const lines = good.split('\n');
    const nameLine = lines.findIndex((l) => /^\s*name:/.test(l)) + 1;
    const bad = lines.map((l, i) => (i === nameLine - 1 ? l.replace(/name:\s*/, (m) => `${m}"`) : l)).join('\n');
    const opening = /name:\s*/.exec(lines[nameLine - 1]!)!;
    const column = opening.index + opening[0].length + 1; // the quote's own column
    try {
      await setModel('1', VM, bad);
      const marker = await page.waitForFunction(
        ([n, l]) => (window.kvlabEditors!['1'].markers(n) as { startLineNumber: number; startColumn: number; severity: number; message: string }[]).find((m) => m.startLineNumber === l && m.severity === 8),
        [VM, nameLine] as const,
        { timeout: 15_000 },
      );
      const m = (await marker.jsonValue()) as { startColumn: number; message: string };
      expect(m.startColumn).toBe(column);
      expect(m.message).toMatch(/never closed/);
      expect(requested.some((u) => /slow-path/.test(u))).toBe(true);
    } finally {
      await setModel('1', VM, good);
    }
  });

  it('completes field names with their descriptions and shows schema docs on hover', async () => {
    // the VM with its liveness probe written, as after the task
    await openLab();
    await setModel('1', VM, solutionOf('1', VM));
    const before = await modelText('1', VM);
    const lines = before.split('\n');
    const probeLine = lines.findIndex((l) => /^\s*livenessProbe:/.test(l)) + 1;
    const indent = ' '.repeat(lines[probeLine].length - lines[probeLine].trimStart().length);
    // A new line inside livenessProbe, "fail", and ask for completion.
    await page.evaluate((l) => {
      const ed = window.kvlabEditors!['1'].editor as { setPosition(p: unknown): void; focus(): void; getModel(): { getLineMaxColumn(l: number): number } };
      ed.setPosition({ lineNumber: l, column: ed.getModel().getLineMaxColumn(l) });
      ed.focus();
    }, probeLine);
    try {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.insertText(indent + 'fail');
      await page.keyboard.press('Control+Space');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'failureThreshold' });
      await row.first().waitFor({ timeout: 15_000 });
      // The description comes with it: Ctrl+Space again opens the suggestion's details pane.
      const details = page.locator('.suggest-details .docs, .suggest-details .body').filter({ hasText: /\w{4,}/ });
      for (let i = 0; i < 5 && !(await details.first().isVisible()); i++) {
        await page.keyboard.press('Control+Space');
        await details.first().waitFor({ state: 'visible', timeout: 1000 }).catch(() => undefined);
      }
      await expect(details.first().textContent()).resolves.toMatch(/\w{4,}/);
      await page.keyboard.press('Escape');
    } finally {
      // Put the file back as it was, whatever happened above (the hover below reads its lines).
      await page.evaluate(([text, n]) => {
        const models = window.kvlabEditors!['1'].models;
        models[Object.keys(models).find((k) => k.endsWith(n))!].setValue(text);
      }, [before, VM] as const);
    }

    // Hover over a key: the schema's description.
    const hoverKey = async (text: string, key: string, expected: RegExp) => {
      const line = text.split('\n').findIndex((l) => new RegExp(`^\\s*${key}:`).test(l)) + 1;
      const col = text.split('\n')[line - 1].indexOf(key) + 3;
      const point = await page.evaluate(([l, c]) => {
        const ed = window.kvlabEditors!['1'].editor as {
          revealLineInCenter(l: number): void;
          getScrolledVisiblePosition(p: unknown): { top: number; left: number; height: number } | null;
          getDomNode(): HTMLElement;
        };
        ed.revealLineInCenter(l);
        const pos = ed.getScrolledVisiblePosition({ lineNumber: l, column: c })!;
        // the editor can be taller than the window: scroll the page so the line is on screen
        window.scrollBy({ top: ed.getDomNode().getBoundingClientRect().top + pos.top - innerHeight / 2, behavior: 'instant' });
        const box = ed.getDomNode().getBoundingClientRect();
        return { x: box.left + pos.left + 2, y: box.top + pos.top + pos.height / 2 };
      }, [line, col] as const);
      const hover = page.locator('.monaco-hover', { hasText: expected });
      // A trainee whose hover came up empty moves away and back: on a loaded machine the first
      // request can land before the group's docs module has loaded, and Monaco does not retry.
      for (let attempt = 1; ; attempt++) {
        await page.mouse.move(point.x, point.y);
        await page.mouse.move(point.x + 1, point.y);
        try {
          await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
          break;
        } catch (e) {
          if (attempt === 3) throw e;
          await page.mouse.move(0, 0);
        }
      }
      await page.mouse.move(0, 0);
    };
    await hoverKey(before, 'periodSeconds', /period|seconds/i);
    // A Deployment beside the VM: its docs load with the apps group, and its fields hover too.
    const withDeploy = `${before.trimEnd()}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n`;
    await page.evaluate(([text, n]) => {
      const models = window.kvlabEditors!['1'].models;
      models[Object.keys(models).find((k) => k.endsWith(n))!].setValue(text);
    }, [withDeploy, VM] as const);
    try {
      await hoverKey(withDeploy, 'replicas', /Number of desired pods/);
    } finally {
      await page.evaluate(([text, n]) => {
        const models = window.kvlabEditors!['1'].models;
        models[Object.keys(models).find((k) => k.endsWith(n))!].setValue(text);
      }, [before, VM] as const);
    }
  });

  it('measures keystroke-to-marker latency on the probes-lab VM', async () => {
    await openLab();
    await setModel('1', VM, solutionOf('1', VM));
    await page.evaluate(() => {
      window.kvlabEditorStats!.latencies.length = 0;
    });
    const text = await modelText('1', VM);
    const lastLine = text.split('\n').length;
    await page.evaluate((l) => {
      const ed = window.kvlabEditors!['1'].editor as { setPosition(p: unknown): void; focus(): void };
      ed.setPosition({ lineNumber: l, column: 1 });
      ed.focus();
    }, lastLine);
    // 40 keystrokes at a brisk typing pace, then take them back out.
    const word = '# typing-latency-probe-line-for-kvlab-x';
    await page.keyboard.type(word, { delay: 60 }); // a trainee's pace, not a wait
    for (let i = 0; i < word.length; i++) await page.keyboard.press('Backspace', { delay: 60 });
    // the edits were validated as they came: markers followed the keystrokes
    await expect.poll(() => page.evaluate(() => window.kvlabEditorStats!.latencies.length), { timeout: 30_000 }).toBeGreaterThan(10);
    const lat = await page.evaluate(() => [...window.kvlabEditorStats!.latencies]);
    const sorted = [...lat].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    const report = { samples: lat.length, p50: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1] };
    writeFileSync(join(ARTIFACTS, 'editor-latency.json'), JSON.stringify(report, null, 2));
    console.log(`[editor] keystroke-to-marker latency: p50 ${report.p50.toFixed(1)} ms, p95 ${report.p95.toFixed(1)} ms over ${report.samples} validations`);
    expect(await modelText('1', VM)).toBe(text);
  });

  it('keeps the edit across a reload', async () => {
    await passTask1();
    const text = await modelText('1', VM);
    await page.reload({ waitUntil: 'networkidle' });
    // The sidebar shows the passed task at load, before any editor opens.
    if (await page.locator('a[href$="#task-1"]').count()) {
      await expect(page.locator('a[href$="#task-1"].kvlab-task-passed').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('a[href$="#task-2"].kvlab-task-passed').count()).resolves.toBe(0);
    }
    await openTaskEditor('1');
    expect(await modelText('1', VM)).toBe(text);
    expect(text).toContain('initialDelaySeconds');
  });

  it('starts the next task from the passing file of the previous one', async () => {
    const passing = await passTask1();
    await openTaskEditor('2');
    expect(await modelText('2', VM)).toBe(passing);
    await expect(panel('2').locator('.kvlab-editor-origin').textContent()).resolves.toMatch(/passing file of Task 8\.1/);
  });

  it('shows the solution as a diff, downloads the file and resets after confirmation', async () => {
    // Task 8.2's editor, started from the passing file of Task 8.1
    await passTask1();
    await openTaskEditor('2');
    const p = panel('2');
    await p.getByRole('tab', { name: VM }).click();
    await p.getByRole('button', { name: 'Show solution', exact: true }).click();
    await expect(p.locator('.kvlab-diff ins').count()).resolves.toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), p.getByRole('button', { name: 'Download', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(VM);
    // Reset: cancel keeps the edit, confirming restores the start.
    await page.evaluate(() => {
      const models = window.kvlabEditors!['2'].models;
      const m = models[Object.keys(models).find((k) => k.endsWith('vm_lab08-probe.yaml'))!];
      m.setValue(m.getValue() + '# scratch\n');
    });
    await p.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await modelText('2', VM)).toContain('# scratch');
    await p.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByRole('button', { name: 'Discard my changes' }).click();
    expect(await modelText('2', VM)).not.toContain('# scratch');
  });

  it('exports all progress as one JSON file and imports it into a fresh browser', async () => {
    const text = await passTask1();
    const p = panel('1');
    const [download] = await Promise.all([page.waitForEvent('download'), p.getByRole('button', { name: 'Export progress', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`kvlab-progress-${USER}.json`);
    const file = join(ARTIFACTS, 'editor-progress-export.json');
    await download.saveAs(file);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(data).toMatchObject({ format: 'kvlab-progress', version: 1 });
    expect(Object.keys(data.entries).some((k: string) => k.startsWith(`kvlab:v1:pass:${USER}:08:default:1`))).toBe(true);

    // Another browser profile: same trainee name, nothing saved; import brings the work back.
    const other = await newLabContext(USER);
    const fresh = await other.newPage();
    await fresh.goto(labUrl, { waitUntil: 'networkidle' });
    const slot = fresh.locator('.kvlab-task-slot[data-task-id="1"]');
    await slot.scrollIntoViewIfNeeded();
    await slot.locator('.monaco-editor').waitFor({ timeout: 60_000 });
    const readVm = () =>
      fresh.evaluate((n) => {
        const models = window.kvlabEditors!['1'].models;
        return models[Object.keys(models).find((k) => k.endsWith(n))!].getValue();
      }, VM);
    expect(await readVm()).not.toBe(text);
    // A file that is not an export is refused with a reason, and nothing changes.
    await slot.locator('input[type=file]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
    await expect(slot.locator('.kvlab-check-error').textContent()).resolves.toMatch(/notes\.json: not a kvlab progress file/);
    await Promise.all([fresh.waitForEvent('load'), slot.locator('input[type=file]').setInputFiles(file)]);
    await slot.scrollIntoViewIfNeeded();
    await slot.locator('.monaco-editor').waitFor({ timeout: 60_000 });
    await fresh.waitForFunction(() => !!window.kvlabEditors?.['1']);
    expect(await readVm()).toBe(text);
    await other.close();
  });
});

// #16 items 3 and 4, each in a browser profile of its own (a trainee who has saved nothing).
describe('Check agrees with the file, and says when it is out of date', () => {
  let own: BrowserContext;
  let p2: Page;

  beforeEach(async () => {
    own = await newLabContext('check-stale-test');
    p2 = await own.newPage();
    await p2.goto(labUrl, { waitUntil: 'networkidle' });
    const slot = p2.locator('.kvlab-task-slot[data-task-id="1"]');
    await slot.scrollIntoViewIfNeeded();
    await slot.locator('.monaco-editor').waitFor({ timeout: 60_000 });
    await p2.waitForFunction(() => !!window.kvlabEditors?.['1']);
  });
  afterEach(async () => {
    await own?.close();
  });

  const setFile = (name: string, text: string) =>
    p2.evaluate(
      ([n, t]) => {
        const models = window.kvlabEditors!['1'].models;
        models[Object.keys(models).find((k) => k.endsWith(n))!].setValue(t);
      },
      [name, text] as const,
    );
  const items = () =>
    p2.locator('.kvlab-task-slot[data-task-id="1"] .kvlab-check-list li').evaluateAll((els) =>
      els.map((e) => ({ passed: e.getAttribute('data-passed'), skipped: e.getAttribute('data-skipped'), text: e.textContent ?? '' })),
    );
  /** A misspelt VM field and an empty cloud-init file, then Check: its list drawn. */
  async function checkMisspelt(): Promise<void> {
    const solution = exercise.tasks.find((t) => t.id === '1')!.files.find((f) => f.path.endsWith(VM))!.solution!;
    expect(solution).toContain('periodSeconds: 20');
    await setFile(VM, solution.replace('periodSeconds: 20', 'periodSecond: 20'));
    await setFile('cloudinit-probe.yaml', '');
    const p = p2.locator('.kvlab-task-slot[data-task-id="1"] .kvlab-editor');
    await p.getByRole('button', { name: 'Check', exact: true }).click();
    await p.locator('.kvlab-check-list').waitFor({ timeout: 30_000 });
  }

  it('a misspelt field and an empty cloud-init file: no requirement on a file that fails validation is ticked', async () => {
    await checkMisspelt();
    const p = p2.locator('.kvlab-task-slot[data-task-id="1"] .kvlab-editor');
    const list = await items();
    const accepts = list.find((i) => i.text.includes('Fix the VirtualMachine so the cluster accepts it'))!;
    const valid = list.find((i) => i.text.includes('Create cloudinit-probe.yaml as valid #cloud-config'))!;
    expect(accepts.passed).toBe('false');
    expect(accepts.text).toContain('periodSecond');
    expect(valid.passed).toBe('false');
    expect(valid.text).toContain('the file is empty');
    // nothing ticked says the opposite of a line below it
    for (const i of list) if (/the file is empty|rejects this VM|unknown field/.test(i.text)) expect(i.passed, i.text).toBe('false');
    await p.screenshot({ path: join(ARTIFACTS, 'editor-check-consistent.png') });
  });

  it('the next edit marks the result out of date; Check again replaces it', async () => {
    await checkMisspelt();
    const p = p2.locator('.kvlab-task-slot[data-task-id="1"] .kvlab-editor');
    const results = p.locator('.kvlab-check-results');
    expect(await results.getAttribute('data-stale')).toBeNull();
    await p.getByRole('tab', { name: VM }).click();
    // a real keystroke at the end of the file
    await p2.evaluate(() => {
      const ed = window.kvlabEditors!['1'].editor as { setPosition(p: unknown): void; focus(): void; getModel(): { getLineCount(): number } };
      ed.setPosition({ lineNumber: ed.getModel().getLineCount(), column: 1 });
      ed.focus();
    });
    await p2.keyboard.type('#');
    await p2.waitForFunction(() => document.querySelector('.kvlab-task-slot[data-task-id="1"] .kvlab-check-results')?.getAttribute('data-stale') === 'true', null, { timeout: 10_000 });
    await expect(p.locator('.kvlab-check-stale').textContent()).resolves.toMatch(/Out of date: the files changed since this Check/);
    await p.screenshot({ path: join(ARTIFACTS, 'editor-check-stale.png') });
    await p.getByRole('button', { name: 'Check again', exact: true }).click();
    await p2.waitForFunction(() => {
      const r = document.querySelector('.kvlab-task-slot[data-task-id="1"] .kvlab-check-results');
      return !!r?.querySelector('.kvlab-check-list') && r.getAttribute('data-stale') === null;
    }, null, { timeout: 30_000 });
    expect(await p.locator('.kvlab-check-stale').count()).toBe(0);
  });
});
