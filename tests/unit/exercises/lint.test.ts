// The exercise part of `kvlab lint`: the real content passes; the original seed's readiness
// contradiction (bullets 10/5, Solutions 20/10) is reported at both places; seeded mistakes in
// an exercise file are reported with their positions.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTraining } from '../../../engine/load-fs.ts';
import { lintExercises, parseBullet } from '../../../exercises/lint-fs.ts';
import { root } from './lab.ts';

const show = (ds: ReturnType<typeof lintExercises>) => ds.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
const content = loadTraining(join(root, 'content'));
const seed = loadTraining(join(root, 'tests', 'fixtures', 'exercises', 'seed-content'));
const probes = readFileSync(join(root, 'content', 'exercises', 'probes.yaml'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'kvlab-lint-ex-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Lint the real content with a changed copy of probes.yaml. */
function lintWith(text: string): string[] {
  const dir = mkdtempSync(join(tmp, 'ex-'));
  writeFileSync(join(dir, 'probes.yaml'), text);
  return show(lintExercises(content, { exercisesDir: dir })).map((l) => l.split(`${dir}/`).join(''));
}
const lineOf = (text: string, needle: string, from = 0) => text.slice(0, text.indexOf(needle, from)).split('\n').length;

describe('lintExercises', () => {
  it('passes the real content, saying how the task that changes no file is checked', () => {
    const ds = lintExercises(content);
    expect(ds.filter((d) => d.severity === 'error')).toEqual([]);
    expect(show(ds)).toEqual([
      `content/exercises/probes.yaml:${lineOf(probes, '- id: "4"') }:5: warning: Task 8.4 ("Test the behaviour when probes fail") changes no file: it is checked by behaviour (1 simulated requirement) on the trainee's current files`,
    ]);
  });

  it("reports the seed's readiness contradiction with both positions (bullet line and Solution line)", () => {
    const errors = show(lintExercises(seed, { exercisesDir: join(root, 'content', 'exercises') })).filter((l) => l.includes(': error: '));
    const md = readFileSync(join(root, 'tests/fixtures/exercises/seed-content/pages/probes.md'), 'utf8').split('\n');
    // the positions point at the values themselves
    expect(md[170 - 1].slice(18)).toBe('10`');
    expect(md[215 - 1].slice(23)).toBe('20');
    expect(md[172 - 1].slice(19)).toBe('5`');
    expect(md[216 - 1].slice(24)).toBe('10');
    expect(errors.slice(0, 4)).toEqual([
      "tests/fixtures/exercises/seed-content/pages/probes.md:170:19: error: Task 1.2 asks for periodSeconds 10 here, but its Solution shows 20 (tests/fixtures/exercises/seed-content/pages/probes.md:215:24); make them agree (the bullets are the specification)",
      "tests/fixtures/exercises/seed-content/pages/probes.md:215:24: error: Task 1.2's Solution shows periodSeconds: 20, but Task 1.2's bullet asks for periodSeconds 10 (tests/fixtures/exercises/seed-content/pages/probes.md:170:19)",
      "tests/fixtures/exercises/seed-content/pages/probes.md:172:20: error: Task 1.2 asks for timeoutSeconds 5 here, but its Solution shows 10 (tests/fixtures/exercises/seed-content/pages/probes.md:216:25); make them agree (the bullets are the specification)",
      "tests/fixtures/exercises/seed-content/pages/probes.md:216:25: error: Task 1.2's Solution shows timeoutSeconds: 10, but Task 1.2's bullet asks for timeoutSeconds 5 (tests/fixtures/exercises/seed-content/pages/probes.md:172:20)",
    ]);
    // and every later Solution that repeats the readiness probe
    expect(errors.filter((l) => /Task 1\.[35]'s Solution shows (periodSeconds: 20|timeoutSeconds: 10)/.test(l)).map((l) => l.split(': error:')[0])).toEqual([
      'tests/fixtures/exercises/seed-content/pages/probes.md:309:24',
      'tests/fixtures/exercises/seed-content/pages/probes.md:310:25',
      'tests/fixtures/exercises/seed-content/pages/probes.md:397:24',
      'tests/fixtures/exercises/seed-content/pages/probes.md:398:25',
    ]);
    expect(errors.length).toBe(12);
  });

  it('reports a requirement that disagrees with its bullet, at both places', () => {
    const text = probes.replace('        value: 20\n        bullet: periodSeconds', '        value: 30\n        bullet: periodSeconds');
    const at = lineOf(text, '&liveness-period') + 1;
    const out = lintWith(text);
    expect(out).toContain(`probes.yaml:${at}:9: error: requirement 1.5 expects periodSeconds 30, but Task 8.1's bullet says 20 (content/pages/probes.md:91:19)`);
    expect(out).toContain(`content/pages/probes.md:91:19: error: Task 8.1's bullet says periodSeconds 20, but its exercise requirement 1.5 expects 30 (probes.yaml:${at}:9)`);
    // the reference solution now fails that requirement too
    expect(out.some((l) => l.includes("Task 8.1's reference solution fails its own requirement 1.5"))).toBe(true);
  });

  it('reports a bullet no requirement checks, and a bullet name that does not exist', () => {
    const noBullet = lintWith(probes.replace('        bullet: failureThreshold\n', ''));
    expect(noBullet.filter((l) => !/changes no file/.test(l))).toEqual([
      `content/pages/probes.md:174:22: warning: Task 8.2's bullet "failureThreshold: \`5\`" states a value no requirement of the exercise checks (probes.yaml:${lineOf(probes, '- id: "2"')}:5)`,
    ]);
    const wrong = lintWith(probes.replace('bullet: failureThreshold', 'bullet: failureTreshold'));
    expect(wrong.some((l) => /^probes\.yaml:\d+:9: error: requirement 2\.6 names bullet "failureTreshold", but Task 8\.2's text has no bullet/.test(l))).toBe(true);
  });

  it('reports a task whose starting state already passes', () => {
    // task 2 starting from its own solution
    const text = probes.replace('  - id: "2"\n    files:\n      - file: vm\n', '  - id: "2"\n    files:\n      - file: vm\n        start: { block: { details: "Task hint: Solution", lang: yaml } }\n');
    expect(text).not.toBe(probes);
    const out = lintWith(text);
    expect(out).toContain(`probes.yaml:${lineOf(text, '- id: "2"')}:5: error: Task 8.2 is done before it starts: its starting files already pass every requirement, so it cannot be checked; add a requirement for what the task changes`);
  });

  it('reports an exercise file that does not parse, even when its lab cannot be read', () => {
    expect(lintWith(probes.replace('      - *liveness-delay\n', '      - *no-such-anchor\n'))).toEqual([expect.stringMatching(/^probes\.yaml:\d+:\d+: error: YAML: .*no-such-anchor/)]);
  });

  it('reports selectors, file keys and params that do not resolve', () => {
    const text = probes
      .replace('start: { block: { details: false, contains: "kind: VirtualMachine" } }', 'start: { block: { contains: "kind: VirtualMachine" } }')
      .replace('      - file: vm\n        # the task text gives the first VM', '      - file: vmm\n        # the task text gives the first VM')
      .replace('{{labsfoldername}}/{{labsubfolderprefix}}{{labfoldernumber}}/cloudinit-watchdog.yaml', '{{labsfolder}}/cloudinit-watchdog.yaml');
    const out = lintWith(text);
    expect(out.sort()).toEqual([
      `probes.yaml:${lineOf(text, 'watchdogCloudinit: "')}:22: error: files.watchdogCloudinit: unknown param "labsfolder" in path template (site params: ${Object.keys({ ...content.params, ...content.pages.find((p) => p.slug === 'probes')!.frontMatter }).sort().join(', ')})`,
      `probes.yaml:${lineOf(text, 'block: { contains: "kind: VirtualMachine" }')}:16: error: 2 code blocks match {"contains":"kind: VirtualMachine","task":"1"} (page lines 44, 99); add "contains" or "details" to pick one`,
      `probes.yaml:${lineOf(text, 'file: vmm')}:15: error: unknown file "vmm"; the exercise's files are: cloudinit, vm, watchdogCloudinit, watchdogVm`,
    ].sort());
  });

  it('parses bullets that state a value', () => {
    expect(parseBullet('periodSeconds: `10`')).toEqual({ key: 'periodSeconds', raw: '10', value: 10, offset: 15 });
    expect(parseBullet('http probe on port: `8081`')).toMatchObject({ key: 'http probe on port', value: 8081 });
    expect(parseBullet('Change the port to something different and observe the behaviour')).toBeUndefined();
  });
});
