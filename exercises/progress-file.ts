// The progress file the lab page's "Export progress" writes (format "kvlab-progress"): its
// shape, its reading, and the trainee folders it stands for. Shared by the site (export and
// import, site/lib/progress.ts) and `kvlab check`, which takes a folder of such files as a class.
// Pure: text in, data out.

/** One JSON file holding all of a trainee's progress (the progress keys of one browser). */
export interface ProgressExport {
  format: 'kvlab-progress';
  version: number;
  exportedAt: string;
  entries: Record<string, string>;
}

export const DRAFT_PREFIX = 'kvlab:v1:draft:';

export function parseExport(json: string): ProgressExport {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new Error(`not a kvlab progress file: the JSON does not parse (${(e as Error).message})`);
  }
  const d = data as Partial<ProgressExport> | null;
  if (!d || typeof d !== 'object' || d.format !== 'kvlab-progress') {
    throw new Error('not a kvlab progress file: expected {"format":"kvlab-progress", …} as exported by "Export progress"');
  }
  if (!Number.isInteger(d.version) || (d.version as number) < 1) {
    throw new Error('kvlab progress file: "version" must be a positive integer');
  }
  if (!d.entries || typeof d.entries !== 'object') {
    throw new Error('kvlab progress file: "entries" must be an object of key → text');
  }
  for (const [k, v] of Object.entries(d.entries)) {
    if (typeof v !== 'string') throw new Error(`kvlab progress file: entry "${k}" must be a string`);
  }
  return d as ProgressExport;
}

/**
 * The working folders an export stands for, one per user name in it: for each path of the lab
 * (`labs` names it: its folder number or slug) in `variant`, the most recently saved draft of
 * any task — what `labs/lab08/…` holds on the trainee's disk (site/lib/progress.ts latestFiles).
 */
export function foldersFromExport(exp: ProgressExport, labs: string[], variant: string): Map<string, Record<string, string>> {
  const best = new Map<string, Map<string, { text: string; savedAt: number }>>();
  for (const [key, value] of Object.entries(exp.entries)) {
    if (!key.startsWith(DRAFT_PREFIX)) continue;
    const parts = key.slice(DRAFT_PREFIX.length).split(':');
    if (parts.length !== 5) continue;
    let user: string, lab: string, v: string, path: string;
    try {
      [user, lab, v, , path] = parts.map(decodeURIComponent);
    } catch {
      continue;
    }
    // every user of the file is a trainee, with nothing done in a lab they have no draft of
    let files = best.get(user);
    if (!files) best.set(user, (files = new Map()));
    if (!labs.includes(lab) || v !== variant) continue;
    let d: { text?: unknown; savedAt?: unknown };
    try {
      d = JSON.parse(value) as typeof d;
    } catch {
      continue;
    }
    if (typeof d?.text !== 'string') continue;
    const savedAt = typeof d.savedAt === 'number' ? d.savedAt : 0;
    const had = files.get(path);
    if (!had || savedAt >= had.savedAt) files.set(path, { text: d.text, savedAt });
  }
  return new Map([...best].map(([u, files]) => [u, Object.fromEntries([...files].map(([p, f]) => [p, f.text]))]));
}
