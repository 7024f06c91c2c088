// Secret data is base64 of UTF-8 bytes (kubectl create secret, -o yaml, virtctl's user data).

export function toBase64(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function fromBase64(b64: string): string {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

/**
 * base64 -d as coreutils decodes: line breaks ignored; on a character outside the alphabet or a
 * cut-off group, what the characters before it give and ok false ("base64: invalid input").
 */
export function fromBase64Strict(b64: string): { ok: boolean; text: string } {
  const s = b64.replace(/\n/g, '');
  if (/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return { ok: true, text: fromBase64(s) };
  const bad = s.search(/[^A-Za-z0-9+/]/);
  let head = bad >= 0 ? s.slice(0, bad) : s;
  if (head.length % 4 === 1) head = head.slice(0, -1);
  return { ok: false, text: head ? fromBase64(head + '='.repeat((4 - (head.length % 4)) % 4)) : '' };
}
