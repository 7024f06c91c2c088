// A folder of exported progress files as a class for `kvlab check`: each *.json file that is a
// "kvlab-progress" export gives the trainees named in it, with the files their editors held
// (progress-file.ts). The same size cap as a trainee's folder applies to each file's text.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_BYTES } from '../validators/index.ts';
import { readFileCapped } from '../validators/capped-read-fs.ts';
import { foldersFromExport, parseExport } from './progress-file.ts';
import type { TraineeFolder } from './exercises-fs.ts';

/** An export of a whole browser's progress is small; this stops a wrong folder early. */
const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

export interface ExportedTrainee extends TraineeFolder {
  user: string;
  /** The progress file it came from. */
  file: string;
}

/**
 * The class in `dir`'s progress files, sorted by user; undefined when the folder holds none
 * (then it is a folder of working folders). A user found in two files is an error: which
 * file is theirs is not clear.
 */
export function readProgressClass(dir: string, labs: string[], variant: string, paths: string[], only?: string): { trainees: ExportedTrainee[]; problems: string[] } | undefined {
  const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const trainees = new Map<string, ExportedTrainee>();
  const problems: string[] = [];
  let found = 0;
  for (const name of names) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    const r = readFileCapped(file, MAX_EXPORT_BYTES);
    if (r.tooLarge) {
      problems.push(`${file}: larger than ${MAX_EXPORT_BYTES / 1024 / 1024} MiB; not read`);
      continue;
    }
    let exp;
    try {
      exp = parseExport(r.text);
    } catch (e) {
      if (/not a kvlab progress file/.test((e as Error).message)) continue; // another JSON file
      problems.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    found++;
    for (const [user, held] of foldersFromExport(exp, labs, variant)) {
      if (only !== undefined && user !== only) continue;
      if (trainees.has(user)) {
        problems.push(`${file}: trainee "${user}" is also in ${trainees.get(user)!.file}; checked from the first file only`);
        continue;
      }
      const files: Record<string, string> = {};
      const unreadable: Record<string, string> = {};
      for (const p of paths) {
        const text = held[p.split('{{user}}').join(user)];
        if (text === undefined) continue;
        if (Buffer.byteLength(text) > MAX_BYTES) unreadable[p] = `${p} is larger than ${MAX_BYTES / 1024 / 1024} MiB, the most the API server accepts; it was not read`;
        else files[p] = text;
      }
      trainees.set(user, { user, file, files, unreadable });
    }
  }
  if (found === 0) return undefined;
  return { trainees: [...trainees.values()].sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0)), problems };
}
