// Docsy's tabpane/tab on a page: a small Hugo training written here (a tool installed three ways,
// then checked three ways) built with `kvlab build --content`, then in Chromium: each pane is an
// ARIA tablist showing one panel, a label tab stays disabled, the arrow keys move between tabs,
// and choosing "Windows" in one pane chooses it in the other and again after a reload. The same
// page has a highlight shortcode with Hugo's hl_lines and linenos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { ARTIFACTS, launchBrowser } from './browser.ts';

const root = join(import.meta.dirname, '..', '..');
const training: Record<string, string> = {
  'config/_default/config.toml': 'title = "Tabs Training"\ncontentDir = "content/en"\n[params]\ncliToolName = "kubectl"\n',
  'content/en/docs/_index.md': '---\ntitle: "Labs"\nweight: 1\n---\nThe labs.\n',
  'content/en/docs/tools/_index.md': `---
title: "Install the tools"
weight: 1
---

## Install virtctl

{{< tabpane >}}
{{% tab header="Pick your system:" disabled=true /%}}
{{< tab header="Linux" lang="bash" >}}
curl -L -o virtctl https://example.invalid/virtctl-linux-amd64
{{< /tab >}}
{{< tab header="macOS" lang="bash" >}}
brew install virtctl
{{< /tab >}}
{{< tab header="Windows" lang="powershell" >}}
winget install virtctl
{{< /tab >}}
{{< /tabpane >}}

## Check it

{{< tabpane text=true >}}
{{% tab header="Linux" %}}
Run \`virtctl version\` in a **terminal**.
{{% /tab %}}
{{% tab header="macOS" %}}
Run \`virtctl version\` in *Terminal.app*.
{{% /tab %}}
{{% tab header="Windows" %}}
Run \`virtctl.exe version\` in PowerShell.
{{% /tab %}}
{{< /tabpane >}}

## Its configuration

{{< highlight yaml "hl_lines=2,linenos=table,linenostart=7" >}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: virtctl
{{< /highlight >}}
`,
};

let dir: string;
let server: StaticServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kvlab-tabs-'));
  for (const [path, text] of Object.entries(training)) {
    mkdirSync(dirname(join(dir, 'src', path)), { recursive: true });
    writeFileSync(join(dir, 'src', path), text);
  }
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'build', '--content', join(dir, 'src'), '--out', join(dir, 'out')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kvlab build failed:\n${r.stdout}${r.stderr}`);
  server = await serveStatic(join(dir, 'out', 'default'));
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const panes = () => page.locator('.kvlab-tabpane');
const selected = (pane: number) => panes().nth(pane).locator('[role="tab"][aria-selected="true"]').textContent();
const visiblePanels = (pane: number) => panes().nth(pane).locator('[role="tabpanel"]:visible');

describe('tabpane in the browser', () => {
  it('turns each pane into a tablist with one visible panel; a label tab is disabled and never shown', async () => {
    await page.goto(`${server.url}/docs/tools/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect.poll(() => panes().nth(0).locator('[role="tab"]').allTextContents()).toEqual(['Pick your system:', 'Linux', 'macOS', 'Windows']);
    expect(await panes().nth(0).locator('[role="tab"]').first().isDisabled()).toBe(true);
    expect(await selected(0)).toBe('Linux');
    expect(await visiblePanels(0).count()).toBe(1);
    expect(await visiblePanels(0).textContent()).toContain('virtctl-linux-amd64');
    // the panel is labelled by its tab, and the header paragraph is not shown twice
    const panel = visiblePanels(0);
    const tabId = await panel.getAttribute('aria-labelledby');
    expect(await page.locator(`#${tabId}`).textContent()).toBe('Linux');
    expect(await panel.locator('.kvlab-tab-header').isVisible()).toBe(false);
    // code tabs keep the page's code actions; text tabs render Markdown
    expect(await visiblePanels(0).locator('button', { hasText: 'Copy' }).count()).toBe(1);
    expect(await visiblePanels(1).locator('strong').textContent()).toBe('terminal');
  });

  it('moves with the arrow keys, skipping the disabled tab, and shows the chosen panel', async () => {
    await panes().nth(0).locator('[role="tab"]', { hasText: 'Linux' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await selected(0)).toBe('macOS');
    await page.keyboard.press('End');
    expect(await selected(0)).toBe('Windows');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Windows');
    await page.keyboard.press('ArrowRight'); // wraps past the label to Linux
    expect(await selected(0)).toBe('Linux');
    await page.keyboard.press('ArrowLeft');
    expect(await selected(0)).toBe('Windows');
    expect(await visiblePanels(0).textContent()).toContain('winget install virtctl');
  });

  it("shows Hugo's hl_lines and line numbers, and Copy copies the code without them", async () => {
    const pre = page.locator('pre.kvlab-linenos');
    expect(await pre.locator('.line.highlighted').allTextContents()).toEqual(['kind: ConfigMap']);
    const numbers = await pre.locator('.line').evaluateAll((ls) => ls.map((l) => getComputedStyle(l, '::before').content));
    expect(numbers).toEqual(['counter(kvlab-line)', 'counter(kvlab-line)', 'counter(kvlab-line)', 'counter(kvlab-line)']);
    expect(await pre.evaluate((p) => getComputedStyle(p).counterReset)).toBe('kvlab-line 6');
    expect(await pre.locator('code').textContent()).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: virtctl');
  });

  it('a choice carries over to the other pane and survives a reload', async () => {
    await panes().nth(1).locator('[role="tab"]', { hasText: 'macOS' }).click();
    expect(await selected(1)).toBe('macOS');
    expect(await selected(0)).toBe('macOS');
    await page.reload();
    await expect.poll(() => selected(0)).toBe('macOS');
    expect(await selected(1)).toBe('macOS');
    expect(await visiblePanels(1).textContent()).toContain('Terminal.app');
    await page.screenshot({ path: join(ARTIFACTS, 'tabpane.png'), fullPage: true });
  });
});
