// kvlab#17 item 3: what a client sends is bounded like what it receives. A client floods
// input into a shell that does not read it (`sleep`), and pings while never reading the
// answers: the gateway stops reading that socket, closes it with 1008 when it goes on, and
// its memory stays within a stated bound. (The bigger measurement: `npm run bench gateway`.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, open, rssKiB, startGateway, token, type RunningGateway } from './harness.ts';

/** Stated bound: gateway RSS growth while one client floods input and pings (docs/gateway.md, Lifetime). */
const BOUND_INPUT_FLOOD_GROWTH_MIB = 48;
const FLOOD_MIB = 96; // twice the bound: an unbounded queue cannot pass
const FRAME = 64 << 10;
const CLIENT_BACKLOG = 16 << 20; // the client stops once this much waits unsent: the gateway is not reading

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const mib = (kib: number) => Math.round(kib / 102.4) / 10;
const tick = () => new Promise((r) => setImmediate(r));

/** Sends `frames` through ws until done or until the gateway stops reading; samples RSS. */
async function flood(ws: WebSocket, send: () => void, count: number, sample: () => void): Promise<number> {
  let sent = 0;
  const end = Date.now() + 20_000;
  while (sent < count && ws.readyState === WebSocket.OPEN && ws.bufferedAmount < CLIENT_BACKLOG && Date.now() < end) {
    send();
    sent++;
    if (sent % 16 === 0) {
      sample();
      await tick();
    }
  }
  return sent;
}

describe('a client that floods input and pings and never reads', () => {
  it('input into a shell that does not read it: the gateway stops reading, memory stays bounded, also after the session ends', async () => {
    const c = await open(gw.url, { token: token('flood-in') });
    c.send('sleep 100\r');
    await c.waitFor(/sleep 100\r\n/);
    const base = rssKiB(gw.pid);
    let peak = base;
    const sample = () => (peak = Math.max(peak, rssKiB(gw.pid)));
    c.ws.pause(); // never reads: neither output nor pongs
    const chunk = Buffer.alloc(FRAME, 'x');
    let n = 0;
    const frames = await flood(c.ws, () => {
      c.ws.send(chunk, { binary: true });
      if (++n % 32 === 0) c.ws.ping(Buffer.alloc(64, 'p')); // some pings too, unanswered as it reads nothing
    }, (FLOOD_MIB << 20) / FRAME, sample);
    // Give the gateway time to take in whatever it will still read.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      sample();
    }
    const stalled = c.ws.bufferedAmount;
    console.log(`input flood: sent ${mib((frames * FRAME) / 1024)} MiB of input (${mib(stalled / 1024)} MiB left unsent in the client); gateway RSS ${mib(base)} → peak ${mib(peak)} MiB (bound +${BOUND_INPUT_FLOOD_GROWTH_MIB} MiB)`);
    expect((peak - base) / 1024).toBeLessThan(BOUND_INPUT_FLOOD_GROWTH_MIB);
    // The gateway stopped reading, or closed the socket for it: either way it did not take it all.
    expect(stalled > 0 || c.ws.readyState !== WebSocket.OPEN).toBe(true);
    c.ws.terminate();
    const sessionGone = async () => (await (await fetch(`http://127.0.0.1:${gw.port}/healthz`)).json()).sessions === 0;
    // Dropped: the session waits out its grace period; end it sooner by reattaching and closing.
    const back = await open(gw.url, { token: token('flood-in'), session: c.hello.session });
    await back.close();
    let gone = false;
    await eventually(() => {
      void sessionGone().then((g) => (gone = g));
      return gone;
    }, 15_000, 'the session to end');
    const after = rssKiB(gw.pid);
    console.log(`input flood: gateway RSS ${mib(after)} MiB after the session ended`);
    expect((after - base) / 1024).toBeLessThan(BOUND_INPUT_FLOOD_GROWTH_MIB);
  });

  it('a ping flood from a client that does not read: closed with 1008, memory bounded', async () => {
    const c = await open(gw.url, { token: token('flood-ping') });
    const base = rssKiB(gw.pid);
    let peak = base;
    c.ws.pause();
    const payload = Buffer.alloc(125, 'p'); // the largest ping payload: each pong echoes it
    await flood(c.ws, () => c.ws.ping(payload), 200_000, () => (peak = Math.max(peak, rssKiB(gw.pid))));
    c.ws.resume(); // now read, to see how the gateway closed
    await c.until(() => c.closeCode, 30_000, 'close');
    console.log(`ping flood: gateway RSS ${mib(base)} → peak ${mib(peak)} MiB; closed with ${c.closeCode}`);
    expect(c.closeCode).toBe(1008);
    expect((peak - base) / 1024).toBeLessThan(BOUND_INPUT_FLOOD_GROWTH_MIB);
  });

  it('a flood of JSON control messages is closed with 1008; a normal rate is answered', async () => {
    const c = await open(gw.url, { token: token('flood-ctl') });
    for (let i = 0; i < 20; i++) c.control({ type: 'ping', id: i });
    await c.until(() => c.controls.filter((m) => m.type === 'pong').length === 20, 10_000, '20 pongs');
    for (let i = 0; i < 5000 && c.ws.readyState === WebSocket.OPEN; i++) c.control({ type: 'resize', cols: 80 + (i % 10), rows: 24 });
    await c.until(() => c.closeCode, 10_000, 'close');
    expect(c.closeCode).toBe(1008);
  });
});
