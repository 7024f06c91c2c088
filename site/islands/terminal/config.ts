// Which mode the terminal runs in: connected to a gateway (from the build's page data, or
// `?gateway=` remembered in localStorage) or the in-browser sandbox. `?token=` is kept in
// sessionStorage (it is a credential: it goes with the tab, not the browser profile).
export const GATEWAY_KEY = 'kvlab:v1:gateway';
export const TOKEN_KEY = 'kvlab:v1:gateway-token';
export const SESSION_KEY = 'kvlab:v1:gateway-session';

export type TerminalMode =
  | { mode: 'sandbox'; reason: string }
  | { mode: 'connected'; url: string; token?: string };

function get(store: Storage | undefined, key: string): string | undefined {
  try {
    return store?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}
function set(store: Storage | undefined, key: string, value: string | undefined): void {
  try {
    if (value === undefined) store?.removeItem(key);
    else store?.setItem(key, value);
  } catch {
    /* storage disabled: this page view only */
  }
}

/** A gateway address as the socket needs it: ws(s)://host[:port]/terminal. Undefined when not one. */
export function gatewayUrl(raw: string, pageUrl: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw, pageUrl);
  } catch {
    return undefined;
  }
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') return undefined;
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/terminal';
  u.search = '';
  u.hash = '';
  return u.toString();
}

/**
 * Reads `?gateway=` (remembered; `?gateway=sandbox` forgets it) and `?token=`, then decides.
 * `built` is the address the site was built with (page data `gateway`), if any.
 */
export function resolveMode(href: string, built: string | undefined, local?: Storage, session?: Storage): TerminalMode {
  const url = new URL(href);
  const qGateway = url.searchParams.get('gateway');
  const qToken = url.searchParams.get('token');
  if (qGateway !== null) {
    if (qGateway === '' || qGateway === 'sandbox' || qGateway === 'off') set(local, GATEWAY_KEY, undefined);
    else {
      const g = gatewayUrl(qGateway, href);
      if (!g) return { mode: 'sandbox', reason: `?gateway=${qGateway} is not a ws://, wss://, http:// or https:// address: sandbox mode` };
      set(local, GATEWAY_KEY, g);
    }
  }
  if (qToken) set(session, TOKEN_KEY, qToken);
  const chosen = get(local, GATEWAY_KEY) ?? (built ? gatewayUrl(built, href) : undefined);
  if (!chosen) return { mode: 'sandbox', reason: 'no gateway configured' };
  return { mode: 'connected', url: chosen, token: get(session, TOKEN_KEY) };
}
