// A new trainee's first "Run in terminal": the lab's commands name files the trainee writes in
// the page's editors. Missing, they are named with where they come from (#16 item 6); ls -R.
import { describe, expect, it } from 'vitest';
import { fileOrigins } from '../../../site/islands/terminal/sandbox-session.ts';
import { Harness, labFiles } from './harness.ts';

const CLOUDINIT = 'labs/lab08/cloudinit-probe.yaml';
// the exercise JSON's shape, as the terminal island fetches it
const lab = {
  tasks: [
    { id: '1', number: '8.1', files: [{ path: CLOUDINIT, start: '' }, { path: 'labs/lab08/vm_lab08-probe.yaml', start: 'kind: VirtualMachine\n' }] },
    { id: '2', number: '8.2', files: [{ path: 'labs/lab08/vm_lab08-probe.yaml', start: '' }] },
    { id: 'watchdog-example', title: 'Watchdog example', files: [{ path: 'labs/lab08/cloudinit-watchdog.yaml', start: '' }] },
  ],
};

function fresh(): Harness {
  // the editor tab of the cloud-init file is still empty: the file does not exist yet
  const files = labFiles();
  delete files[CLOUDINIT];
  return new Harness({ files, origins: fileOrigins(lab) });
}

describe('a lab file the trainee has not written yet', () => {
  it('fileOrigins names the first task whose editor has each file', () => {
    expect(fileOrigins(lab)).toEqual({
      [CLOUDINIT]: "Task 8.1's editor (cloudinit-probe.yaml tab)",
      'labs/lab08/vm_lab08-probe.yaml': "Task 8.1's editor (vm_lab08-probe.yaml tab)",
      'labs/lab08/cloudinit-watchdog.yaml': "Watchdog example's editor (cloudinit-watchdog.yaml tab)",
    });
    expect(fileOrigins(undefined)).toEqual({});
  });

  it('kubectl create secret --from-file says where the file comes from', () => {
    const h = fresh();
    const out = h.run(`kubectl create secret generic lab08-cloudinit --from-file=userdata=${CLOUDINIT}`);
    expect(out).toBe(`error: error reading ${CLOUDINIT}: no such file or directory — this file is the one you write in Task 8.1's editor (cloudinit-probe.yaml tab); type it there first`);
    // from inside the lab folder, by a relative path, too
    expect(h.run('cd labs/lab08 && kubectl create secret generic x --from-file=cloudinit-probe.yaml')).toContain("Task 8.1's editor (cloudinit-probe.yaml tab)");
  });

  it('cat, ls and kubectl apply -f say so too; other missing files get the plain error', () => {
    const h = fresh();
    expect(h.run(`cat ${CLOUDINIT}`)).toBe(`cat: ${CLOUDINIT}: No such file or directory — this file is the one you write in Task 8.1's editor (cloudinit-probe.yaml tab); type it there first`);
    expect(h.run(`ls ~/${CLOUDINIT}`)).toContain("type it there first");
    expect(h.run(`kubectl apply -f ${CLOUDINIT}`)).toContain(`the path "${CLOUDINIT}" does not exist — this file is the one you write in Task 8.1's editor`);
    expect(h.run('cat nope.yaml')).toBe('cat: nope.yaml: No such file or directory');
    expect(h.run('kubectl create secret generic y --from-file=nope.yaml')).toBe('error: error reading nope.yaml: no such file or directory');
  });

  it('once the trainee types it in the editor, the same command works', () => {
    const h = fresh();
    h.files[CLOUDINIT] = labFiles()[CLOUDINIT];
    expect(h.run(`kubectl create secret generic lab08-cloudinit --from-file=userdata=${CLOUDINIT}`)).toBe('secret/lab08-cloudinit created');
  });
});

describe('ls -R', () => {
  it('lists every folder below, each under its heading, as GNU ls does', () => {
    const h = new Harness();
    h.run('mkdir -p work/deep && echo x > work/deep/f.txt');
    expect(h.run('ls -R')).toBe(
      [
        '.:',
        'labs  work',
        '',
        './labs:',
        'lab08',
        '',
        './labs/lab08:',
        'cloudinit-probe.yaml  cloudinit-watchdog.yaml  vm_lab08-probe.yaml  vm_lab08-watchdog.yaml',
        '',
        './work:',
        'deep',
        '',
        './work/deep:',
        'f.txt',
      ].join('\n'),
    );
    expect(h.run('ls -R work')).toBe('work:\ndeep\n\nwork/deep:\nf.txt');
    expect(h.run('ls -lR work')).toMatch(/^work:\ndrwxr-xr-x 1 alice alice\s+4096 deep\n\nwork\/deep:\n-rw-r--r-- 1 alice alice\s+2 f.txt$/);
    // without -R, one listing as before
    expect(h.run('ls work')).toBe('deep');
    expect(h.run('ls labs work')).toBe('labs:\nlab08\n\nwork:\ndeep');
  });
});
