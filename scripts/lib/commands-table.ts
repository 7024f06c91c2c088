// The markdown of `kvlab lint --commands --format markdown`: the count of each class, the causes
// per class, and every command line of the training's labs with its class and reason.
import { CLASSES, causes, type CommandTable } from '../../sandbox/lab-table.ts';

/** A table cell: one line, pipes and backticks that would end it escaped. */
const cell = (s: string) => s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
const code = (s: string) => (s ? `\`${cell(s).replace(/`/g, "'")}\`` : '');

export function commandsMarkdown(table: CommandTable, root: string, title = 'Commands of the training\'s labs in the sandbox'): string {
  const rel = (f: string) => (f.startsWith(`${root}/`) ? f.slice(root.length + 1) : f);
  const out: string[] = [`# ${title}`, ''];
  const total = table.rows.length;
  out.push(`${total} command lines: ${CLASSES.map((c) => `${table.counts[c]} ${c}`).join(', ')} (and ${table.textLines} lines of bash blocks that are command output or text, not commands).`, '');
  out.push('| class | count |', '| --- | --- |');
  for (const c of CLASSES) out.push(`| ${c} | ${table.counts[c]} |`);
  out.push('', '## Causes', '', '| class | cause | count |', '| --- | --- | --- |');
  for (const c of causes(table)) out.push(`| ${c.class} | ${cell(c.cause)} | ${c.count} |`);
  out.push('', '## Every command', '', '| where | command | class | reason |', '| --- | --- | --- | --- |');
  for (const r of table.rows) out.push(`| ${rel(r.file)}:${r.line} | ${code(r.text)} | ${r.class} | ${cell(r.reason)} |`);
  return `${out.join('\n')}\n`;
}
