// `kvlab <command>`: a thin dispatcher. Each command lives in scripts/commands/<name>.ts and
// exports `summary` (one line for the help) and `run(argv)` resolving to an exit code
// (0 ok, 1 findings/failures, 2 bad input). A long-running command (serve, gateway)
// resolves to `undefined` and keeps the process alive.

export interface Command {
  summary: string;
  run(argv: string[]): Promise<number | undefined>;
}

const commands: Record<string, () => Promise<Command>> = {
  build: () => import('./commands/build.ts'),
  serve: () => import('./commands/serve.ts'),
  dev: () => import('./commands/dev.ts'),
  lint: () => import('./commands/lint.ts'),
  validate: () => import('./commands/validate.ts'),
  check: () => import('./commands/check.ts'),
  simulate: () => import('./commands/simulate.ts'),
  sandbox: () => import('./commands/sandbox.ts'),
  gateway: () => import('./commands/gateway.ts'),
  bench: () => import('./commands/bench.ts'),
  'gen-schemas': () => import('./commands/gen-schemas.ts'),
};

async function help(): Promise<string> {
  const lines = ['Usage: kvlab <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    let summary = '';
    try {
      summary = (await load()).summary;
    } catch {
      summary = '(not available in this checkout)';
    }
    lines.push(`  ${name.padEnd(12)} ${summary}`);
  }
  lines.push('', 'Run `kvlab <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await help());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`kvlab: unknown command "${name}". Known commands: ${Object.keys(commands).join(', ')}.`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}
