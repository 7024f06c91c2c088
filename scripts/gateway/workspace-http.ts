// The workspace API (docs/gateway.md, "The workspace"): the lab page's editors read and save
// the trainee's lab files in their home, and hear of changes made in the shell, over plain HTTP
// with the same token as the terminal. The lab page lives on another origin, so answers carry
// CORS headers for the allowed page origins (--origin), and a request from any other Origin is
// refused before the token is looked at.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openEvents, originAllowed, readBody, sendJson } from './http-util.ts';
import { MAX_FILE_BYTES, WorkspaceError } from './workspace-fs.ts';
import type { Workspaces } from './workspace.ts';

export type Auth = { ok: true; user: string } | { ok: false; status: number; error: string };

export interface WorkspaceRouteDeps {
  workspaces: Workspaces;
  origins: string[];
  /** Token → trainee (a trainer's token is refused here: 403). */
  auth(req: IncomingMessage, url: URL): Auth;
  /** Called on every authenticated request (the class page's "last activity"). */
  touch(user: string): void;
}

function cors(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return origin && origin !== 'null' ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}

/** Handles /workspace/…; false when the path is not the workspace's. */
export function workspaceRoute(deps: WorkspaceRouteDeps, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (!url.pathname.startsWith('/workspace/')) return false;
  if (!originAllowed(req.headers.origin, req.headers.host, deps.origins)) {
    sendJson(res, 403, { error: `origin ${req.headers.origin} is not allowed (start the gateway with --origin ${req.headers.origin} to allow it)` });
    return true;
  }
  const headers = cors(req);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...headers, 'access-control-allow-methods': 'GET, PUT', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' });
    res.end();
    return true;
  }
  const who = deps.auth(req, url);
  if (!who.ok) {
    sendJson(res, who.status, { error: who.error }, headers);
    return true;
  }
  const { user } = who;
  deps.touch(user);
  const fail = (e: unknown) => {
    if (res.headersSent) return res.destroy();
    const status = e instanceof WorkspaceError ? e.status : ((e as { status?: number }).status ?? 500);
    sendJson(res, status, { error: status === 500 ? `the gateway failed: ${(e as Error).message}` : (e as Error).message }, headers);
  };
  if (url.pathname === '/workspace/file' && req.method === 'GET') {
    deps.workspaces.get(user, url.searchParams.get('path')).then((r) => {
      if (r.text === null) sendJson(res, 404, { error: `${r.path} does not exist in your home`, path: r.path, version: null }, headers);
      else sendJson(res, 200, r, headers);
    }, fail);
    return true;
  }
  if (url.pathname === '/workspace/file' && req.method === 'PUT') {
    void (async () => {
      const body = await readBody(req, MAX_FILE_BYTES * 2 + 4096);
      let msg: { text?: unknown; base?: unknown };
      try {
        msg = JSON.parse(body) as typeof msg;
      } catch {
        throw new WorkspaceError(400, 'the body must be JSON: {"text": "…", "base": "<version>"|null}');
      }
      if (typeof msg.text !== 'string') throw new WorkspaceError(400, '"text" must be a string');
      if (msg.base !== undefined && msg.base !== null && typeof msg.base !== 'string') throw new WorkspaceError(400, '"base" must be a version string, null (no file expected) or absent (overwrite)');
      const r = await deps.workspaces.put(user, url.searchParams.get('path'), msg.text, msg.base as string | null | undefined);
      if ('conflict' in r) sendJson(res, 409, { error: 'the file changed since your version', path: url.searchParams.get('path'), ...r.conflict }, headers);
      else sendJson(res, 200, { path: url.searchParams.get('path'), version: r.version }, headers);
    })().catch(fail);
    return true;
  }
  if (url.pathname === '/workspace/events' && req.method === 'GET') {
    const events = openEvents(req, res, headers);
    events.send('hello', { user });
    const off = deps.workspaces.onChange((c) => {
      if (c.user === user) events.send('change', { path: c.path, version: c.version, text: c.text });
    });
    events.onClose(off);
    return true;
  }
  sendJson(res, 404, { error: 'the workspace has /workspace/file (GET, PUT) and /workspace/events' }, headers);
  return true;
}
