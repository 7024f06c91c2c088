// Bounds on what a client sends (its output side is bounded in session.ts): the pty's write
// queue stops the socket's reads, pings are answered only while the client reads, and
// control frames (pings, resize, JSON ping) have a rate limit.
import type { IPty } from 'node-pty';

/**
 * Bytes node-pty holds that the kernel did not take yet. node-pty 1.x queues every write in
 * `_writeStream._writeQueue` and offers no public measure of it; undefined when that
 * internal is missing (another node-pty version), so the caller can say the bound is off.
 */
export function ptyQueuedBytes(p: IPty): number | undefined {
  const q = (p as unknown as { _writeStream?: { _writeQueue?: { buffer: Uint8Array; offset: number }[] } })._writeStream?._writeQueue;
  if (!Array.isArray(q)) return undefined;
  let n = 0;
  for (const t of q) n += t.buffer.byteLength - t.offset;
  return n;
}

/** A token bucket: `burst` frames at once, `perSecond` on average. */
export class RateLimit {
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }

  /** Takes one token; false when none is left. */
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Close code for a client past a bound (RFC 6455: policy violation). */
export const CLOSE_POLICY = 1008;
/** A pong (WebSocket or JSON) is sent only while less than this waits unsent to the client. */
export const PONG_MAX_BUFFERED = 64 << 10;
