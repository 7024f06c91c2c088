// A lab site "built with KVLAB_GATEWAY" without building it again: an HTTP server on loopback
// that serves the built site and puts `gateway` into each page's data. (A page fulfilled by
// playwright's route() has no address space, so Chromium would block its sockets to loopback.)
import { createServer } from 'node:http';

export interface GatewaySite {
  /** The site's address (ends with /). */
  url: string;
  origin: string;
  /** The address written into the page data; may be set after start. */
  gateway: string;
  close(): Promise<void>;
}

export async function siteWithGateway(base: string, gateway = ''): Promise<GatewaySite> {
  const site: GatewaySite = { url: '', origin: '', gateway, close: async () => {} };
  const server = createServer((req, res) => {
    void (async () => {
      const upstream = await fetch(new URL(req.url ?? '/', base));
      const type = upstream.headers.get('content-type') ?? 'application/octet-stream';
      let body: Buffer | string = Buffer.from(await upstream.arrayBuffer());
      if (type.startsWith('text/html')) {
        body = body.toString('utf8').replace(/(id="kvlab-page"[^>]*>)\{/, (_m, open: string) => `${open}{"gateway":${JSON.stringify(site.gateway)},`);
      }
      res.writeHead(upstream.status, { 'content-type': type });
      res.end(body);
    })().catch((e: Error) => {
      res.writeHead(502);
      res.end(String(e.message));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.address() as { port: number }).port;
  site.origin = `http://127.0.0.1:${port}`;
  site.url = `${site.origin}/`;
  site.close = () => new Promise((ok) => server.close(() => ok()));
  return site;
}
