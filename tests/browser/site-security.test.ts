// The lab page against planted settings (kvlab issue #17, items 1, 2, 15): a `?gateway=` link
// to another address connects nowhere until the trainee confirms it in the terminal panel, and
// a token issued for the site's gateway is never sent to it; an imported progress file cannot
// change the user name, the gateway or the theme; a stored user name that is no DNS-1123 label
// never reaches a command; a garbage stored gateway falls back to the default with a message.
// The "attacker" and the site's gateway are WebSocket servers on loopback that record every
// connection; the site's gateway address is put into the page data as KVLAB_GATEWAY would.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { draftKey } from '../../site/lib/progress.ts';
import { siteWithGateway, type GatewaySite } from './built-gateway.ts';

let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];

/** A WebSocket server on loopback that records the request URL of every connection. */
interface Recorder {
  url: string;
  urls: URL[];
  send(msg: unknown): void;
  close(): Promise<void>;
}
async function recorder(): Promise<Recorder> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((ok) => wss.once('listening', () => ok()));
  const urls: URL[] = [];
  wss.on('connection', (_ws, req) => urls.push(new URL(req.url ?? '/', 'ws://x')));
  const port = (wss.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/terminal`,
    urls,
    send: (msg) => wss.clients.forEach((c) => c.send(JSON.stringify(msg))),
    close: () => new Promise((ok) => {
      wss.clients.forEach((c) => c.terminate());
      wss.close(() => ok());
    }),
  };
}

/** A fresh browser profile, with `storage` in localStorage before the first page. */
async function profile(opts: { storage?: Record<string, string> } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  // every WebSocket the page creates, by URL (the recorders see only those that reached them)
  await ctx.addInitScript((storage) => {
    const w = window as unknown as { kvlabSockets: string[]; WebSocket: typeof WebSocket };
    w.kvlabSockets = [];
    const Native = window.WebSocket;
    w.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        w.kvlabSockets.push(String(url));
        super(url, protocols);
      }
    };
    if (storage && !sessionStorage.getItem('kvlab-test-seeded')) {
      sessionStorage.setItem('kvlab-test-seeded', '1');
      for (const [k, v] of Object.entries(storage)) localStorage.setItem(k, v);
    }
  }, opts.storage);
  return ctx.newPage();
}

const sockets = (p: Page) => p.evaluate(() => (window as unknown as { kvlabSockets: string[] }).kvlabSockets);

beforeAll(async () => {
  base = inject('sites').default!;
  browser = await launchBrowser();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await browser?.close();
});

describe('a planted gateway address', () => {
  let site: Recorder;
  let attacker: Recorder;
  let built: GatewaySite;
  beforeAll(async () => {
    site = await recorder();
    attacker = await recorder();
    built = await siteWithGateway(base, site.url);
  });
  afterAll(async () => {
    await site?.close();
    await attacker?.close();
    await built?.close();
  });

  it('connects nowhere until confirmed, and never gets the token issued for the site\'s gateway', async () => {
    const p = await profile();
    // the trainer's link to a site built with KVLAB_GATEWAY: a token for the site's own gateway
    await p.goto(new URL('probes/?token=site-token-123', built.url).href, { waitUntil: 'networkidle' });
    await p.click('#terminal-toggle');
    await expect.poll(() => site.urls.length, { timeout: 30_000 }).toBe(1);
    expect(site.urls[0]!.searchParams.get('token')).toBe('site-token-123');
    site.send({ type: 'hello', session: 'site-session-456', user: 'alice', namespace: 'alice', resumed: false, graceSeconds: 60 });
    await expect.poll(() => p.locator('.kvlab-term-status').textContent()).toContain('as alice');

    // the attacker's link in the same tab
    await p.goto(new URL(`probes/?gateway=${encodeURIComponent(attacker.url)}`, built.url).href, { waitUntil: 'networkidle' });
    await p.click('#terminal-toggle');
    const ask = p.locator('.kvlab-term-confirm');
    await ask.waitFor();
    expect(await ask.getByTestId('gateway-address').textContent()).toBe(attacker.url);
    expect(await ask.textContent()).toContain('not the gateway this site was built with');
    await expect.poll(() => ask.getByRole('button').allTextContents()).toEqual(['Connect', `Use this site's gateway (${new URL(site.url).host})`]);
    await p.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'terminal-confirm-gateway.png') });
    // the panel is asking: this page made no socket at all, and nothing reached either server
    expect(await sockets(p)).toEqual([]);
    expect(attacker.urls).toEqual([]);
    expect(site.urls.length).toBe(1);
    expect(await p.evaluate(() => localStorage.getItem('kvlab:v1:gateway'))).toBeNull();

    await ask.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => attacker.urls.length, { timeout: 30_000 }).toBe(1);
    const sent = attacker.urls[0]!;
    expect(sent.searchParams.get('token')).toBeNull();
    expect(sent.searchParams.get('session')).toBeNull();
    expect(sent.search).not.toContain('site-token-123');
    expect(sent.search).not.toContain('site-session-456');
    expect(await p.locator('.kvlab-term-mode').textContent()).toBe(`Connected mode: ${new URL(attacker.url).host}`);
    expect(await p.evaluate(() => localStorage.getItem('kvlab:v1:gateway'))).toBeNull();

    // confirmed for this tab: the next page goes there again, still without the site's token
    await p.goto(new URL('getting-started/', built.url).href, { waitUntil: 'networkidle' });
    await p.click('#terminal-toggle');
    await expect.poll(() => attacker.urls.length, { timeout: 30_000 }).toBe(2);
    expect(attacker.urls[1]!.searchParams.get('token')).toBeNull();
    expect(site.urls.length).toBe(1);
  });

  it('"Use sandbox" connects nowhere; an address stored by an earlier version is not used', async () => {
    const before = attacker.urls.length;
    const p = await profile({ storage: { 'kvlab:v1:gateway': attacker.url } });
    await p.goto(new URL(`probes/?gateway=${encodeURIComponent(attacker.url)}&token=from-link`, base).href, { waitUntil: 'networkidle' });
    await p.click('#terminal-toggle');
    const ask = p.locator('.kvlab-term-confirm');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('this site has no gateway of its own');
    await expect.poll(() => ask.getByRole('button').allTextContents()).toEqual(['Connect', 'Use sandbox']);
    expect(await p.locator('.kvlab-term-notice').textContent()).toMatch(/remembered by an earlier visit is no longer used/);
    await ask.getByRole('button', { name: 'Use sandbox' }).click();
    await expect.poll(() => p.locator('.kvlab-term-mode').textContent()).toContain('Sandbox');
    await p.waitForFunction(() => !!(window as unknown as { kvlabTerminal?: unknown }).kvlabTerminal);
    expect(await sockets(p)).toEqual([]);
    expect(attacker.urls.length).toBe(before);
    expect(await p.evaluate(() => [localStorage.getItem('kvlab:v1:gateway'), sessionStorage.getItem('kvlab:v1:gateway')])).toEqual([null, null]);
  });

  it('a garbage stored gateway falls back to the default with a message', async () => {
    const p = await profile({ storage: { 'kvlab:v1:gateway': 'not a url ::' } });
    await p.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    await p.click('#terminal-toggle');
    await expect.poll(() => p.locator('.kvlab-term-notice').textContent()).toMatch(/"not a url ::" is not a ws:\/\/ or wss:\/\/ address: using the sandbox/);
    expect(await p.locator('.kvlab-term-mode').textContent()).toContain('Sandbox');
    await p.waitForFunction(() => !!(window as unknown as { kvlabTerminal?: unknown }).kvlabTerminal);
    await p.locator('#kvlab-terminal-root').screenshot({ path: join(ARTIFACTS, 'terminal-garbage-gateway.png') });
  });
});

describe('an imported progress file', () => {
  it('with a hostile user name, gateway and theme changes none of them (the work in it is imported)', async () => {
    const p = await profile({ storage: { 'kvlab:v1:user': 'imp-test', 'kvlab:v1:theme': 'light' } });
    await p.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    const slot = p.locator('.kvlab-task-slot[data-task-id="1"]');
    await slot.scrollIntoViewIfNeeded();
    await slot.locator('.monaco-editor').waitFor({ timeout: 60_000 });
    const draft = draftKey({ user: 'imp-test', lab: '08', variant: 'default' }, '1', 'labs/lab08/cloudinit-probe.yaml');
    const file = {
      format: 'kvlab-progress',
      version: 1,
      exportedAt: '2020-01-01T00:00:00Z',
      entries: {
        'kvlab:v1:user': 'alice;echo INJECTED >~/pwned;#',
        'kvlab:v1:gateway': 'ws://127.0.0.1:9/terminal',
        'kvlab:v1:theme': 'dark',
        [draft]: JSON.stringify({ text: '#cloud-config\n# imported\n', savedAt: 1 }),
      },
    };
    await Promise.all([
      p.waitForEvent('load'),
      slot.locator('input[type=file]').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) }),
    ]);
    await p.waitForLoadState('networkidle');
    const stored = await p.evaluate(() => ['kvlab:v1:user', 'kvlab:v1:gateway', 'kvlab:v1:theme'].map((k) => localStorage.getItem(k)));
    expect(stored).toEqual(['imp-test', null, 'light']);
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await p.evaluate((k) => localStorage.getItem(k), draft)).toContain('# imported');
    expect(await p.locator('.kvlab-var[data-kvlab-var="USER"]').first().textContent()).toBe('imp-test');
  });

  it('a stored user name that is no DNS-1123 label never reaches a command', async () => {
    const bad = 'alice;echo INJECTED >~/pwned;#';
    const p = await profile({ storage: { 'kvlab:v1:user': bad } });
    await p.goto(new URL('probes/', base).href, { waitUntil: 'networkidle' });
    const commands = await p.locator('article pre code').allTextContents();
    expect(commands.some((c) => c.includes('--namespace=$USER'))).toBe(true);
    expect(commands.join('\n')).not.toContain('INJECTED');
    expect(await p.locator('#trainee-form .trainee-msg').textContent()).toMatch(/is not a valid user name/);
    // Run in terminal: the sandbox gets the command with $USER, in the default namespace
    const block = p.locator('.code-block', { hasText: '--namespace=' }).filter({ has: p.getByRole('button', { name: 'Run in terminal' }) }).first();
    await block.getByRole('button', { name: 'Run in terminal' }).click();
    await p.waitForFunction(() => !!(window as unknown as { kvlabTerminal?: unknown }).kvlabTerminal);
    expect(await p.locator('.kvlab-term-mode').textContent()).toContain('namespace trainee');
  });
});
