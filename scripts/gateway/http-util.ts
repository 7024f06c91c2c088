// HTTP pieces every gateway route shares: the request URL, the token (Bearer header or
// ?token=), the Origin check, JSON answers.
import type { IncomingMessage, ServerResponse } from 'node:http';

export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  // Non-browser clients send no Origin; they still need a token.
  if (origin === undefined) return true;
  if (allowed.includes('*')) return true;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.length === 0) return o.host === host;
  return allowed.some((a) => {
    try {
      return new URL(a).origin === o.origin;
    } catch {
      return false;
    }
  });
}

export function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://gateway');
  } catch {
    return undefined;
  }
}

export function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return url.searchParams.get('token') ?? undefined;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(text);
}

/** Reads a request body up to `max` bytes; rejects with 413 past it. */
export function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (d: Buffer) => {
      n += d.length;
      if (n > max) {
        fail(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(d);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** Starts a server-sent events stream; returns send(event, data) and a keep-alive timer is set. */
export function openEvents(req: IncomingMessage, res: ServerResponse, headers: Record<string, string> = {}): { send(event: string, data: unknown): void; onClose(fn: () => void): void } {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive', ...headers });
  res.write('retry: 1000\n\n');
  const keep = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keep.unref();
  const closers: (() => void)[] = [() => clearInterval(keep)];
  req.on('close', () => closers.forEach((f) => f()));
  return {
    send: (event, data) => void res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    onClose: (fn) => closers.push(fn),
  };
}
