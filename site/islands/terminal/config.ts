// Which mode the terminal runs in: connected to a gateway or the in-browser sandbox.
//
// The gateway is the one the site was built with (page data `gateway`, from KVLAB_GATEWAY). A
// different address from `?gateway=` is only used after the trainee confirms it (mode
// 'confirm': the panel shows it in full, with Connect / Use sandbox); the confirmed address is
// kept for this tab only (sessionStorage), never in localStorage, so neither a link nor an
// imported file can make later visits connect somewhere else.
//
// Tokens and session ids are credentials of one gateway: they are kept in sessionStorage keyed
// by the gateway's origin and only ever sent there. A `?token=` that comes with `?gateway=X`
// belongs to X; one without `?gateway=` belongs to the built gateway.
export const GATEWAY_KEY = 'kvlab:v1:gateway';
export const TOKEN_PREFIX = 'kvlab:v1:gateway-token:';
export const SESSION_PREFIX = 'kvlab:v1:gateway-session:';
/** Keys of earlier versions: the address in localStorage, token and session id bound to no origin. */
const LEGACY_SESSION_KEYS = ['kvlab:v1:gateway-token', 'kvlab:v1:gateway-session'];

export type SandboxMode = { mode: 'sandbox'; reason: string; notice?: string };
export type ConnectedMode = { mode: 'connected'; url: string; token?: string; notice?: string };
/** `url` is asked for and not yet confirmed; `fallback` is what declining gives. */
export type ConfirmMode = { mode: 'confirm'; url: string; fallback: SandboxMode | ConnectedMode; notice?: string };
export type TerminalMode = SandboxMode | ConnectedMode | ConfirmMode;

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
  u.username = '';
  u.password = '';
  return u.toString();
}

/** ws(s)://host[:port] of a gateway address (what a token and a session id are bound to). */
export function gatewayOrigin(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}
export const tokenKey = (url: string): string => TOKEN_PREFIX + gatewayOrigin(url);
export const sessionKey = (url: string): string => SESSION_PREFIX + gatewayOrigin(url);

/** A stored address: absolute, and a ws(s) one once normalised. */
const storedGateway = (raw: string): string | undefined => gatewayUrl(raw, 'about:blank');

const quote = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/**
 * Reads `?gateway=` and `?token=` and the stored choice, then decides. `built` is the address
 * the site was built with (page data `gateway`), if any. Nothing here opens a connection.
 */
export function resolveMode(href: string, built: string | undefined, local?: Storage, session?: Storage): TerminalMode {
  const url = new URL(href);
  const qGateway = url.searchParams.get('gateway');
  const qToken = url.searchParams.get('token');
  const notices: string[] = [];
  for (const k of LEGACY_SESSION_KEYS) set(session, k, undefined);

  const builtUrl = built ? gatewayUrl(built, href) : undefined;
  if (built && !builtUrl) notices.push(`The site's gateway address ${quote(built)} is not a ws:// or wss:// address.`);
  const fallbackText = builtUrl ? `using the site's gateway ${builtUrl}` : 'using the sandbox';

  // An earlier version kept `?gateway=` (or an imported value) in localStorage: never used now.
  const legacy = get(local, GATEWAY_KEY);
  if (legacy !== undefined) {
    set(local, GATEWAY_KEY, undefined);
    const g = storedGateway(legacy);
    if (!g) notices.push(`The stored gateway address ${quote(legacy)} is not a ws:// or wss:// address: ${fallbackText}.`);
    else if (g !== builtUrl) notices.push(`The gateway address ${g} remembered by an earlier visit is no longer used (${fallbackText}); open a link with ?gateway= to be asked again.`);
  }
  // The address confirmed in this tab.
  let confirmed = get(session, GATEWAY_KEY);
  if (confirmed !== undefined && !storedGateway(confirmed)) {
    notices.push(`The stored gateway address ${quote(confirmed)} is not a ws:// or wss:// address: ${fallbackText}.`);
    set(session, GATEWAY_KEY, undefined);
    confirmed = undefined;
  }
  if (qToken && qGateway === null) {
    if (builtUrl) set(session, tokenKey(builtUrl), qToken);
    else notices.push('The ?token= in the address was ignored: this site has no gateway of its own (a token is only kept with the ?gateway= it came with).');
  }
  const notice = notices.length ? { notice: notices.join(' ') } : {};
  const connected = (u: string): ConnectedMode => ({ mode: 'connected', url: u, token: get(session, tokenKey(u)), ...notice });
  const fallback = (): SandboxMode | ConnectedMode => (builtUrl ? connected(builtUrl) : { mode: 'sandbox', reason: 'no gateway configured', ...notice });

  if (qGateway !== null) {
    if (qGateway === '' || qGateway === 'sandbox' || qGateway === 'off') {
      set(session, GATEWAY_KEY, undefined);
      return fallback();
    }
    const g = gatewayUrl(qGateway, href);
    if (!g) return { mode: 'sandbox', reason: `?gateway=${qGateway} is not a ws://, wss://, http:// or https:// address: sandbox mode`, ...notice };
    if (qToken) set(session, tokenKey(g), qToken);
    if (g === builtUrl || g === confirmed) return connected(g);
    return { mode: 'confirm', url: g, fallback: fallback(), ...notice };
  }
  if (confirmed) return connected(confirmed);
  return fallback();
}

/** The trainee chose Connect: the address holds for this tab; its own token (if any) goes with it. */
export function confirmGateway(choice: ConfirmMode, session?: Storage): ConnectedMode {
  set(session, GATEWAY_KEY, choice.url);
  const token = get(session, tokenKey(choice.url));
  return { mode: 'connected', url: choice.url, token, ...(choice.notice ? { notice: choice.notice } : {}) };
}

/** The trainee declined: forget the token that came with the address, use the default. */
export function declineGateway(choice: ConfirmMode, session?: Storage): SandboxMode | ConnectedMode {
  if (choice.fallback.mode !== 'connected' || gatewayOrigin(choice.fallback.url) !== gatewayOrigin(choice.url)) set(session, tokenKey(choice.url), undefined);
  return choice.fallback;
}
