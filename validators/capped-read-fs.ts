// Reading input files with a size cap. readFileSync on /dev/zero, /dev/urandom or a 50 MB file
// reads it all (1.6 GB in 2 s for /dev/zero, until the string limit); these stop one byte past
// the cap and say how far they got, so the caller reports "too large" without the text.
import { closeSync, openSync, readSync } from 'node:fs';
import { MAX_BYTES } from './index.ts';

export type Capped = { text: string; tooLarge?: undefined } | { tooLarge: true; bytes: number };

const CHUNK = 64 * 1024;

function decode(chunks: Buffer[], total: number, max: number): Capped {
  if (total > max) return { tooLarge: true, bytes: total };
  return { text: Buffer.concat(chunks, total).toString('utf8') };
}

/** A file (or device, or FIFO) read up to `max` bytes; errors (ENOENT, EISDIR) are thrown as readFileSync's. */
export function readFileCapped(path: string, max = MAX_BYTES): Capped {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= max) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, max + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
    }
    return decode(chunks, total, max);
  } finally {
    closeSync(fd);
  }
}

/** Standard input up to `max` bytes; stops reading (and lets go of stdin) past it. */
export async function readStdinCapped(max = MAX_BYTES, stream: NodeJS.ReadableStream = process.stdin): Promise<Capped> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    chunks.push(b);
    total += b.length;
    if (total > max) break; // leaving the loop destroys the stream: nothing more is read
  }
  return decode(chunks, total, max);
}

/** "50.0 MB", for messages. */
export function shownSize(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why a capped read gave no text, for messages: "larger than 3 MiB (read stopped at 3.0 MB)". */
export function tooLargeReason(max = MAX_BYTES): string {
  return `larger than ${max / 1024 / 1024} MiB, the most the API server accepts in one request; it was not read`;
}
