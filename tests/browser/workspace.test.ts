// Connected mode as one workspace, in headless Chromium against a real gateway and real bash:
// an editor save appears in the shell (cat) and the lab's "Run in terminal" `kubectl apply -f`
// reads it there, a sed -i in the shell appears in the open editor,
// an edit made offline while the shell changed the same file brings up the conflict prompt,
// and an offline edit arrives once the page is back. Then the trainer's class page: two
// trainees save, their ticks and failing requirements appear live, the read-only file view
// marks the finding, and the JSON download equals `kvlab check --format json` over the homes.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { open, SECRET, startGateway, token, type Client, type RunningGateway } from '../gateway/harness.ts';
import { issueToken } from '../../scripts/gateway/token.ts';
import { siteWithGateway, type GatewaySite } from './built-gateway.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const VM = 'labs/lab08/vm_lab08-probe.yaml';
const CI = 'labs/lab08/cloudinit-probe.yaml';
let browser: Browser;
let gw: RunningGateway;
let built: GatewaySite;
let solutions: Record<string, Record<string, string>>;

beforeAll(async () => {
  const base = inject('sites').default!;
  const lab = (await (await fetch(new URL('exercises/08.json', base))).json()) as { tasks: { id: string; files: { path: string; solution: string }[] }[] };
  solutions = Object.fromEntries(lab.tasks.map((t) => [t.id, Object.fromEntries(t.files.map((f) => [f.path, f.solution]))]));
  built = await siteWithGateway(base);
  gw = await startGateway(['--origin', built.origin, '--content', join(ROOT, 'content')]);
  built.gateway = gw.url;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await gw?.stop();
  await built?.close();
});

const modelText = (p: Page, task: string, path: string) =>
  p.evaluate(([t, f]) => (window.kvlabEditors?.[t]?.models[f] as { getValue(): string } | undefined)?.getValue() ?? null, [task, path]);
const setModel = (p: Page, task: string, path: string, text: string) =>
  p.evaluate(([t, f, x]) => (window.kvlabEditors![t]!.models[f] as { setValue(v: string): void }).setValue(x), [task, path, text]);

/** The page terminal's screen as text (xterm's buffer, wrapped lines joined). */
const screen = (p: Page) =>
  p.evaluate(() => {
    const t = (window as unknown as { kvlabTerminal?: { term: { buffer: { active: { length: number; getLine(i: number): { translateToString(trim: boolean): string; isWrapped: boolean } | undefined } } } } }).kvlabTerminal?.term;
    if (!t) return '';
    const out: string[] = [];
    for (let i = 0; i < t.buffer.active.length; i++) {
      const l = t.buffer.active.getLine(i);
      if (l && l.isWrapped && out.length) out[out.length - 1] += l.translateToString(true);
      else if (l) out.push(l.translateToString(true));
    }
    return out.join('\n');
  });

async function catUntil(shell: Client, path: string, want: string): Promise<void> {
  await expect.poll(() => shell.run(`cat ~/${path}; echo`), { timeout: 15_000 }).toBe(want);
}

describe('connected mode: the editor and the shell hold the same files', () => {
  it('save → cat; sed -i → editor; offline edit + shell change → conflict prompt; offline edit → sent on reconnect', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript(() => {
      if (!localStorage.getItem('kvlab:v1:user')) localStorage.setItem('kvlab:v1:user', 'carol');
    });
    const p = await ctx.newPage();
    await p.goto(new URL(`probes/?token=${token('carol')}`, built.url).href, { waitUntil: 'networkidle' });
    const slot = p.locator('.kvlab-task-slot[data-task-id="2"]');
    await slot.scrollIntoViewIfNeeded();
    await slot.getByRole('button', { name: 'Open editor' }).click().catch(() => {}); // may have opened on its own
    await expect.poll(() => modelText(p, '2', VM), { timeout: 60_000 }).not.toBeNull();
    await expect.poll(() => p.evaluate(() => window.kvlabWorkspace?.status), { timeout: 30_000 }).toBe('online');
    const shell = await open(gw.url, { token: token('carol') });

    // 1. an editor save appears in the shell
    const text1 = `${solutions['2'][VM].trimEnd()}\n# saved from the editor\n`;
    await setModel(p, '2', VM, text1);
    await catUntil(shell, VM, text1);

    // 1b. "Run in terminal" runs the lab's `kubectl apply -f labs/lab08/…` in the same home: kubectl
    // reads the file the editor saved (it names it while validating, then finds no credential
    // for a cluster here); a file missing there would be "the path … does not exist"
    const apply = p.locator('.code-block', { hasText: `kubectl apply -f ${VM}` }).first();
    await apply.scrollIntoViewIfNeeded();
    await apply.getByRole('button', { name: 'Run in terminal' }).click();
    await expect.poll(() => screen(p), { timeout: 60_000 }).toContain(`error validating "${VM}"`);
    expect(await screen(p)).not.toContain('does not exist');
    expect(await screen(p)).toContain('no cluster credential is set for carol');

    // 2. a sed -i in the shell appears in the open editor, no reload
    await shell.run(`sed -i 's/# saved from the editor/# changed in the shell/' ~/${VM}`);
    await expect.poll(() => modelText(p, '2', VM), { timeout: 10_000 }).toContain('# changed in the shell');
    await expect.poll(() => p.evaluate(() => window.kvlabWorkspace!.pending().length), { timeout: 10_000 }).toBe(0);

    // 3. both sides change the file while the page is offline: the trainee is asked which to keep
    await ctx.setOffline(true);
    await setModel(p, '2', VM, `${text1}# offline edit\n`);
    await expect.poll(() => p.evaluate(() => window.kvlabWorkspace!.pending()), { timeout: 10_000 }).toEqual([VM]);
    await shell.run(`echo '# shell edit meanwhile' >> ~/${VM}`);
    await ctx.setOffline(false);
    const prompt = p.locator('.kvlab-ws-conflict');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await prompt.getAttribute('data-path')).toBe(VM);
    await p.screenshot({ path: join(ARTIFACTS, 'workspace-conflict.png') });
    await prompt.getByRole('button', { name: /Keep the editor's version/ }).click();
    await catUntil(shell, VM, `${text1}# offline edit\n`);
    // the shell's version is one undo away
    await p.evaluate(([f]) => (window.kvlabEditors!['2']!.models[f] as { undo(): void }).undo(), [VM]);
    expect(await modelText(p, '2', VM)).toContain('# shell edit meanwhile');
    await p.evaluate(([f]) => (window.kvlabEditors!['2']!.models[f] as { redo(): void }).redo(), [VM]);

    // 4. an edit made offline (nothing changed in the shell) arrives after the reconnect
    await expect.poll(() => p.evaluate(() => window.kvlabWorkspace!.pending().length), { timeout: 10_000 }).toBe(0);
    await ctx.setOffline(true);
    await setModel(p, '2', VM, `${text1}# written offline only\n`);
    await expect.poll(() => p.evaluate(() => window.kvlabWorkspace!.pending()), { timeout: 10_000 }).toEqual([VM]);
    expect(await shell.run(`cat ~/${VM}`)).not.toContain('written offline only');
    await ctx.setOffline(false);
    await catUntil(shell, VM, `${text1}# written offline only\n`);
    await shell.close();
    await ctx.close();
  });
});

describe('the trainer\'s class page', () => {
  it('two trainees: ticks and failing requirements appear live; the file view marks the finding; the JSON download equals kvlab check', async () => {
    const put = (user: string, path: string, text: string) =>
      fetch(`http://127.0.0.1:${gw.port}/workspace/file?path=${encodeURIComponent(path)}`, { method: 'PUT', headers: { authorization: `Bearer ${token(user)}` }, body: JSON.stringify({ text }) }).then((r) => r.status);
    // both have homes before the page opens (a workspace request makes one)
    expect(await put('dave', CI, solutions['1'][CI])).toBe(200);
    expect(await put('erin', CI, solutions['1'][CI])).toBe(200);
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const p = await ctx.newPage();
    const trainer = issueToken(SECRET, 'tom', 3600, Date.now(), 'trainer');
    await p.goto(`http://127.0.0.1:${gw.port}/trainer?token=${trainer}`);
    const cell = (user: string, task: string) => p.locator(`tr[data-user="${user}"] td[data-lab="08"][data-task="${task}"]`);
    // only the cloud-init file so far: task 1 fails (its VM file is missing), task 2 is not started
    await expect.poll(() => cell('dave', '1').getAttribute('data-state'), { timeout: 20_000 }).toBe('failed');
    expect(await cell('dave', '2').getAttribute('data-state')).toBe('not-started');
    expect(p.url()).not.toContain('token='); // the token left the address bar

    // dave passes task 1; erin saves a VM with a wrong probe: her task 1 fails with its first requirement
    expect(await put('dave', VM, solutions['1'][VM])).toBe(200);
    await expect.poll(() => cell('dave', '1').getAttribute('data-state'), { timeout: 15_000 }).toBe('passed');
    expect(solutions['1'][VM]).toMatch(/running: (true|false)/);
    const wrong = `${solutions['1'][VM].replace(/running: (true|false)/, 'running: maybe').trimEnd()}\n# <script>alert(1)</script>\n`;
    expect(await put('erin', VM, wrong)).toBe(200);
    await expect.poll(() => cell('erin', '1').getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
    const req = (await cell('erin', '1').locator('.req').textContent())!;
    expect(req.length).toBeGreaterThan(3);

    // the read-only view of erin's file, with the finding marked; the file's text is shown as text
    await cell('erin', '1').getByRole('button').click();
    const view = p.locator('#file');
    await view.locator('.line.mark').first().waitFor({ timeout: 10_000 });
    // the marked line is the wrong field, and the finding under it says why
    expect(await view.locator('.line.mark').first().textContent()).toContain('running: maybe');
    expect(await view.locator('.finding').first().textContent()).toContain('spec.running in body must be of type boolean');
    expect(await view.textContent()).toContain('<script>alert(1)</script>');
    expect(await p.evaluate(() => document.querySelectorAll('#file script').length)).toBe(0);
    await p.screenshot({ path: join(ARTIFACTS, 'trainer-class.png'), fullPage: true });

    // the JSON download is `kvlab check --lab 08 --dir STATE/homes --format json`
    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#downloads button[data-lab="08"][data-format="json"]').click()]);
    const got = readFileSync((await download.path())!, 'utf8');
    const cli = spawnSync(join(ROOT, 'node_modules', '.bin', 'node'), [join(ROOT, 'scripts', 'kvlab.mjs'), 'check', '--lab', '08', '--dir', join(gw.stateDir, 'homes'), '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(JSON.parse(got)).toEqual(JSON.parse(cli.stdout));
    expect(got).toBe(cli.stdout);
    expect((JSON.parse(got) as { trainees: { user: string }[] }).trainees.map((t) => t.user)).toEqual(expect.arrayContaining(['dave', 'erin']));
    await ctx.close();
  });
});
