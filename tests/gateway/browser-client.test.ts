// The protocol from a real browser (Debian's Chromium): the page's Origin header, binary
// frames from ArrayBuffers, JSON control frames, and reattaching to the same shell after the
// page navigates (Chromium closes the socket with 1001) — what the terminal island relies on.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../browser/browser.ts';
import { startGateway, token, type RunningGateway } from './harness.ts';

// The smallest client a page needs; docs/gateway.md shows the same code.
const CLIENT = `
window.out = ''; window.msgs = [];
const params = new URLSearchParams(location.search);
const url = new URL(params.get('gateway'));
url.searchParams.set('token', params.get('token'));
const previous = sessionStorage.getItem('kvlab:session');
if (previous) url.searchParams.set('session', previous);
url.searchParams.set('cols', '90'); url.searchParams.set('rows', '20');
const ws = new WebSocket(url);
ws.binaryType = 'arraybuffer';
const decoder = new TextDecoder();
ws.onmessage = (e) => {
  if (typeof e.data === 'string') {
    const msg = JSON.parse(e.data);
    window.msgs.push(msg);
    if (msg.type === 'hello') sessionStorage.setItem('kvlab:session', msg.session);
  } else {
    window.out += decoder.decode(e.data, { stream: true });
  }
};
ws.onclose = (e) => { window.closeCode = e.code; };
window.type = (text) => ws.send(new TextEncoder().encode(text));
window.resize = (cols, rows) => ws.send(JSON.stringify({ type: 'resize', cols, rows }));
`;

let gw: RunningGateway;
let page: Server;
let pageUrl: string;
let browser: Browser;

beforeAll(async () => {
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>client</title><script type="module">${CLIENT}</script>`);
  });
  await new Promise<void>((r) => page.listen(0, '127.0.0.1', () => r()));
  const port = (page.address() as { port: number }).port;
  pageUrl = `http://127.0.0.1:${port}/lab`;
  gw = await startGateway(['--origin', `http://127.0.0.1:${port}`]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await gw?.stop();
  page?.close();
});

describe('a browser page', () => {
  it('opens a shell, types, resizes, and finds the same shell after navigating', async () => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    const query = `?gateway=${encodeURIComponent(gw.url)}&token=${token('alice')}`;
    await p.goto(pageUrl + query);
    await p.waitForFunction(() => (window as any).msgs.some((m: any) => m.type === 'hello'));
    await p.evaluate(() => (window as any).type('stty size; echo "$USER-$((6*7))-$$"\r'));
    await p.waitForFunction(() => /alice-42-\d+/.test((window as any).out));
    const out1: string = await p.evaluate(() => (window as any).out);
    expect(out1).toMatch(/20 90/);
    const pid = /alice-42-(\d+)/.exec(out1)![1];
    await p.evaluate(() => (window as any).resize(120, 33));
    await p.evaluate(() => (window as any).type('stty size\r'));
    await p.waitForFunction(() => /33 120/.test((window as any).out));

    // Navigate to "the next lab page": the socket closes (1001) and the new page reattaches.
    await p.goto(pageUrl.replace('/lab', '/next-lab') + query);
    await p.waitForFunction(() => (window as any).msgs.some((m: any) => m.type === 'hello'));
    const hello = await p.evaluate(() => (window as any).msgs.find((m: any) => m.type === 'hello'));
    expect(hello).toMatchObject({ resumed: true, user: 'alice' });
    await p.evaluate(() => (window as any).type('echo "again-$$"\r'));
    await p.waitForFunction(() => /again-\d+/.test((window as any).out));
    expect(/again-(\d+)/.exec(await p.evaluate(() => (window as any).out))![1]).toBe(pid);
    await ctx.close();
  });

  it('from a page origin the gateway does not allow, the socket never opens', async () => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    const other = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><script type="module">${CLIENT}</script>`);
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const port = (other.address() as { port: number }).port;
    await p.goto(`http://127.0.0.1:${port}/?gateway=${encodeURIComponent(gw.url)}&token=${token('alice')}`);
    await p.waitForFunction(() => (window as any).closeCode !== undefined);
    expect(await p.evaluate(() => (window as any).closeCode)).toBe(1006);
    expect(await p.evaluate(() => (window as any).msgs)).toEqual([]);
    other.close();
    await ctx.close();
  });
});
