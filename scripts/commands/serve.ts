// `kvlab serve [--port N] [--no-build]` (npm start): builds the first variant (`default`) and
// serves dist/default on http://localhost:4321.
import { join } from 'node:path';
import { serveStatic } from '../lib/static-server.ts';
import { run as build } from './build.ts';

export const summary = 'build the default variant and serve it on http://localhost:4321 (npm start)';

export async function run(argv: string[]): Promise<number | undefined> {
  if (argv.includes('--help')) {
    console.log('Usage: kvlab serve [--port N] [--host H] [--no-build] [--content DIR]\nBuilds the default variant into dist/default/ and serves it (default http://localhost:4321).');
    return 0;
  }
  const portAt = argv.indexOf('--port');
  const port = portAt >= 0 ? Number(argv[portAt + 1]) : Number(process.env.PORT ?? 4321);
  const hostAt = argv.indexOf('--host');
  const host = hostAt >= 0 ? argv[hostAt + 1] : '0.0.0.0';
  const contentAt = argv.indexOf('--content');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`kvlab serve: --port needs a port number, not "${argv[portAt + 1]}"`);
    return 2;
  }
  if (!argv.includes('--no-build')) {
    const code = await build(['--variant', 'default', ...(contentAt >= 0 ? ['--content', argv[contentAt + 1]] : [])]);
    if (code !== 0) return code;
  }
  try {
    const server = await serveStatic(join(import.meta.dirname, '..', '..', 'dist', 'default'), port, host);
    console.log(`kvlab: serving dist/default on http://localhost:${server.port}/ (Ctrl+C to stop)`);
  } catch (e) {
    console.error(`kvlab serve: cannot listen on port ${port}: ${(e as Error).message}. Is another server running? Try --port.`);
    return 1;
  }
  return undefined;
}
