// A task with a derived exercise on a page of a `--content` training (kvlab's own KubeVirt lab
// training, tests/fixtures/kubevirt-lab-training; the DataVolume import task): the editor opens
// on the page, a mistake typed into it gets its marker, the fix clears it, Check passes and the
// sidebar ticks the task. One page load for all of it (the fixture-site.ts build, shared).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { kubevirtLabSite } from './fixture-site.ts';
import { openEditor } from './lab-states.ts';

const DV = 'dv_lab02-cirros.yaml';
let server: StaticServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await kubevirtLabSite(); // one build of the fixture, shared with kubevirt-labs.test.ts
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const markers = () => page.evaluate((n) => {
  const w = window as unknown as { kvlabEditors: Record<string, { markers(n: string): { startLineNumber: number; severity: number }[] }> };
  return w.kvlabEditors['1'].markers(n);
}, DV);

describe('a derived exercise in a --content training', () => {
  it('editor, marker on a typed mistake, fix, Check passes, sidebar tick', async () => {
    await page.goto(`${server.url}/docs/disks/import-disk/`, { waitUntil: 'networkidle' });
    await openEditor(page, '1');
    const slot = page.locator('.kvlab-task-slot[data-task-id="1"]');
    // the trainee's file starts from the block the task says to start with (the blank DataVolume)
    const start = await page.evaluate((n) => {
      const w = window as unknown as { kvlabEditors: Record<string, { models: Record<string, { getValue(): string }> }> };
      const models = w.kvlabEditors['1'].models;
      return models[Object.keys(models).find((k) => k.endsWith(n))!].getValue();
    }, DV);
    expect(start).toContain('blank: {}');
    // write the DataVolume the task asks for, as the Task hint shows it
    const res = await page.request.get(`${server.url}/exercises/docs/disks/import-disk.json`);
    const lab = (await res.json()) as { tasks: { id: string; files: { path: string; solution: string }[] }[] };
    const solution = lab.tasks.find((t) => t.id === '1')!.files[0].solution;
    await page.evaluate(([n, t]) => {
      const w = window as unknown as { kvlabEditors: Record<string, { models: Record<string, { setValue(t: string): void }>; editor: { setPosition(p: unknown): void; focus(): void } }> };
      const e = w.kvlabEditors['1'];
      e.models[Object.keys(e.models).find((k) => k.endsWith(n))!].setValue(t);
      e.editor.setPosition({ lineNumber: 1, column: 1 });
      e.editor.focus();
    }, [DV, solution] as const);
    // type a mistake: a line of broken YAML at the top
    await page.keyboard.insertText('oops: [\n');
    await page.waitForFunction(
      (n) => {
        const w = window as unknown as { kvlabEditors: Record<string, { markers(n: string): { startLineNumber: number; severity: number }[] }> };
        return w.kvlabEditors['1'].markers(n).some((m) => m.severity === 8);
      },
      DV,
      { timeout: 20_000 },
    );
    expect((await markers()).some((m) => m.severity === 8)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'derived-editor-marker.png') });
    // fix it: delete what was typed (the line and the auto-indent after it)
    await page.keyboard.press('Shift+Control+Home');
    await page.keyboard.press('Delete');
    await page.waitForFunction(
      (n) => {
        const w = window as unknown as { kvlabEditors: Record<string, { markers(n: string): { severity: number }[] }> };
        return w.kvlabEditors['1'].markers(n).every((m) => m.severity !== 8);
      },
      DV,
      { timeout: 20_000 },
    );
    await slot.getByRole('button', { name: 'Check', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.kvlab-task-slot[data-task-id="1"] .kvlab-check-results')?.getAttribute('data-passed') === 'true', null, { timeout: 30_000 });
    await expect(page.locator('nav.sidebar a[href$="#task-1"].kvlab-task-passed').count()).resolves.toBeGreaterThan(0);
    await slot.screenshot({ path: join(ARTIFACTS, 'derived-editor-passed.png') });
  });
});
