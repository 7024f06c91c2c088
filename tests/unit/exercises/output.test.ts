// The three output formats of `kvlab check`, each against the exact expected text.
import { describe, expect, it } from 'vitest';
import { createOutput, type TraineeReport } from '../../../scripts/lib/check-output.ts';

const alice: TraineeReport = {
  user: 'alice',
  timeMs: 12,
  result: {
    done: 2,
    checked: 3,
    reached: '3',
    tasks: [
      { id: '1', number: '8.1', title: 'Define a HTTP liveness probe', passed: true, checked: true, doneBy: '3', requirements: [{ id: '1.1', text: 'Set the port.', passed: false, file: 'labs/lab08/vm.yaml', line: 4, column: 9, detail: 'found 80' }] },
      { id: '2', number: '8.2', title: 'Add a HTTP readiness probe', passed: false, checked: true, requirements: [
        { id: '2.1', text: 'Set periodSeconds to 10.', passed: false, file: 'labs/lab08/vm.yaml', line: 30, column: 24, detail: 'found 20' },
        { id: '2.2', text: 'Keep the liveness probe.', passed: true, file: 'labs/lab08/vm.yaml', line: 20, column: 7 },
      ] },
      { id: '3', number: '8.3', title: 'Change the HTTP liveness probe to TCP', passed: true, checked: true, requirements: [{ id: '3.1', text: 'Use tcpSocket.', passed: true, file: 'labs/lab08/vm.yaml', line: 21, column: 9 }] },
      { id: '4', number: '8.4', title: 'Test the behaviour when probes fail', passed: true, checked: false, requirements: [{ id: '4.1', text: 'Ready turns False <when> the server stops & "quotes".', passed: false, skipped: true, file: 'labs/lab08/vm.yaml', detail: 'not evaluated: the simulator is not available here' }] },
    ],
  },
};
const bob: TraineeReport = { user: 'bob', timeMs: 0, result: { done: 0, checked: 1, tasks: [{ id: 'watchdog-example', title: 'Watchdog example', passed: false, checked: true, requirements: [{ id: 'w.1', text: 'Create the file.', passed: false, file: 'labs/lab08/w.yaml', detail: 'labs/lab08/w.yaml not found' }] }] } };

function render(format: string): string {
  const out = createOutput(format, { lab: '08', timestamp: '2026-11-25T21:00:00', hostname: 'ci' });
  out.write(alice);
  out.write(bob);
  return out.flush();
}

describe('check output', () => {
  it('refuses an unknown format', () => {
    expect(() => createOutput('tap', { lab: '08' })).toThrow('unknown format "tap"; use one of: text, json, junit');
  });

  it('text', () => {
    expect(render('text')).toBe(`alice: 2 of 3 checked tasks done, reached Task 8.3
  PASS  Task 8.1: Define a HTTP liveness probe (done: Task 8.3 passes on the same file)
  FAIL  Task 8.2: Add a HTTP readiness probe
        ✗ labs/lab08/vm.yaml:30:24: Set periodSeconds to 10. [found 20]
  PASS  Task 8.3: Change the HTTP liveness probe to TCP
  SKIP  Task 8.4: Test the behaviour when probes fail (not checked: not evaluated: the simulator is not available here)
bob: 0 of 1 checked tasks done, none done yet
  FAIL  Watchdog example
        ✗ labs/lab08/w.yaml: Create the file. [labs/lab08/w.yaml not found]
2 trainees, 5 tasks: 2 done, 2 failed, 1 not checked
`);
  });

  it('json', () => {
    expect(JSON.parse(render('json'))).toEqual({
      trainees: [
        {
          user: 'alice',
          done: 2,
          checked: 3,
          reached: '3',
          tasks: [
            { id: '1', number: '8.1', title: 'Define a HTTP liveness probe', passed: true, checked: true, doneBy: '3', requirements: [{ text: 'Set the port.', passed: false, file: 'labs/lab08/vm.yaml', line: 4, column: 9, detail: 'found 80' }] },
            { id: '2', number: '8.2', title: 'Add a HTTP readiness probe', passed: false, checked: true, requirements: [
              { text: 'Set periodSeconds to 10.', passed: false, file: 'labs/lab08/vm.yaml', line: 30, column: 24, detail: 'found 20' },
              { text: 'Keep the liveness probe.', passed: true, file: 'labs/lab08/vm.yaml', line: 20, column: 7 },
            ] },
            { id: '3', number: '8.3', title: 'Change the HTTP liveness probe to TCP', passed: true, checked: true, requirements: [{ text: 'Use tcpSocket.', passed: true, file: 'labs/lab08/vm.yaml', line: 21, column: 9 }] },
            { id: '4', number: '8.4', title: 'Test the behaviour when probes fail', passed: true, checked: false, requirements: [{ text: 'Ready turns False <when> the server stops & "quotes".', passed: false, skipped: true, file: 'labs/lab08/vm.yaml', line: null, detail: 'not evaluated: the simulator is not available here' }] },
          ],
        },
        { user: 'bob', done: 0, checked: 1, reached: null, tasks: [{ id: 'watchdog-example', title: 'Watchdog example', passed: false, checked: true, requirements: [{ text: 'Create the file.', passed: false, file: 'labs/lab08/w.yaml', line: null, detail: 'labs/lab08/w.yaml not found' }] }] },
      ],
    });
    expect(render('json').startsWith('{\n  "trainees": [\n    {\n      "user": "alice",\n      "tasks": [\n        {\n          "id": "1",\n          "title": "Define a HTTP liveness probe",\n          "passed": true,')).toBe(true);
  });

  it('junit', () => {
    expect(render('junit')).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite package="kvlab.lab08" id="0" name="alice" timestamp="2026-11-25T21:00:00" hostname="ci" tests="4" failures="1" errors="0" skipped="1" time="0.012">
    <properties>
      <property name="lab" value="08"/>
      <property name="done" value="2"/>
      <property name="reached" value="3"/>
    </properties>
    <testcase name="Task 8.1: Define a HTTP liveness probe" classname="lab08.alice" time="0"/>
    <testcase name="Task 8.2: Add a HTTP readiness probe" classname="lab08.alice" time="0">
      <failure message="1 of 2 requirements not met" type="requirements">labs/lab08/vm.yaml:30:24: Set periodSeconds to 10. [found 20]</failure>
    </testcase>
    <testcase name="Task 8.3: Change the HTTP liveness probe to TCP" classname="lab08.alice" time="0"/>
    <testcase name="Task 8.4: Test the behaviour when probes fail" classname="lab08.alice" time="0">
      <skipped message="not checked: not evaluated: the simulator is not available here"/>
    </testcase>
    <system-out/>
    <system-err/>
  </testsuite>
  <testsuite package="kvlab.lab08" id="1" name="bob" timestamp="2026-11-25T21:00:00" hostname="ci" tests="1" failures="1" errors="0" skipped="0" time="0.000">
    <properties>
      <property name="lab" value="08"/>
      <property name="done" value="0"/>
    </properties>
    <testcase name="Watchdog example" classname="lab08.bob" time="0">
      <failure message="1 of 1 requirements not met" type="requirements">labs/lab08/w.yaml: Create the file. [labs/lab08/w.yaml not found]</failure>
    </testcase>
    <system-out/>
    <system-err/>
  </testsuite>
</testsuites>
`);
  });
});
