// `kvlab lint --commands --format markdown|json`: every command line of a training's labs sorted
// into runs / refused (why) / not simulated, with counts and causes; on our own fixture training
// and on blocks made to hit each class.
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { labScript, runLab, type LabBlock } from '../../../sandbox/lab-commands.ts';
import { causes, commandTable } from '../../../sandbox/lab-table.ts';
import { validateText } from '../../../validators/index.ts';
import { checkContent } from '../../../scripts/lib/content-check.ts';
import { lintCommands } from '../../../scripts/lib/lint-commands.ts';
import { labBlocks } from '../../../scripts/lib/lab-blocks.ts';
import { commandsMarkdown } from '../../../scripts/lib/commands-table.ts';
import * as lint from '../../../scripts/commands/lint.ts';
import { fixture } from './harness.ts';

const TRAINING = resolve('tests/fixtures/kubevirt-lab-training');
const block = (b: Partial<LabBlock>): LabBlock => ({ file: 'lab.md', line: 1, lang: 'bash', text: '', before: '', ...b });

describe('the commands table', () => {
  it('marks every command of the fixture training, in page order, with the count of each class', async () => {
    const training = checkContent(TRAINING).trainings[0]!;
    const r = await lintCommands(training);
    const { rows, counts } = r.table;
    expect(rows.length).toBe(counts.runs + counts.refused + counts['not simulated']);
    // the fixture's labs run end to end: every command line is one the sandbox ran, none refused;
    // what it does not simulate (a kind stored without its controller) is said on its line
    expect(rows.length).toBe(labScript(labBlocks(training)).lines.filter((l) => l.text !== '^]').length);
    expect(counts.refused).toBe(0);
    for (const x of rows) expect(x.class === 'not simulated').toBe(/not simulated/.test(x.reason));
    expect(r.table.textLines).toBe(0);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((x) => x.file.startsWith(TRAINING) && x.line > 0)).toBe(true);
    expect(rows.some((x) => x.text.startsWith('virtctl console'))).toBe(true);
    expect(rows.some((x) => x.text === '^]')).toBe(false); // the runner's way out of a console is no lab line
    const md = commandsMarkdown(r.table, TRAINING);
    expect(md).toContain(`${rows.length} command lines: ${counts.runs} runs, 0 refused, ${counts['not simulated']} not simulated`);
    expect(md).toContain(`| not simulated | ${counts['not simulated']} |`);
    expect(md).toContain('| runs | exit 0 |');
    const first = rows[0]!;
    expect(md).toContain(`| ${first.file.slice(TRAINING.length + 1)}:${first.line} | \`${first.text}\` | runs |  |`);
  });

  it('sorts refused, not simulated, an error the lab shows, a placeholder and output text', async () => {
    const blocks = [
      block({ lang: 'yaml', text: fixture('task2-vm.yaml'), line: 3, before: 'Write `vm.yaml`:' }),
      block({ text: 'kubectl apply -f labs/lab08/vm.yaml', line: 10 }),
      block({ text: 'kubectl delete vm nope\nkubectl top pod', line: 20 }),
      block({ text: 'virtctl start lab08-probe\nvirtctl start lab08-probe', line: 30 }),
      block({ text: 'Error starting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "lab08-probe": VM is already running', line: 40 }),
      block({ text: 'kubectl describe pod virt-launcher-lab08-probe-<pod>\nssh fedora@x\nNAME   AGE', line: 50 }),
    ];
    const r = await runLab(blocks, { user: 'u1', validate: validateText });
    // the error the lab shows next is what it expects: no failure to report
    expect(r.failures.map((f) => f.line)).toEqual([21, 22]);
    const t = commandTable(r, blocks, 'u1');
    expect(t.rows.map((x) => `${x.line} ${x.class} ${x.reason}`)).toEqual([
      '11 runs ',
      '21 refused Error from server (NotFound): virtualmachines.kubevirt.io "nope" not found',
      '22 not simulated kvlab sandbox: kubectl top is not simulated; use connected mode (a real cluster) for it',
      '31 runs ',
      '32 runs the error the lab shows: Error starting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "lab08-probe": VM is already running',
      '51 refused has a placeholder to fill in: <pod>',
      '52 not simulated not simulated: ssh',
    ]);
    expect(t.counts).toEqual({ runs: 3, refused: 2, 'not simulated': 2 });
    expect(t.textLines).toBe(2); // NAME AGE, and the error text the page shows
    expect(causes(t).map((c) => `${c.class}: ${c.cause} ×${c.count}`)).toEqual([
      'runs: exit 0 ×2',
      'runs: the error the lab shows: Error starting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "…": VM is already running ×1',
      'refused: Error from server (NotFound): virtualmachines.kubevirt.io "…" not found ×1',
      'refused: has a placeholder to fill in: <pod> ×1',
      'not simulated: kubectl top is not simulated ×1',
      'not simulated: not simulated: ssh ×1',
    ]);
  });

  it('runs pipes, here-documents and kubectl config as lines of their own; a program the sandbox lacks after a pipe is not simulated', async () => {
    const blocks = [
      block({ lang: 'yaml', text: '#cloud-config\npassword: kubevirt\n', line: 1, before: 'Write `c.yaml`:' }),
      block({ text: 'kubectl create secret generic c --from-file=userdata=labs/c.yaml', line: 5 }),
      block({ text: "kubectl get secret c -o jsonpath='{.data.userdata}' | base64 -d | grep -i password\nkubectl get secrets | awk '{print $1}'", line: 10 }),
      block({ text: 'cat <<EOF > labs/n.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n  # a comment in the body\nEOF\nkubectl apply -f labs/n.yaml', line: 20 }),
      block({ text: 'kubectl config set-context --current --namespace=$USER\nkubectl config current-context', line: 30 }),
    ];
    const r = await runLab(blocks, { user: 'u1', validate: validateText });
    const t = commandTable(r, blocks, 'u1');
    expect(t.rows.map((x) => `${x.line} ${x.class} ${x.reason}`)).toEqual([
      '6 runs ',
      '11 runs ',
      "12 not simulated kvlab sandbox: awk in a pipe is not simulated (the sandbox's pipes run base64, grep, head, tail, wc, sort, uniq, tee, jq and cat); use connected mode (a real cluster) for it",
      '21 runs ',
      '28 runs ',
      '31 runs ',
      '32 runs ',
    ]);
    expect(r.steps.find((x) => x.line.line === 11)!.output).toBe('password: kubevirt');
    expect(t.textLines).toBe(0); // the here-document's body is no output text
  });

  it('kvlab lint --commands --format markdown prints the table; markdown without --commands is a usage error', async () => {
    expect(lint.parseLintArgs(['--format', 'markdown'])).toEqual({ ok: false, error: "--format markdown is the table of the labs' commands: add --commands" });
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await lint.run(['--content', TRAINING, '--commands', '--format', 'markdown'])).toBe(0);
    } finally {
      spy.mockRestore();
      log.mockRestore();
    }
    const md = out.join('');
    expect(md).toMatch(/^# Commands of the training's labs in the sandbox\n\n\d+ command lines: \d+ runs, 0 refused, \d+ not simulated/);
    expect(md).toContain('| where | command | class | reason |');
  });
});
