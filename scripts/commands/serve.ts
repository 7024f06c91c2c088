// `kvlab serve [--port N] [--host H] [--no-build] [--content DIR]` (npm start): builds the first
// variant (`default`) and serves dist/default on http://localhost:4321.
import { join } from 'node:path';
import { parseCommandArgs, port, argsOrExit, type ArgsResult } from '../lib/args.ts';
import { serveStatic } from '../lib/static-server.ts';
import { run as build } from './build.ts';

export const summary = 'build the default variant and serve it on http://localhost:4321 (npm start)';

export const USAGE = `Usage: kvlab serve [--port N] [--host H] [--no-build] [--content DIR]
Builds the default variant into dist/default/ and serves it (default http://localhost:4321).
  --port N        listen port (default $PORT, else 4321; 0 picks a free one)
  --host H        listen address (default 0.0.0.0)
  --no-build      serve dist/default as it is
  --content DIR   content folder to build (default content/)`;

export interface ServeArgs {
  port: number;
  host: string;
  build: boolean;
  content?: string;
  help: boolean;
}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string', default: '0.0.0.0' },
  'no-build': { type: 'boolean' },
  content: { type: 'string' },
} as const;

/** Pure: argv (and $PORT) → options, or the one error to print (then exit 2). */
export function parseServeArgs(argv: string[], env: { PORT?: string } = process.env): ArgsResult<ServeArgs> {
  return parseCommandArgs(argv, OPTIONS, (v) => ({
    port: v.port !== undefined ? port('--port', v.port) : env.PORT ? port('$PORT', env.PORT) : 4321,
    host: v.host,
    build: !v['no-build'],
    ...(v.content ? { content: v.content } : {}),
    help: v.help,
  }));
}

export async function run(argv: string[]): Promise<number | undefined> {
  const args = argsOrExit('serve', parseServeArgs(argv), USAGE);
  if (typeof args === 'number') return args;
  if (args.build) {
    const code = await build(['--variant', 'default', ...(args.content ? ['--content', args.content] : [])]);
    if (code !== 0) return code;
  }
  try {
    const server = await serveStatic(join(import.meta.dirname, '..', '..', 'dist', 'default'), args.port, args.host);
    console.log(`kvlab: serving dist/default on http://localhost:${server.port}/ (Ctrl+C to stop)`);
  } catch (e) {
    console.error(`kvlab serve: cannot listen on port ${args.port}: ${(e as Error).message}. Is another server running? Try --port.`);
    return 1;
  }
  return undefined;
}
