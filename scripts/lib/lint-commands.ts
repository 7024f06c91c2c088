// `kvlab lint --commands`: each training's command blocks, in page order and with the files its
// YAML blocks hold, through the sandbox (sandbox/lab-commands.ts runLab); a command that fails is
// a diagnostic at its file:line, and a summary counts what ran, what failed and what was left
// out (and why).
import '../../validators/load-all.ts';
import { runLab } from '../../sandbox/lab-commands.ts';
import { commandTable, type CommandTable } from '../../sandbox/lab-table.ts';
import { validateText } from '../../validators/index.ts';
import type { Diagnostic, Training } from '../../engine/types.ts';
import { labBlocks } from './lab-blocks.ts';

export interface CommandsReport {
  diagnostics: Diagnostic[];
  ran: number;
  failed: number;
  skipped: Record<string, number>;
  /** Every command line: runs / refused / not simulated, with the reason. */
  table: CommandTable;
}

export async function lintCommands(training: Training, opts: { user?: string; pause?: number } = {}): Promise<CommandsReport> {
  const blocks = labBlocks(training);
  // a trainee reads and waits between commands: 30 simulated seconds each (3 s at the page's 10x)
  const user = opts.user ?? 'user1';
  const r = await runLab(blocks, { user, validate: validateText, speed: 10, pause: opts.pause ?? 3, watchLimit: 30 });
  const diagnostics: Diagnostic[] = r.failures.map((f) => ({
    file: f.file,
    line: f.line,
    column: 1,
    severity: 'error',
    message: `\`${f.text}\` fails in the sandbox (exit ${f.code}): ${f.message}`,
  }));
  const skipped: Record<string, number> = {};
  for (const s of r.skipped) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
  const ran = r.steps.filter((s) => s.code !== undefined).length;
  return { diagnostics, ran, failed: r.failures.length, skipped, table: commandTable(r, blocks, user) };
}
