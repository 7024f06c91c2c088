// `kvlab check --format junit` loads in CI systems: it validates against Apache Ant's JUnit
// schema (tests/fixtures/junit/JUnit.xsd, windyroad/JUnit-Schema) with xmllint-wasm, and its
// counts match the JSON report of the same run.
import { describe, expect, it } from 'vitest';
import { createOutput, type TraineeReport } from '../../../scripts/lib/check-output.ts';
import { xsdErrors } from './xsd.ts';

const report = (user: string, passed: boolean): TraineeReport => ({
  user,
  result: {
    done: passed ? 1 : 0,
    checked: 1,
    tasks: [
      { id: '1', number: '8.1', title: 'Define <a> "HTTP" liveness probe & more', passed, checked: true, requirements: [{ id: '1.1', text: 'Port 8081 \u0007 <now>', passed, file: 'labs/x.yaml', line: 3, column: 1 }] },
      { id: '4', number: '8.4', title: 'Not checked', passed: true, checked: false, requirements: [] },
    ],
  },
});

describe('JUnit output against the JUnit XSD', () => {
  it('validates, with markup and control characters in names and messages escaped', async () => {
    const out = createOutput('junit', { lab: '08', timestamp: '2026-11-25T21:00:00', hostname: 'ci' });
    out.write(report('alice', true));
    out.write(report('bob & co', false));
    expect(await xsdErrors(out.flush())).toEqual([]);
  });

  it('the schema really rejects a broken report', async () => {
    const out = createOutput('junit', { lab: '08', timestamp: '2026-11-25T21:00:00', hostname: 'ci' });
    out.write(report('alice', true));
    const errors = await xsdErrors(out.flush().replace(' tests="2"', ''));
    expect(errors).toEqual(["report.xml:3: Schemas validity error : Element 'testsuite': The attribute 'tests' is required but missing."]);
  });

  it('an empty class is still a valid report', async () => {
    expect(await xsdErrors(createOutput('junit', { lab: '08' }).flush())).toEqual([]);
  });
});
