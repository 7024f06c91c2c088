// The trainee's work in localStorage. Keys are versioned (`kvlab:v1:…`) and carry no build id,
// so a rebuilt site finds the same work. Layout (v1):
//   kvlab:v1:draft:<user>:<lab>:<variant>:<task>:<path>  → {"text","savedAt"}  a task editor's file
//   kvlab:v1:pass:<user>:<lab>:<variant>:<task>          → {"passedAt","files":{path:text}}
//                                                           the files as they were when Check passed
//   kvlab:version                                        → "1"  the layout the keys follow
// Each part is URI-encoded, so a user name or path with ':' cannot split a key wrongly.
// The store takes any Storage-like object so tests (and Node) can pass a Map-backed one.

import { parseExport, type ProgressExport } from '../../exercises/progress-file.ts';

export { parseExport, type ProgressExport };
export const PROGRESS_VERSION = 1;
export const VERSION_KEY = 'kvlab:version';
const PREFIX = `kvlab:v${PROGRESS_VERSION}:`;

export interface KeyValueStore {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Scope {
  user: string;
  lab: string;
  variant: string;
}

export interface Draft {
  text: string;
  savedAt: number;
}

export interface Pass {
  passedAt: number;
  files: Record<string, string>;
}

/**
 * The keys a progress file carries: the editors' drafts, the passed tasks and the sandbox
 * terminal's saved shell (its files and cluster). Settings (user name, gateway, theme, tabs,
 * sizes) are this browser's own: never exported, never written by an import (a shared or
 * planted file must not change who the trainee is or where their terminal connects).
 */
export const PROGRESS_KEY_PREFIXES = [`${PREFIX}draft:`, `${PREFIX}pass:`, `${PREFIX}term:`];
export const isProgressKey = (key: string): boolean => PROGRESS_KEY_PREFIXES.some((p) => key.startsWith(p));

/** A step from layout `from` to `from + 1`, rewriting keys and values in place. */
export interface Migration {
  from: number;
  describe: string;
  migrate(entries: Record<string, string>): Record<string, string>;
}

/**
 * The migrations from each older layout to the next. v1 is the first layout, so the list is
 * empty today; a future v2 appends `{from: 1, …}` and bumps PROGRESS_VERSION.
 */
export const MIGRATIONS: Migration[] = [];

const enc = (s: string) => encodeURIComponent(s);

export function draftKey(scope: Scope, task: string, path: string): string {
  return `${PREFIX}draft:${enc(scope.user)}:${enc(scope.lab)}:${enc(scope.variant)}:${enc(task)}:${enc(path)}`;
}

export function passKey(scope: Scope, task: string): string {
  return `${PREFIX}pass:${enc(scope.user)}:${enc(scope.lab)}:${enc(scope.variant)}:${enc(task)}`;
}

function readJson<T>(store: KeyValueStore, key: string): T | undefined {
  const raw = store.getItem(key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined; // a damaged entry reads as absent rather than breaking the page
  }
}

function entriesOf(store: KeyValueStore, filter: (key: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key !== null && filter(key)) out[key] = store.getItem(key) ?? '';
  }
  return out;
}

/**
 * Runs `migrations` over every kvlab key until the store is at `target`. Returns the versions
 * it stepped through. A store with no version marker but kvlab data is taken as v1 (the first
 * layout); a store from a newer site is left untouched (never downgrade someone's work).
 */
export function migrateStore(
  store: KeyValueStore,
  migrations: Migration[] = MIGRATIONS,
  target = PROGRESS_VERSION,
): number[] {
  const marker = store.getItem(VERSION_KEY);
  let version = marker === null ? 1 : Number(marker);
  if (!Number.isInteger(version) || version < 1) version = 1;
  const steps: number[] = [];
  if (version > target) return steps;
  while (version < target) {
    const step = migrations.find((m) => m.from === version);
    if (!step) throw new Error(`kvlab progress: no migration from layout v${version} to v${version + 1}`);
    const old = entriesOf(store, (k) => k.startsWith('kvlab:') && k !== VERSION_KEY);
    const next = step.migrate({ ...old });
    for (const k of Object.keys(old)) if (!(k in next)) store.removeItem(k);
    for (const [k, v] of Object.entries(next)) store.setItem(k, v);
    version++;
    steps.push(version);
  }
  store.setItem(VERSION_KEY, String(target));
  return steps;
}

export class ProgressStore {
  constructor(private readonly store: KeyValueStore) {
    migrateStore(store);
  }

  getDraft(scope: Scope, task: string, path: string): Draft | undefined {
    const d = readJson<Draft>(this.store, draftKey(scope, task, path));
    return d && typeof d.text === 'string' ? d : undefined;
  }

  saveDraft(scope: Scope, task: string, path: string, text: string, now = Date.now()): void {
    const draft: Draft = { text, savedAt: now };
    this.store.setItem(draftKey(scope, task, path), JSON.stringify(draft));
  }

  clearDraft(scope: Scope, task: string, path: string): void {
    this.store.removeItem(draftKey(scope, task, path));
  }

  getPass(scope: Scope, task: string): Pass | undefined {
    const p = readJson<Pass>(this.store, passKey(scope, task));
    return p && p.files && typeof p.files === 'object' ? p : undefined;
  }

  recordPass(scope: Scope, task: string, files: Record<string, string>, now = Date.now()): void {
    const pass: Pass = { passedAt: now, files };
    this.store.setItem(passKey(scope, task), JSON.stringify(pass));
  }

  clearPass(scope: Scope, task: string): void {
    this.store.removeItem(passKey(scope, task));
  }

  passedTasks(scope: Scope): string[] {
    const head = `${PREFIX}pass:${enc(scope.user)}:${enc(scope.lab)}:${enc(scope.variant)}:`;
    return Object.keys(entriesOf(this.store, (k) => k.startsWith(head)))
      .map((k) => decodeURIComponent(k.slice(head.length)))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  /**
   * What a task's editor opens with for one file: the trainee's own draft of this task; else
   * the file as it was when the nearest earlier task that holds this path passed its check;
   * else the exercise's starting content. `earlierTasks` is in page order.
   */
  initialText(
    scope: Scope,
    task: string,
    path: string,
    earlierTasks: string[],
    starting: string,
  ): { text: string; from: 'draft' | 'previous-pass' | 'start'; task?: string } {
    const draft = this.getDraft(scope, task, path);
    if (draft) return { text: draft.text, from: 'draft' };
    for (let i = earlierTasks.length - 1; i >= 0; i--) {
      const pass = this.getPass(scope, earlierTasks[i]);
      const text = pass?.files[path];
      if (typeof text === 'string') return { text, from: 'previous-pass', task: earlierTasks[i] };
    }
    return { text: starting, from: 'start' };
  }

  /**
   * The trainee's lab folder as the editors hold it: for each path, the most recently saved
   * draft of any task of this lab (what `labs/lab08/…` would hold on their disk). The sandbox
   * terminal reads its files from here.
   */
  latestFiles(scope: Scope): Record<string, string> {
    const head = `${PREFIX}draft:${enc(scope.user)}:${enc(scope.lab)}:${enc(scope.variant)}:`;
    const best: Record<string, Draft> = {};
    for (const [k, v] of Object.entries(entriesOf(this.store, (key) => key.startsWith(head)))) {
      const rest = k.slice(head.length);
      const path = decodeURIComponent(rest.slice(rest.indexOf(':') + 1));
      let d: Draft | undefined;
      try {
        d = JSON.parse(v) as Draft;
      } catch {
        continue;
      }
      if (typeof d?.text !== 'string') continue;
      if (!best[path] || d.savedAt >= best[path].savedAt) best[path] = d;
    }
    return Object.fromEntries(Object.entries(best).map(([p, d]) => [p, d.text]));
  }

  exportAll(now = new Date()): ProgressExport {
    return {
      format: 'kvlab-progress',
      version: PROGRESS_VERSION,
      exportedAt: now.toISOString(),
      entries: entriesOf(this.store, isProgressKey),
    };
  }

  /**
   * Reads an export (as text) and writes its progress entries, migrating an older export first.
   * Entries already here are overwritten by the file's; any other key in the file is skipped
   * (counted in `skipped`). Throws an Error whose message says what is wrong.
   */
  importAll(json: string, migrations: Migration[] = MIGRATIONS): { imported: number; skipped: number } {
    const data = parseExport(json);
    let entries = data.entries;
    let version = data.version;
    if (version > PROGRESS_VERSION) {
      throw new Error(
        `this progress file has layout v${version}, newer than this site's v${PROGRESS_VERSION}: open it on the site that exported it`,
      );
    }
    while (version < PROGRESS_VERSION) {
      const step = migrations.find((m) => m.from === version);
      if (!step) throw new Error(`no migration from progress layout v${version}`);
      entries = step.migrate({ ...entries });
      version++;
    }
    let imported = 0;
    let skipped = 0;
    for (const [k, v] of Object.entries(entries)) {
      if (!isProgressKey(k)) {
        skipped++;
        continue;
      }
      this.store.setItem(k, v);
      imported++;
    }
    return { imported, skipped };
  }
}

/** Marks the sidebar/TOC links to `#task-N` of every passed task (class + accessible state). */
export function markPassedTasks(doc: Document, passed: string[]): void {
  const set = new Set(passed);
  for (const a of Array.from(doc.querySelectorAll<HTMLAnchorElement>('a[href*="#task-"]'))) {
    const m = /#task-([^#?]+)$/.exec(a.getAttribute('href') ?? '');
    if (!m) continue;
    const done = set.has(m[1]);
    a.classList.toggle('kvlab-task-passed', done);
    if (done) a.setAttribute('data-passed', 'true');
    else a.removeAttribute('data-passed');
    let badge = a.querySelector<HTMLElement>('.kvlab-pass-badge');
    if (done && !badge) {
      badge = doc.createElement('span');
      badge.className = 'kvlab-pass-badge';
      badge.textContent = ' ✓';
      // The tick alone is decoration; screen readers hear the words.
      badge.setAttribute('aria-label', ' (passed)');
      a.appendChild(badge);
    } else if (!done && badge) {
      badge.remove();
    }
  }
}

/** A Storage backed by a Map, for tests and for browsers that refuse localStorage. */
export class MemoryStore implements KeyValueStore {
  private map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  key(i: number): string | null {
    return Array.from(this.map.keys())[i] ?? null;
  }
  getItem(k: string): string | null {
    return this.map.has(k) ? (this.map.get(k) as string) : null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, String(v));
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

/**
 * Ticks the sidebar for the passed tasks of this page on load (the lab page calls this; the
 * editor island keeps the marks current afterwards). Never throws: storage may be disabled.
 */
export function markPassedOnLoad(doc: Document, page: { lab: string; variant: string }, user: string): void {
  try {
    const store = new ProgressStore(window.localStorage);
    markPassedTasks(doc, store.passedTasks({ user, lab: page.lab, variant: page.variant }));
  } catch {
    /* no storage, nothing passed here */
  }
}
