import { describe, expect, it } from 'vitest';
import { GATEWAY_KEY, type ConfirmMode, type TerminalMode, confirmGateway, declineGateway, gatewayUrl, resolveMode, sessionKey, tokenKey } from '../../../site/islands/terminal/config.ts';
import { MemoryStore } from '../../../site/lib/progress.ts';

const stores = () => ({ local: new MemoryStore() as unknown as Storage, session: new MemoryStore() as unknown as Storage });
const BUILT = 'wss://gw.example/terminal';
const EVIL = 'ws://127.0.0.1:9999/terminal';
function asConfirm(m: TerminalMode): ConfirmMode {
  if (m.mode !== 'confirm') throw new Error(`expected a confirm mode, got ${JSON.stringify(m)}`);
  return m;
}

describe('terminal mode', () => {
  it('stays in sandbox mode without a gateway, and says why', () => {
    const { local, session } = stores();
    expect(resolveMode('https://labs.example/probes/', undefined, local, session)).toEqual({ mode: 'sandbox', reason: 'no gateway configured' });
  });

  it('uses the built address, turning http(s) into ws(s) and adding /terminal', () => {
    const { local, session } = stores();
    expect(resolveMode('https://labs.example/probes/', 'https://gw.example', local, session)).toEqual({ mode: 'connected', url: BUILT, token: undefined });
  });

  it('a ?token= without ?gateway= belongs to the built gateway, kept per origin in sessionStorage', () => {
    const { local, session } = stores();
    expect(resolveMode('https://labs.example/probes/?token=abc', BUILT, local, session)).toEqual({ mode: 'connected', url: BUILT, token: 'abc' });
    expect(session.getItem(tokenKey(BUILT))).toBe('abc');
    expect(tokenKey(BUILT)).toBe('kvlab:v1:gateway-token:wss://gw.example');
    // the next page, without the query, still has it
    expect(resolveMode('https://labs.example/other/', BUILT, local, session)).toEqual({ mode: 'connected', url: BUILT, token: 'abc' });
  });

  it('?gateway= naming another address connects nowhere until confirmed, and is never persisted in localStorage', () => {
    const { local, session } = stores();
    const m = asConfirm(resolveMode(`https://labs.example/probes/?gateway=${EVIL}`, undefined, local, session));
    expect(m).toEqual({ mode: 'confirm', url: EVIL, fallback: { mode: 'sandbox', reason: 'no gateway configured' } });
    expect(local.length).toBe(0);
    expect(session.getItem(GATEWAY_KEY)).toBeNull();
    // declining: sandbox; nothing remembered
    expect(declineGateway(m, session)).toEqual({ mode: 'sandbox', reason: 'no gateway configured' });
    expect(resolveMode('https://labs.example/other/', undefined, local, session)).toEqual({ mode: 'sandbox', reason: 'no gateway configured' });
  });

  it('a token for the built gateway is never handed to a confirmed other address; one that came with ?gateway=X goes to X only', () => {
    const { local, session } = stores();
    resolveMode('https://labs.example/probes/?token=built-token', BUILT, local, session);
    const m = asConfirm(resolveMode(`https://labs.example/probes/?gateway=${encodeURIComponent(EVIL)}`, BUILT, local, session));
    expect(m).toMatchObject({ mode: 'confirm', url: EVIL, fallback: { mode: 'connected', url: BUILT, token: 'built-token' } });
    const c = confirmGateway(m, session);
    expect(c).toEqual({ mode: 'connected', url: EVIL, token: undefined });
    // confirmed for this tab only (sessionStorage), so the next page connects without asking
    expect(session.getItem(GATEWAY_KEY)).toBe(EVIL);
    expect(local.getItem(GATEWAY_KEY)).toBeNull();
    expect(resolveMode('https://labs.example/other/', BUILT, local, session)).toEqual({ mode: 'connected', url: EVIL, token: undefined });
    // a ?token= now (no ?gateway=) still belongs to the built gateway, not to the confirmed one
    expect(resolveMode('https://labs.example/other/?token=t2', BUILT, local, session)).toEqual({ mode: 'connected', url: EVIL, token: undefined });
    expect(session.getItem(tokenKey(BUILT))).toBe('t2');
    // ?gateway=X&token=T: T is X's
    const { local: l2, session: s2 } = stores();
    const m2 = asConfirm(resolveMode(`https://labs.example/p/?gateway=${EVIL}&token=xt`, BUILT, l2, s2));
    expect(m2).toMatchObject({ mode: 'confirm', url: EVIL });
    expect(confirmGateway(m2, s2)).toEqual({ mode: 'connected', url: EVIL, token: 'xt' });
    expect(s2.getItem(tokenKey(BUILT))).toBeNull();
  });

  it('declining drops the token that came with the address', () => {
    const { local, session } = stores();
    const m = asConfirm(resolveMode(`https://labs.example/p/?gateway=${EVIL}&token=xt`, undefined, local, session));
    declineGateway(m, session);
    expect(session.getItem(tokenKey(EVIL))).toBeNull();
  });

  it('?gateway= equal to the built address needs no confirmation', () => {
    const { local, session } = stores();
    expect(resolveMode(`https://labs.example/p/?gateway=${BUILT}&token=t`, 'https://gw.example', local, session)).toEqual({ mode: 'connected', url: BUILT, token: 't' });
  });

  it('?gateway=sandbox forgets the confirmed address', () => {
    const { local, session } = stores();
    confirmGateway(asConfirm(resolveMode(`https://labs.example/p/?gateway=${EVIL}`, undefined, local, session)), session);
    expect(resolveMode('https://labs.example/p/?gateway=sandbox', undefined, local, session).mode).toBe('sandbox');
    expect(session.getItem(GATEWAY_KEY)).toBeNull();
  });

  it('an address remembered in localStorage by an earlier version is dropped, not used, with a message', () => {
    const { local, session } = stores();
    local.setItem(GATEWAY_KEY, EVIL);
    const m = resolveMode('https://labs.example/p/', BUILT, local, session);
    expect(m).toMatchObject({ mode: 'connected', url: BUILT });
    expect(m.notice).toMatch(/ws:\/\/127\.0\.0\.1:9999\/terminal.*no longer used/);
    expect(local.getItem(GATEWAY_KEY)).toBeNull();
  });

  it('a garbage stored gateway value falls back to the default, with a message', () => {
    for (const store of ['local', 'session'] as const) {
      const s = stores();
      s[store].setItem(GATEWAY_KEY, 'not a url at all ::');
      const m = resolveMode('https://labs.example/p/', undefined, s.local, s.session);
      expect(m).toMatchObject({ mode: 'sandbox', reason: 'no gateway configured' });
      expect(m.notice).toMatch(/"not a url at all ::" is not a ws:\/\/ or wss:\/\/ address/);
      expect(s[store].getItem(GATEWAY_KEY)).toBeNull();
      const s2 = stores();
      s2[store].setItem(GATEWAY_KEY, 'javascript:alert(1)');
      const m2 = resolveMode('https://labs.example/p/', BUILT, s2.local, s2.session);
      expect(m2).toMatchObject({ mode: 'connected', url: BUILT });
      expect(m2.notice).toMatch(/is not a ws:\/\/ or wss:\/\/ address.*using .*gw\.example/);
    }
  });

  it('refuses an address that is no WebSocket or HTTP URL', () => {
    const { local, session } = stores();
    const m = resolveMode('https://labs.example/probes/?gateway=ftp://x', undefined, local, session);
    expect(m).toEqual({ mode: 'sandbox', reason: '?gateway=ftp://x is not a ws://, wss://, http:// or https:// address: sandbox mode' });
    expect(gatewayUrl('wss://gw.example/custom?x=1', 'https://a/')).toBe('wss://gw.example/custom');
  });

  it('keeps the session id per gateway origin', () => {
    expect(sessionKey('ws://127.0.0.1:7681/terminal')).toBe('kvlab:v1:gateway-session:ws://127.0.0.1:7681');
    expect(sessionKey(EVIL)).not.toBe(sessionKey(BUILT));
  });
});
