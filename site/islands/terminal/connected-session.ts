// Connected mode: the terminal speaks the gateway's protocol (docs/gateway.md): binary frames
// for terminal bytes both ways, JSON text frames for control; the session id from `hello` is
// kept in sessionStorage (per gateway origin, like the token: it is only ever sent to the gateway
// that issued it) so the next page (or a reconnect after a drop) reattaches to the same shell
// within the gateway's grace period. Keystrokes and "Run in terminal" text sent while the socket
// is not open yet are queued (bounded) and sent when it opens.
import { sessionKey } from './config.ts';

/** Input kept while the socket is connecting (a pasted script fits; a runaway paste is cut). */
const QUEUE_MAX = 64 * 1024;

export interface ConnectedCallbacks {
  write(data: string | Uint8Array): void;
  status(text: string): void;
  size(): { cols: number; rows: number };
}

export interface ConnectedSession {
  send(data: string): void;
  resize(cols: number, rows: number): void;
  /** Ends the shell for good (close code 1000). */
  end(): void;
  dispose(): void;
}

type Hello = { type: 'hello'; session: string; user: string; namespace: string; resumed: boolean; graceSeconds: number };

export function connect(url: string, token: string | undefined, cb: ConnectedCallbacks): ConnectedSession {
  const SESSION_KEY = sessionKey(url);
  const getSession = (): string | undefined => {
    try {
      return sessionStorage.getItem(SESSION_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  };
  const setSession = (id: string | undefined): void => {
    try {
      if (id) sessionStorage.setItem(SESSION_KEY, id);
      else sessionStorage.removeItem(SESSION_KEY);
    } catch {
      /* kept for this page only */
    }
  };
  let ws: WebSocket | undefined;
  let grace = 60;
  let dropSince = 0;
  let retry: number | undefined;
  let pinger: number | undefined;
  let ended = false;
  let waitingForEnter = false;
  let queued: string[] = [];
  let queuedChars = 0;
  let queuedSize: { cols: number; rows: number } | undefined;
  const dropQueue = () => {
    queued = [];
    queuedChars = 0;
  };
  const enc = new TextEncoder();
  const host = new URL(url).host;

  const open = (resume: boolean) => {
    const u = new URL(url);
    if (token) u.searchParams.set('token', token);
    const session = resume ? getSession() : undefined;
    if (session) u.searchParams.set('session', session);
    const { cols, rows } = cb.size();
    u.searchParams.set('cols', String(cols));
    u.searchParams.set('rows', String(rows));
    cb.status(`connecting to ${host}…`);
    const sock = new WebSocket(u);
    sock.binaryType = 'arraybuffer';
    ws = sock;
    let helloSeen = false;
    sock.onmessage = (ev) => {
      if (typeof ev.data !== 'string') {
        cb.write(new Uint8Array(ev.data as ArrayBuffer));
        return;
      }
      let msg: { type?: string; [k: string]: unknown };
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg.type === 'hello') {
        const h = msg as unknown as Hello;
        helloSeen = true;
        dropSince = 0;
        grace = h.graceSeconds || 60;
        setSession(h.session);
        cb.status(`connected to ${host} as ${h.user} (namespace ${h.namespace})${h.resumed ? ', same shell as before' : ''}`);
      } else if (msg.type === 'exit') {
        setSession(undefined);
      } else if (msg.type === 'error') {
        cb.write(`\r\n\x1b[33mgateway: ${String(msg.message)}\x1b[0m\r\n`);
      }
    };
    sock.onclose = (ev) => {
      window.clearInterval(pinger);
      if (ws !== sock || ended) return;
      if (!helloSeen && ev.code === 1006 && !dropSince) {
        // refused at the upgrade (401/403/429) or nothing listens: browsers do not say which
        cb.status(`cannot connect to ${host}`);
        cb.write(`\r\n\x1b[31mThe gateway at ${host} refused the connection or is not reachable (check the address and your ?token=). Press Enter to try again.\x1b[0m\r\n`);
        waitingForEnter = true;
        dropQueue();
        return;
      }
      switch (ev.code) {
        case 1000:
        case 4000:
          setSession(undefined);
          cb.status(ev.code === 4000 ? 'shell ended after being idle' : 'shell ended');
          cb.write(`\r\n\x1b[33m${ev.code === 4000 ? 'The shell was closed after a long idle time.' : 'The shell has ended.'} Press Enter for a new shell.\x1b[0m\r\n`);
          waitingForEnter = true;
          dropQueue();
          return;
        case 4001:
          cb.status('taken over by another tab');
          cb.write('\r\n\x1b[33mThis shell is now open in another tab or window. Press Enter to take it back.\x1b[0m\r\n');
          waitingForEnter = true;
          dropQueue();
          return;
        case 1001:
          setSession(undefined);
          cb.status('gateway stopped');
          cb.write('\r\n\x1b[33mThe gateway stopped. Press Enter to try again.\x1b[0m\r\n');
          waitingForEnter = true;
          dropQueue();
          return;
        default: {
          // a network drop: reattach to the same shell while the gateway keeps it
          dropSince ||= Date.now();
          const left = grace - (Date.now() - dropSince) / 1000;
          if (left <= 0) {
            setSession(undefined);
            cb.status('connection lost');
            cb.write('\r\n\x1b[33mThe connection was lost for too long; the shell is gone. Press Enter for a new shell.\x1b[0m\r\n');
            waitingForEnter = true;
            dropQueue();
            return;
          }
          cb.status(`connection lost, reconnecting (${Math.ceil(left)} s left)…`);
          retry = window.setTimeout(() => open(true), 1000);
        }
      }
    };
    sock.onopen = () => {
      if (ws !== sock) return;
      if (queuedSize) sock.send(JSON.stringify({ type: 'resize', ...queuedSize }));
      queuedSize = undefined;
      if (queued.length) sock.send(enc.encode(queued.join('')));
      dropQueue();
      pinger = window.setInterval(() => {
        if (document.visibilityState === 'visible' && sock.readyState === WebSocket.OPEN) sock.send(JSON.stringify({ type: 'ping' }));
      }, 30_000);
    };
  };
  open(true);

  return {
    send(data) {
      if (waitingForEnter) {
        if (!data.includes('\r')) return;
        waitingForEnter = false;
        open(true);
        return;
      }
      if (ws?.readyState === WebSocket.OPEN) ws.send(enc.encode(data));
      else if (!ended && queuedChars + data.length <= QUEUE_MAX) {
        queued.push(data);
        queuedChars += data.length;
      }
    },
    resize(cols, rows) {
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'resize', cols, rows }));
      else queuedSize = { cols, rows };
    },
    end() {
      dropQueue();
      setSession(undefined);
      ws?.close(1000);
    },
    dispose() {
      ended = true;
      dropQueue();
      window.clearTimeout(retry);
      window.clearInterval(pinger);
      ws?.close();
    },
  };
}
