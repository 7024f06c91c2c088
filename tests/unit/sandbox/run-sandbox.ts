// `kvlab sandbox` run in-process with its stdout captured, for the CLI tests.
import { vi } from 'vitest';
import { run } from '../../../scripts/commands/sandbox.ts';

export async function kvlabSandbox(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await run(argv), out };
  } finally {
    spy.mockRestore();
  }
}
