// The exercise file's schema: every problem is one line with file:line:column and the path an
// author knows, never a stack trace.
import { describe, expect, it } from 'vitest';
import { parseExercise } from '../../../exercises/schema.ts';

const lines = (text: string) => parseExercise(text, 'ex.yaml').diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);

const ok = `lab: { slug: probes }
files:
  vm: labs/vm.yaml
tasks:
  - id: "1"
    files: [{ file: vm }]
    requirements:
      - text: Set the port.
        file: vm
        equals: spec.port
        value: 8081
`;

describe('parseExercise', () => {
  it('accepts a well-formed file', () => {
    const r = parseExercise(ok, 'ex.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.tasks[0].requirements?.[0].value).toBe(8081);
  });

  it('names an unknown field at its key', () => {
    expect(lines(ok.replace('    files: [{ file: vm }]', '    filez: [{ file: vm }]'))).toEqual(['ex.yaml:6:5: tasks[0].filez: unknown field "filez"']);
  });

  it('names a missing required field at its parent', () => {
    expect(lines(ok.replace('      - text: Set the port.\n', '      - \n'))).toEqual(['ex.yaml:9:9: tasks[0].requirements[0]: missing required field "text"']);
  });

  it('reports a wrong type', () => {
    expect(lines(ok.replace('- id: "1"', '- id: 1'))).toEqual(['ex.yaml:5:9: tasks[0].id: must be string']);
  });

  it('says a requirement needs exactly one kind', () => {
    expect(lines(ok.replace('        value: 8081\n', '        value: 8081\n        exists: spec.port\n'))).toEqual([
      'ex.yaml:8:9: tasks[0].requirements[0]: a requirement needs exactly one of equals, exists, absent, oneOf, validatesClean, behaviour (found equals, exists)',
    ]);
    expect(lines(ok.replace('        equals: spec.port\n        value: 8081\n', ''))).toEqual([
      'ex.yaml:8:9: tasks[0].requirements[0]: a requirement needs exactly one of equals, exists, absent, oneOf, validatesClean, behaviour',
    ]);
  });

  it('says what an equals and a oneOf requirement need', () => {
    expect(lines(ok.replace('        value: 8081\n', ''))).toEqual(['ex.yaml:8:9: tasks[0].requirements[0]: an equals requirement needs "value"']);
    expect(lines(ok.replace('        equals: spec.port\n        value: 8081\n', '        oneOf: spec.port\n'))).toEqual([
      'ex.yaml:8:9: tasks[0].requirements[0]: a oneOf requirement needs either "keys" (one of these fields is set) or "values" (the field is one of these values)',
    ]);
  });

  it('explains a bad content source once', () => {
    expect(lines(ok.replace('files: [{ file: vm }]', 'files: [{ file: vm, start: somewhere }]'))).toEqual([
      'ex.yaml:6:32: tasks[0].files[0].start: must be "previous", "empty", {block: {task, details, lang, contains}} or {text: "…"}',
    ]);
  });

  it('rejects a bad field path with the character', () => {
    expect(lines(ok.replace('equals: spec.port', 'equals: spec..port'))).toEqual([
      'ex.yaml:10:17: tasks[0].requirements[0].equals: bad field path "spec..port" at character 6: empty field name',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const d = lines('lab: { slug: probes\nfiles: {}\n');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]).toMatch(/^ex\.yaml:\d+:\d+: YAML: /);
  });

  it('reports duplicate keys', () => {
    expect(lines(ok.replace('lab: { slug: probes }', 'lab: { slug: probes }\nlab: { slug: other }'))[0]).toMatch(/^ex\.yaml:2:1: YAML: Map keys must be unique/);
  });
});
