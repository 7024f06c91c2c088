// The connected session against a fake WebSocket: what is sent before the socket opens (the
// first "Run in terminal" arrives while it is still connecting) is queued and sent on open, in
// order; the token and session id go only to the address they belong to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect } from '../../../site/islands/terminal/connected-session.ts';
import { sessionKey } from '../../../site/islands/terminal/config.ts';
import { MemoryStore } from '../../../site/lib/progress.ts';

class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  binaryType = 'blob';
  sent: (string | Uint8Array)[] = [];
  onopen: (() => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  constructor(readonly url: URL) {
    FakeSocket.all.push(this);
  }
  send(d: string | Uint8Array) {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('send before open');
    this.sent.push(d);
  }
  close(code = 1005) {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code });
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  text() {
    return this.sent.filter((d) => typeof d !== 'string').map((d) => new TextDecoder().decode(d as Uint8Array)).join('');
  }
}

let session: MemoryStore;
beforeEach(() => {
  FakeSocket.all = [];
  session = new MemoryStore();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('sessionStorage', session);
  vi.stubGlobal('document', { visibilityState: 'visible' });
  vi.stubGlobal('window', { setTimeout, clearTimeout, setInterval, clearInterval });
});
afterEach(() => vi.unstubAllGlobals());

const URL_ = 'ws://127.0.0.1:7681/terminal';
const cb = () => ({ out: [] as string[], write(d: string | Uint8Array) { this.out.push(String(d)); }, status() {}, size: () => ({ cols: 80, rows: 24 }) });

describe('connected session', () => {
  it('queues what is sent while connecting and sends it, in order, when the socket opens', () => {
    const s = connect(URL_, 'tok', cb());
    const sock = FakeSocket.all[0]!;
    s.send('kubectl get vmi\r');
    s.send('echo two\r');
    expect(sock.sent).toEqual([]);
    sock.open();
    expect(sock.text()).toBe('kubectl get vmi\recho two\r');
    s.send('after\r');
    expect(sock.text()).toBe('kubectl get vmi\recho two\rafter\r');
    s.dispose();
  });

  it('sends a resize made while connecting once open', () => {
    const s = connect(URL_, 'tok', cb());
    s.resize(100, 30);
    FakeSocket.all[0]!.open();
    expect(FakeSocket.all[0]!.sent).toContain(JSON.stringify({ type: 'resize', cols: 100, rows: 30 }));
    s.dispose();
  });

  it('drops the queue when the gateway refuses, so a retry does not run old commands', () => {
    const c = cb();
    const s = connect(URL_, 'tok', c);
    s.send('first\r');
    FakeSocket.all[0]!.close(1006); // refused at the upgrade
    expect(c.out.join('')).toMatch(/refused the connection/);
    s.send('\r'); // Enter: try again
    FakeSocket.all[1]!.open();
    expect(FakeSocket.all[1]!.text()).toBe('');
    s.dispose();
  });

  it('bounds the queue', () => {
    const s = connect(URL_, undefined, cb());
    for (let i = 0; i < 200; i++) s.send('x'.repeat(1024));
    FakeSocket.all[0]!.open();
    expect(FakeSocket.all[0]!.text().length).toBeLessThanOrEqual(64 * 1024);
    s.dispose();
  });

  it('sends the token given and the session id kept for this gateway origin only', () => {
    session.setItem(sessionKey('ws://other.example/terminal'), 'other-session');
    const s = connect(URL_, 'tok', cb());
    const u = FakeSocket.all[0]!.url;
    expect(u.searchParams.get('token')).toBe('tok');
    expect(u.searchParams.get('session')).toBeNull();
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.onmessage!({ data: JSON.stringify({ type: 'hello', session: 'mine', user: 'alice', namespace: 'alice', resumed: false, graceSeconds: 60 }) });
    expect(session.getItem(sessionKey(URL_))).toBe('mine');
    expect(session.getItem(sessionKey('ws://other.example/terminal'))).toBe('other-session');
    s.dispose();
    connect(URL_, 'tok', cb()).dispose();
    expect(FakeSocket.all[1]!.url.searchParams.get('session')).toBe('mine');
  });
});
