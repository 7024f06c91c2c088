// A training's command blocks as one sandbox script, in page order, for `kvlab lint --commands`:
// which lines the sandbox shell runs, which it leaves out and why (output shown as bash, guest
// commands, placeholders), and which of the training's YAML blocks is the file a command
// names (the latest block before it whose text or the prose before it names the file; else the
// page's latest manifest, or cloud-config for --from-file). Plain data in, no engine types: the
// face maps the rendered pages' code blocks to LabBlock.
import { runScript, type ScriptLine, type ScriptOptions, type StepResult } from './run-script.ts';
import { withHeredocs } from './words.ts';

export interface LabBlock {
  /** Page file (for reports) and the block's fence line. */
  file: string;
  line: number;
  lang: string;
  text: string;
  /** Original source line of each text line (for commands' positions). */
  sourceLines?: number[];
  /** The prose between the previous block and this one. */
  before: string;
}

export interface LabLine extends ScriptLine {
  file: string;
  line: number;
  /** Index of the block in the whole training. */
  block: number;
}

export interface Skipped {
  file: string;
  line: number;
  text: string;
  reason: string;
}

const SHELL_WORDS = new Set(['kubectl', 'k', 'virtctl', 'ls', 'cat', 'cd', 'mkdir', 'echo', 'export', 'touch', 'rm', 'sleep', 'pwd', 'env', 'history', 'date', 'whoami', 'true', 'false', 'base64', 'grep', 'head', 'tail', 'wc', 'sort', 'uniq', 'tee', 'jq']);
/** Programs a lab runs that the sandbox shell does not have (anything else is taken for output). */
const UNIX = /^(ssh|scp|curl|wget|openssl|python3?|ssh-keygen|tree|sudo|dmesg|stat|ps|hostname|groups|while|for|exit|awk|sed|cut|tr|xargs|yq|watch|helm|docker|podman|git|vi|vim|nano|oc|tar|ping|nc|dig|nslookup|free|uname|lsblk|df|mount)$/;
const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);
/** Programs of a guest (after `virtctl console` or `ssh` on the page). */
const GUEST = /^(sudo|curl|systemctl|ip|lsblk|df|mount|umount|mkfs(\.\w+)?|nc|ping|exit|logout|uname|free|dnf|yum|apt|cloud-init|stat|groups|hostname|dmesg|ps|reboot|top|journalctl|while|for|busybox|pkill|killall|load\(\))$/;
/** Paths only a guest has (a lab's own files live under the home folder). */
const GUEST_PATH = /(^|\s)\/(dev|etc|secrets|configmaps|serviceaccounts|disks|mnt|proc|sys|var|boot|run)(\/|\s|\[|$)/;

/** The script of a training's bash blocks and what it leaves out. */
export function labScript(blocks: LabBlock[]): { lines: LabLine[]; skipped: Skipped[] } {
  const lines: LabLine[] = [];
  const skipped: Skipped[] = [];
  const consolePages = new Set<string>();
  blocks.forEach((b, bi) => {
    // a console opened in a block of another language (a page's typo) still puts the trainee in the guest
    if (!SHELL_LANGS.has(b.lang)) {
      if (/^\s*virtctl\s+(console|ssh)\b/.test(b.text)) consolePages.add(b.file);
      return;
    }
    const raw = b.text.split('\n');
    for (let i = 0; i < raw.length; i++) {
      const at = b.sourceLines?.[i] ?? b.line + 1 + i;
      let t = raw[i]!;
      while (/\\$/.test(t) && i + 1 < raw.length) t = `${t.slice(0, -1).trimEnd()} ${raw[++i]!.trim()}`;
      t = t.trim().replace(/^\$\s+/, '');
      if (!t || t.startsWith('#')) continue;
      const word = t.split(/\s+/)[0]!;
      const skip = (reason: string) => skipped.push({ file: b.file, line: at, text: t, reason });
      // after a console or ssh on the page: the guest's programs, and files only the guest has
      const inGuest = consolePages.has(b.file) && (SHELL_WORDS.has(word) ? /^(ls|cat|echo|touch|rm|mkdir|cd)$/.test(word) && GUEST_PATH.test(t) : GUEST.test(word));
      if (inGuest && word !== 'ssh') {
        skip('runs in the guest (virtctl console)');
        continue;
      }
      if (!SHELL_WORDS.has(word)) {
        skip(UNIX.test(word) ? `not simulated: ${word}` : 'command output or text shown as a bash block');
        if (word === 'ssh') consolePages.add(b.file);
        continue;
      }
      if (/<[A-Za-z][^>]*>/.test(t.replace(/<<-?\s*['"]?\w+['"]?/g, ''))) {
        skip('has a placeholder to fill in');
        continue;
      }
      // a here-document's body is the block's next lines, as they are
      const h = withHeredocs(t, raw, i + 1);
      if (h) i = h.next - 1;
      lines.push({ text: h ? h.text : t, file: b.file, line: at, block: bi });
      if (word === 'virtctl' && /\s(console|vnc)\b/.test(t)) {
        consolePages.add(b.file);
        lines.push({ text: '^]', file: b.file, line: at, block: bi });
      }
    }
  });
  return { lines, skipped };
}

const isManifest = (t: string) => /^apiVersion:/m.test(t) && /^kind:/m.test(t);
const isCloudConfig = (t: string) => /^#cloud-config/.test(t.trimStart());
const YAML_LANGS = new Set(['yaml', 'yml', 'json', '']);

/** The file paths a command line reads (-f FILE, --from-file=[KEY=]FILE). */
export function pathsOf(cmd: string): { path: string; kind: 'manifest' | 'file' }[] {
  const out: { path: string; kind: 'manifest' | 'file' }[] = [];
  const words = cmd.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let p: string | undefined;
    let kind: 'manifest' | 'file' = 'manifest';
    if (w === '-f' || w === '--filename') p = words[i + 1];
    else if (/^(-f|--filename=)/.test(w)) p = w.replace(/^(-f=?|--filename=)/, '');
    else if (w.startsWith('--from-file=')) {
      const v = w.slice(12);
      p = v.includes('=') ? v.slice(v.indexOf('=') + 1) : v;
      kind = 'file';
    }
    if (p && !p.endsWith('/') && p !== '-' && !/^https?:/.test(p)) out.push({ path: p.replace(/^["']|["']$/g, ''), kind });
  }
  return out;
}

/** The block that holds `path`'s content as a trainee would have written it by block index `upTo`. */
export function blockFor(blocks: LabBlock[], path: string, kind: 'manifest' | 'file', upTo: number, page: string): LabBlock | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const fits = (b: LabBlock) => YAML_LANGS.has(b.lang) && (kind === 'manifest' ? isManifest(b.text) : isCloudConfig(b.text) || !isManifest(b.text));
  for (let i = upTo - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (fits(b) && (b.before.includes(base) || b.text.split('\n', 3).some((l) => l.startsWith('#') && l.includes(base)))) return b;
  }
  for (let i = upTo - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.file !== page) break;
    if (fits(b) && (kind === 'manifest' ? isManifest(b.text) : isCloudConfig(b.text))) return b;
  }
  // "write the following code blocks to one file (e.g. x.yaml)": the page's manifests after the command
  const own = blocks[upTo];
  if (kind === 'manifest' && own?.file === page && own.before.includes(base)) {
    const after = blocks.slice(upTo + 1).filter((b) => b.file === page && YAML_LANGS.has(b.lang) && isManifest(b.text));
    if (after.length) return { ...after[0]!, text: after.map((b) => b.text.trim()).join('\n---\n') };
  }
  return undefined;
}

/** The line of an output that says "not simulated", else its first error line, else its first line. */
export function firstMessage(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const at = lines.findIndex((l) => /\bnot simulated\b/.test(l));
  const i = at >= 0 ? at : Math.max(0, lines.findIndex((l) => /\b(error|invalid|denied|not found|cannot|can't|unknown)\b/i.test(l)));
  const line = lines[i] ?? '';
  // "The X "n" is invalid:" lists its causes on the lines after it: the first one says why
  return /is invalid:$/.test(line) && lines[i + 1]?.startsWith('* ') ? `${line} ${lines[i + 1]}` : line;
}

/** Whether `msg` is the error the page shows in the blocks right after the command's own block. */
export function shownByLab(blocks: LabBlock[], block: number, msg: string, user: string): boolean {
  const m = msg.trim();
  if (m.length < 8) return false;
  for (let i = block + 1; i < Math.min(blocks.length, block + 3); i++) {
    const b = blocks[i]!;
    if (b.file !== blocks[block]!.file) break;
    if (b.text.replaceAll('$USER', user).includes(m)) return true;
  }
  return false;
}

export interface LabRunReport {
  steps: (StepResult & { line: LabLine })[];
  skipped: Skipped[];
  failures: { file: string; line: number; text: string; code: number; message: string }[];
  /** Files put in place from the training's blocks: path → the block's file:line. */
  files: Record<string, string>;
}

/**
 * Runs the training's commands in the sandbox. `files` are the lab files known beforehand (an
 * exercise's starting content); a file a command names comes from the training's blocks.
 */
export async function runLab(blocks: LabBlock[], opts: Omit<ScriptOptions, 'files' | 'before'> & { files?: Record<string, string> }): Promise<LabRunReport> {
  const { lines, skipped } = labScript(blocks);
  const files: Record<string, string> = { ...(opts.files ?? {}) };
  const from: Record<string, string> = {};
  const result = await runScript(lines, {
    ...opts,
    files: () => files,
    before: (line, shell) => {
      const l = line as LabLine;
      for (const { path, kind } of pathsOf(l.text)) {
        const b = blockFor(blocks, path, kind, l.block, l.file);
        if (!b) continue;
        const rel = shell.vfs.resolve(path).replace(`/home/${opts.user}/`, '');
        // the trainee's own name where the page says to put it
        const text = b.text.replace(/<user(name)?>/g, opts.user);
        if (files[rel] !== text) {
          files[rel] = text.endsWith('\n') ? text : `${text}\n`;
          from[rel] = `${b.file}:${b.line}`;
        }
      }
    },
  });
  const steps = result.steps as (StepResult & { line: LabLine })[];
  const failures = steps
    .filter((s) => s.code !== undefined && s.code !== 0 && s.code !== 130)
    // an error the page itself shows next is the outcome the lab expects
    .filter((s) => !shownByLab(blocks, s.line.block, firstMessage(s.output), opts.user))
    .map((s) => ({ file: s.line.file, line: s.line.line, text: s.line.text, code: s.code!, message: firstMessage(s.output) }));
  return { steps, skipped, failures, files: from };
}
