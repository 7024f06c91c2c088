// Drives the pure sandbox shell as the terminal island does: keystrokes in, text out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Shell, type ShellState } from '../../../sandbox/shell.ts';
import type { EditFn, ValidateFn } from '../../../sandbox/types.ts';
import { validateText } from '../../../validators/index.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'validators', 'fixtures', 'probes');
export const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** The probes lab's files after task 2 (readiness probe) as the editors would hold them. */
export function labFiles(vm = 'task2-vm.yaml'): Record<string, string> {
  return {
    'labs/lab08/cloudinit-probe.yaml': fixture('cloudinit-probe.yaml'),
    'labs/lab08/vm_lab08-probe.yaml': fixture(vm),
    'labs/lab08/cloudinit-watchdog.yaml': fixture('cloudinit-watchdog.yaml'),
    'labs/lab08/vm_lab08-watchdog.yaml': fixture('watchdog-vm.yaml'),
  };
}

/** The text as a terminal shows it: escapes dropped, a carriage return starts its line again. */
export const plain = (s: string) =>
  s
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split('\r\n')
    .map((line) => line.split('\r').pop()!)
    .join('\n');

export class Harness {
  raw = '';
  private mark = 0;
  files: Record<string, string>;
  shell: Shell;

  constructor(opts: { user?: string; files?: Record<string, string>; state?: ShellState; validate?: ValidateFn; origins?: Record<string, string>; edit?: EditFn } = {}) {
    this.files = opts.files ?? labFiles();
    const origins = opts.origins;
    this.shell = new Shell({ user: opts.user ?? 'alice', write: (t) => (this.raw += t), validate: opts.validate ?? validateText, files: () => this.files, state: opts.state, epochMs: Date.UTC(2026, 0, 1), ...(origins ? { origins: () => origins } : {}), ...(opts.edit ? { edit: opts.edit } : {}) });
    this.shell.start();
    this.take();
  }

  /** Output since the last call, without escapes, \r\n as \n. */
  take(): string {
    const out = this.raw.slice(this.mark);
    this.mark = this.raw.length;
    return plain(out);
  }

  /** Types a line and Enter; returns what it printed after the echoed line, without the next prompt. */
  run(line: string): string {
    this.shell.input(`${line}\r`);
    const out = this.take();
    const lines = out.split('\n');
    // drop the echoed command line and the final prompt
    return lines.slice(1, lines[lines.length - 1]!.includes('@sandbox:') ? -1 : undefined).join('\n');
  }

  keys(data: string): string {
    this.shell.input(data);
    return this.take();
  }
}
