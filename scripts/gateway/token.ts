// Tokens: `kvl1.<payload>.<signature>`, payload = base64url JSON {sub, iat, exp[, role]}
// (seconds; role "trainer" for a trainer's token, absent for a trainee's), signature = base64url HMAC-SHA256 over "kvl1.<payload>" with the gateway secret.
// Stateless on purpose: the trainer issues them from the CLI, the gateway only verifies.
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'kvl1';
/** Bytes a secret must have after trimming; `openssl rand -base64 48` gives 64. */
export const MIN_SECRET_LENGTH = 32;
/** Shannon estimate (bits per character × length) a secret must reach. */
const MIN_SECRET_BITS = 128;
const MAKE_ONE = 'make one with `openssl rand -base64 48`';

export type Role = 'trainee' | 'trainer';

export interface TokenClaims {
  sub: string;
  iat: number;
  exp: number;
  /** 'trainer' opens the class page (/trainer) and nothing else; absent in the token: a trainee. */
  role: Role;
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

function sign(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function checkSecret(secret: string | undefined): string | undefined {
  if (!secret) return `KVLAB_GATEWAY_SECRET is not set: ${MAKE_ONE}, e.g. \`export KVLAB_GATEWAY_SECRET=$(openssl rand -base64 48)\``;
  const core = Buffer.from(secret.trim());
  if (core.length < MIN_SECRET_LENGTH)
    return `KVLAB_GATEWAY_SECRET has ${core.length} bytes after trimming spaces; use at least ${MIN_SECRET_LENGTH} random bytes: ${MAKE_ONE}`;
  // A crude guard against typed secrets: the empirical entropy of its characters.
  const counts = new Map<number, number>();
  for (const b of core) counts.set(b, (counts.get(b) ?? 0) + 1);
  let perByte = 0;
  for (const n of counts.values()) perByte -= (n / core.length) * Math.log2(n / core.length);
  if (counts.size < 8 || perByte * core.length < MIN_SECRET_BITS)
    return `KVLAB_GATEWAY_SECRET looks guessable (${counts.size} distinct characters, about ${Math.floor(perByte * core.length)} bits); use at least ${MIN_SECRET_BITS} bits of randomness: ${MAKE_ONE}`;
  return undefined;
}

export function issueToken(secret: string, user: string, ttlSeconds: number, now = Date.now(), role: Role = 'trainee'): string {
  const iat = Math.floor(now / 1000);
  const claims = { sub: user, iat, exp: iat + ttlSeconds, ...(role === 'trainer' ? { role } : {}) };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const body = `${PREFIX}.${payload}`;
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

export function verifyToken(secret: string, token: string | undefined, now = Date.now()): VerifyResult {
  if (!token) return { ok: false, reason: 'missing token: pass ?token= or an Authorization: Bearer header' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed token' };
  const body = `${parts[0]}.${parts[1]}`;
  // Compare the canonical encoding, not decoded bytes: Node's base64url decoder ignores
  // padding, junk characters and the unused bits of the last character.
  const given = Buffer.from(parts[2]);
  const expected = Buffer.from(sign(secret, body).toString('base64url'));
  // timingSafeEqual needs equal lengths; the length of a signature is no secret.
  const same = given.length === expected.length && timingSafeEqual(given, expected);
  if (!same) return { ok: false, reason: 'bad token signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed token payload' };
  }
  const c = claims as Partial<TokenClaims>;
  if (typeof c.sub !== 'string' || typeof c.exp !== 'number' || typeof c.iat !== 'number' || (c.role !== undefined && c.role !== 'trainer'))
    return { ok: false, reason: 'malformed token payload' };
  if (Math.floor(now / 1000) >= c.exp) return { ok: false, reason: 'token expired' };
  return { ok: true, claims: { sub: c.sub, iat: c.iat, exp: c.exp, role: c.role === 'trainer' ? 'trainer' : 'trainee' } };
}

/** "8h", "30m", "90s", "2d", "1h30m" → seconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '') return undefined;
  const [d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const total = d * 86400 + h * 3600 + mi * 60 + s;
  return total > 0 ? total : undefined;
}
