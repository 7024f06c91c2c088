// The lab page's workspace connection (site/islands/workspace/connection.ts) with a stub fetch
// and EventSource: a save whose connection is reset (a keep-alive connection the server closed
// just as it was reused) is sent once more at once, instead of leaving the page "offline" with
// the edit pending until the next resync.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkspaceConnection, type Holder, type WorkspaceStatus } from '../../../site/islands/workspace/connection.ts';
import type { KeyValueStore } from '../../../site/lib/progress.ts';

class StubEventSource {
  onerror: (() => void) | null = null;
  addEventListener(): void {}
  close(): void {}
}

function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('WorkspaceConnection saves', () => {
  it('a save met by a connection reset is sent again at once; the page stays online and the edit is confirmed', async () => {
    vi.stubGlobal('EventSource', StubEventSource);
    const puts: string[] = [];
    let resets = 1;
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => {
      if (init?.method !== 'PUT') return new Response(JSON.stringify({ version: null, error: 'no file' }), { status: 404 });
      puts.push(String(init.body));
      if (resets-- > 0) throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
      return new Response(JSON.stringify({ version: 'v1' }), { status: 200 });
    });
    const statuses: WorkspaceStatus[] = [];
    const ws = new WorkspaceConnection('http://gw', 'tok', memoryStore(), { status: (s) => statuses.push(s), conflict: () => {} });
    let text = '';
    const h: Holder = { text: () => text, apply: (t) => (text = t) };
    ws.open('labs/lab08/vm.yaml', h);
    text = 'kind: VirtualMachine\n';
    ws.edited('labs/lab08/vm.yaml', text, h);
    expect(ws.pendingPaths()).toEqual(['labs/lab08/vm.yaml']);
    await vi.waitFor(() => expect(ws.pendingPaths()).toEqual([]), { timeout: 5000 });
    expect(puts).toHaveLength(2);
    expect(puts[1]).toBe(puts[0]);
    expect(statuses).not.toContain('offline');
    ws.close();
  });
});
