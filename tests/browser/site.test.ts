// The site in headless Chromium: the probes lab of each variant (five "Task 8.n" headings with
// stable anchors, the solution disclosures, the tolerations block only where the variant
// enables it), the trainee's name from ?user= in every command and in what Copy copies, no
// actions on command output, Run in terminal, dark mode, keyboard access and a phone layout.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser } from './browser.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let sites: Record<string, string>;

const lab = (variant: string, query = '') => new URL(`probes/${query}`, sites[variant].replace(/\/?$/, '/')).href;

beforeAll(async () => {
  sites = inject('sites');
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(sites.default).origin });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe('probes lab page', () => {
  it('has the five numbered tasks with anchors task-1..5, in the sidebar and the page data', async () => {
    await page.goto(lab('default'));
    const headings = page.locator('article h2[id^="task-"]');
    expect(await headings.evaluateAll((hs) => hs.map((h) => `${h.id} ${h.textContent!.trim()}`))).toEqual([
      'task-1 Task 8.1: Define a HTTP liveness probe',
      'task-2 Task 8.2: Add a HTTP readiness probe',
      'task-3 Task 8.3: Change the HTTP liveness probe to TCP',
      'task-4 Task 8.4: Test the behaviour when probes fail',
      'task-5 Task 8.5: Guest agent liveness probe',
    ]);
    expect(await page.locator('.kvlab-task-slot').evaluateAll((s) => s.map((e) => e.getAttribute('data-task-id')))).toEqual(['1', '2', '3', '4', '5']);
    expect(await page.locator('nav.sidebar a[href="#task-2"]').textContent()).toBe('Task 8.2: Add a HTTP readiness probe');
    const data = JSON.parse((await page.locator('#kvlab-page').textContent())!);
    expect(data).toMatchObject({ lab: '08', slug: 'probes', variant: 'default', base: '/', params: { labsfoldername: 'labs', labfoldernumber: '08' } });
    expect(data.tasks.map((t: { anchor: string }) => t.anchor)).toEqual(['task-1', 'task-2', 'task-3', 'task-4', 'task-5']);
    await expect(page.locator('#kvlab-terminal-root').count()).resolves.toBe(1);
  });

  it('renders the solutions as native disclosures that open from the keyboard', async () => {
    const details = page.locator('article details.kvlab-details');
    expect(await details.count()).toBe(4);
    expect(await details.locator('summary').allTextContents()).toEqual(Array(4).fill('Task hint: Solution'));
    const first = details.first();
    expect(await first.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await first.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await first.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await first.locator('pre').textContent()).toContain('livenessProbe:');
  });

  it('shows the tolerations block in the YAML of the tolerations variant only', async () => {
    const yamlTexts = async () => page.locator('article pre[data-language="yaml"]').allTextContents();
    await page.goto(lab('default'));
    const plain = await yamlTexts();
    expect(plain.length).toBeGreaterThan(5);
    expect(plain.filter((t) => t.includes('tolerations:'))).toEqual([]);
    await page.goto(lab('tolerations'));
    const withFlag = (await yamlTexts()).filter((t) => t.includes('kind: VirtualMachine'));
    expect(withFlag.length).toBe(6);
    for (const t of withFlag) expect(t).toContain('      tolerations:\n        - effect: NoSchedule\n          key: baremetal\n');
    expect(await page.locator('.variant-badge').textContent()).toBe('tolerations');
  });

  it('takes the trainee name from ?user=, shows it in every command and remembers it', async () => {
    await page.goto(lab('default', '?user=alice'));
    const commands = await page.locator('article pre[data-language="bash"]').allTextContents();
    const namespaced = commands.filter((c) => c.includes('--namespace='));
    expect(namespaced.length).toBeGreaterThan(10);
    for (const c of namespaced) {
      expect(c).toContain('--namespace=alice');
      expect(c).not.toContain('$USER');
    }
    expect(await page.evaluate(() => localStorage.getItem('kvlab:v1:user'))).toBe('alice');
    await page.goto(lab('default'));
    expect(await page.locator('#trainee-user').inputValue()).toBe('alice');
    expect(await page.locator('article pre[data-language="bash"]').first().textContent()).toContain('--namespace=alice');
  });

  it('changes the name through the form and rejects an invalid one', async () => {
    await page.fill('#trainee-user', 'bob');
    await page.press('#trainee-user', 'Enter');
    expect(await page.locator('article pre[data-language="bash"]').first().textContent()).toContain('--namespace=bob');
    await page.goto(lab('default', '?user=Not_Valid'));
    expect(await page.locator('.trainee-msg').textContent()).toContain('is not a valid user name');
    expect(await page.evaluate(() => localStorage.getItem('kvlab:v1:user'))).toBe('bob');
    await page.fill('#trainee-user', 'alice');
    await page.press('#trainee-user', 'Enter');
  });

  it('copies the substituted command, and offers no actions on command output', async () => {
    await page.goto(lab('default'));
    const block = page.locator('.code-block', { has: page.locator('pre[data-language="bash"]') }).first();
    await block.getByRole('button', { name: 'Copy' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml --namespace=alice');
    const output = page.locator('article pre[data-language="text"]');
    expect(await output.count()).toBe(1);
    expect(await output.textContent()).toContain('lab08-probe');
    expect(await output.evaluate((pre) => !!pre.closest('.code-block'))).toBe(false);
    expect(await page.locator('.code-block', { has: page.locator('pre[data-language="bash"]') }).count()).toBeGreaterThan(10);
  });

  it('"Run in terminal" opens the terminal and sends the substituted command', async () => {
    await page.evaluate(() => {
      (window as unknown as { ran: string[] }).ran = [];
      window.addEventListener('kvlab:run', (e) => (window as unknown as { ran: string[] }).ran.push((e as CustomEvent).detail.command));
    });
    const block = page.locator('.code-block', { has: page.locator('pre[data-language="bash"]') }).nth(1);
    await block.getByRole('button', { name: 'Run in terminal' }).click();
    await page.waitForFunction(() => (window as unknown as { ran: string[] }).ran.length > 0);
    expect(await page.evaluate(() => (window as unknown as { ran: string[] }).ran)).toEqual(['kubectl apply -f labs/lab08/vm_lab08-probe.yaml --namespace=alice']);
    expect(await page.locator('#kvlab-terminal-root').isVisible()).toBe(true);
    expect(await page.locator('#terminal-toggle').getAttribute('aria-expanded')).toBe('true');
    // YAML blocks can be copied but not run.
    const yaml = page.locator('.code-block', { has: page.locator('pre[data-language="yaml"]') }).first();
    expect(await yaml.getByRole('button').allTextContents()).toEqual(['Copy']);
  });

  it('switches to dark mode and remembers it; the skip link comes first on Tab', async () => {
    const page2 = await context.newPage();
    await page2.goto(lab('default'));
    const bg = () => page2.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg();
    await page2.click('#theme-toggle');
    expect(await page2.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await bg()).not.toBe(light);
    await page2.reload();
    expect(await page2.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page2.locator('#task-2').scrollIntoViewIfNeeded();
    await page2.screenshot({ path: join(ARTIFACTS, 'site-probes-dark.png') });
    await page2.evaluate(() => window.scrollTo(0, 0));
    await page2.keyboard.press('Tab');
    expect(await page2.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page2.click('#theme-toggle');
    await page2.close();
  });

  it('is readable on a phone: no horizontal scrolling, menu behind a button', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.goto(lab('default', '?user=alice'));
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await phone.locator('nav.sidebar').isVisible()).toBe(false);
    await phone.getByRole('button', { name: 'Menu' }).click();
    expect(await phone.locator('nav.sidebar').isVisible()).toBe(true);
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.screenshot({ path: join(ARTIFACTS, 'site-probes-phone.png') });
    await phone.close();
  });

  it("a task's editor fits a phone: no sideways scrolling, its buttons reachable, typing works", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
    await phone.goto(lab('default', '?user=phone-test'));
    const slot = phone.locator('.kvlab-task-slot[data-task-id="1"]');
    await slot.scrollIntoViewIfNeeded();
    await slot.locator('.monaco-editor').waitFor({ timeout: 60_000 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const box = (await slot.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    for (const name of ['Check', 'Reset', 'Show solution', 'Simulate']) {
      const b = slot.getByRole('button', { name, exact: true });
      const r = (await b.boundingBox())!;
      expect(r.x + r.width, name).toBeLessThanOrEqual(390);
      expect(r.height, `${name} is big enough to tap`).toBeGreaterThanOrEqual(24);
    }
    await slot.locator('.monaco-editor .view-line').first().tap();
    const focused = await phone.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className}`);
    expect(focused, 'a tap on the editor focuses its input').toMatch(/TEXTAREA|inputarea|native-edit-context/i);
    await phone.keyboard.type('#typed-on-a-phone');
    await expect.poll(() => slot.locator('.monaco-editor .view-lines').textContent()).toContain('#typed-on-a-phone'); // no spaces: Monaco renders them as U+00A0
    await slot.getByRole('button', { name: 'Check', exact: true }).tap();
    await expect.poll(() => slot.textContent(), { timeout: 20_000 }).toMatch(/requirements? (not met yet|met)/);
    await phone.screenshot({ path: join(ARTIFACTS, 'editor-phone.png') });
    await phone.close();
  });

  it('takes a screenshot of the lab page', async () => {
    await page.goto(lab('default'));
    await page.locator('#task-2').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'site-probes.png') });
  });
});
