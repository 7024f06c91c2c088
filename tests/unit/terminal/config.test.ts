import { describe, expect, it } from 'vitest';
import { GATEWAY_KEY, TOKEN_KEY, gatewayUrl, resolveMode } from '../../../site/islands/terminal/config.ts';
import { MemoryStore } from '../../../site/lib/progress.ts';

const stores = () => ({ local: new MemoryStore() as unknown as Storage, session: new MemoryStore() as unknown as Storage });

describe('terminal mode', () => {
  it('stays in sandbox mode without a gateway, and says why', () => {
    const { local, session } = stores();
    expect(resolveMode('https://labs.example/probes/', undefined, local, session)).toEqual({ mode: 'sandbox', reason: 'no gateway configured' });
  });

  it('uses the built address, turning http(s) into ws(s) and adding /terminal', () => {
    const { local, session } = stores();
    expect(resolveMode('https://labs.example/probes/', 'https://gw.example', local, session)).toEqual({ mode: 'connected', url: 'wss://gw.example/terminal', token: undefined });
  });

  it('remembers ?gateway= (localStorage) and ?token= (sessionStorage); ?gateway=sandbox forgets', () => {
    const { local, session } = stores();
    const m = resolveMode('https://labs.example/probes/?gateway=ws://127.0.0.1:7681/terminal&token=abc', undefined, local, session);
    expect(m).toEqual({ mode: 'connected', url: 'ws://127.0.0.1:7681/terminal', token: 'abc' });
    expect(local.getItem(GATEWAY_KEY)).toBe('ws://127.0.0.1:7681/terminal');
    expect(session.getItem(TOKEN_KEY)).toBe('abc');
    expect(resolveMode('https://labs.example/other/', undefined, local, session)).toEqual(m);
    expect(resolveMode('https://labs.example/other/?gateway=sandbox', undefined, local, session).mode).toBe('sandbox');
    expect(local.getItem(GATEWAY_KEY)).toBeNull();
  });

  it('refuses an address that is no WebSocket or HTTP URL', () => {
    const { local, session } = stores();
    const m = resolveMode('https://labs.example/probes/?gateway=ftp://x', undefined, local, session);
    expect(m).toEqual({ mode: 'sandbox', reason: '?gateway=ftp://x is not a ws://, wss://, http:// or https:// address: sandbox mode' });
    expect(gatewayUrl('wss://gw.example/custom?x=1', 'https://a/')).toBe('wss://gw.example/custom');
  });
});
