// Load, as a correctness check a busy 2-core machine finishes in seconds: many concurrent shells
// each answer as their own user and leave nothing behind, and a flood of output (`yes`) does not
// grow the gateway's memory while the client is slow. The 200-session memory figures are
// measured by `npm run bench gateway-sessions`, not here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, open, rssKiB, startGateway, token, type Client, type RunningGateway } from './harness.ts';
import { children, mib } from './procfs.ts';

/** Stated bound (the measured value is printed). */
const BOUND_FLOOD_GROWTH_MIB = 48; // gateway RSS growth while `yes` floods a slow reader

/** Sessions opened at once here: enough to show they are kept apart, small enough for a loaded CI. */
const SESSIONS = 24;

describe(`${SESSIONS} concurrent sessions`, () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway(['--max-sessions', String(SESSIONS + 5)]);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('each answers as its own user and leaves no process behind when closed', async () => {
    const before = new Set(children(gw.pid)); // e.g. tsx's esbuild service
    const shells = () => children(gw.pid).filter((p) => !before.has(p));
    const clients: Client[] = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => open(gw.url, { token: token(`t${i}`) })));
    // Type only once each shell shows its prompt, as a person would: input sent before
    // readline is set up can be taken by its set-up.
    await Promise.all(clients.map((c) => c.waitFor(/\$ /, 90_000)));
    const pids = await Promise.all(clients.map((c) => c.run('echo $$ $USER', 90_000)));
    expect(new Set(pids).size).toBe(SESSIONS);
    pids.forEach((p, i) => expect(p.split(' ')[1]).toBe(`t${i}`));
    expect(shells().length).toBeGreaterThanOrEqual(SESSIONS);
    const health = await (await fetch(`http://127.0.0.1:${gw.port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, sessions: SESSIONS, attached: SESSIONS });
    await Promise.all(clients.map((c) => c.close()));
    await eventually(() => shells().length === 0, 90_000, 'all shells to end');
    for (const p of pids) expect(() => process.kill(Number(p.split(' ')[0]), 0)).toThrow();
  }, 240_000);
});

describe('a flood of output', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('`yes` to a slow reader, and to a dropped one, does not grow gateway memory without bound', async () => {
    const c = await open(gw.url, { token: token('flood') });
    const base = rssKiB(gw.pid);
    let received = 0;
    c.ws.on('message', (d, bin) => {
      if (bin) received += (d as Buffer).length;
    });
    c.output = '';
    c.send('yes kvlab-flood-line\r');
    await c.waitFor(/kvlab-flood-line\r\nkvlab-flood-line/);
    c.output = '';
    // A client that stops reading: the kernel's socket buffers fill, then ws's
    // bufferedAmount passes the high-water mark and the gateway pauses the pty.
    let peak = 0;
    c.ws.pause();
    const health = async () => (await fetch(`http://127.0.0.1:${gw.port}/healthz`)).json();
    const pausedWithin = Date.now();
    let paused = false;
    while (!paused && Date.now() - pausedWithin < 30_000) {
      await new Promise((r) => setTimeout(r, 200));
      peak = Math.max(peak, rssKiB(gw.pid));
      paused = (await health()).paused === 1;
    }
    expect(paused).toBe(true);
    const pausedAfterMs = Date.now() - pausedWithin;
    // Still paused a second later: nothing drains while the client does not read.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await health()).paused).toBe(1);
    peak = Math.max(peak, rssKiB(gw.pid));
    // Then a slow client: reads 20 ms out of every 500 ms, for 6 s.
    const end = Date.now() + 6000;
    while (Date.now() < end) {
      c.ws.resume();
      await new Promise((r) => setTimeout(r, 20));
      c.ws.pause();
      c.output = ''; // the test client keeps nothing
      await new Promise((r) => setTimeout(r, 480));
      peak = Math.max(peak, rssKiB(gw.pid));
    }
    c.ws.resume();
    console.log(`flood: pty paused ${pausedAfterMs} ms after the client stopped reading; received ${mib(received / 1024)} MiB in all; gateway RSS ${mib(base)} → peak ${mib(peak)} MiB (bound +${BOUND_FLOOD_GROWTH_MIB} MiB)`);
    expect(received).toBeGreaterThan(1 << 20); // output did flow
    expect((peak - base) / 1024).toBeLessThan(BOUND_FLOOD_GROWTH_MIB);

    // Dropped while flooding: the gateway keeps at most the detached buffer, then pauses.
    c.drop();
    let peakDetached = 0;
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 150));
      peakDetached = Math.max(peakDetached, rssKiB(gw.pid));
    }
    console.log(`flood, dropped client: gateway RSS peak ${mib(peakDetached)} MiB over 3 s`);
    expect((peakDetached - base) / 1024).toBeLessThan(BOUND_FLOOD_GROWTH_MIB);
    const back = await open(gw.url, { token: token('flood'), session: c.hello.session });
    expect(back.hello.resumed).toBe(true);
    await back.waitFor(/kvlab-flood-line/);
    back.send('\x03'); // Ctrl-C stops yes
    expect(await back.run('echo stopped', 30_000)).toBe('stopped');
    await back.close();
  });
});
