// `kvlab validate`'s Io over files in memory, for running it in-process: what it prints to stdout
// and stderr is kept in `stdout` and `stderr`; a file not in `files` is ENOENT.
import type { Io } from '../../../scripts/commands/validate.ts';

export function memIo(files: Record<string, string>, stdin = ''): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    readFile: (p: string) => {
      if (!(p in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return files[p]!;
    },
    readStdin: () => stdin,
    out: (s: string) => { io.stdout += s; },
    err: (s: string) => { io.stderr += s; },
  };
  return io;
}
