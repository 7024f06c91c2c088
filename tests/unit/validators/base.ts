// A clean VirtualMachine every rule test mutates, and helpers to find lines in it.
import { expect } from 'vitest';
import { validateText } from '../../../validators/index.ts';
import type { Finding } from '../../../validators/types.ts';

export const BASE_VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: lab08-probe
spec:
  runStrategy: Halted
  template:
    metadata:
      labels:
        kubevirt.io/domain: lab08-probe
    spec:
      domain:
        devices:
          disks:
            - name: containerdisk
              disk:
                bus: virtio
            - name: cloudinitdisk
              disk:
                bus: virtio
          interfaces:
            - name: default
              masquerade: {}
        resources:
          requests:
            memory: 1024M
      readinessProbe:
        initialDelaySeconds: 120
        periodSeconds: 10
        timeoutSeconds: 5
        httpGet:
          port: 8081
      livenessProbe:
        tcpSocket:
          port: 8081
      networks:
        - name: default
          pod: {}
      volumes:
        - name: containerdisk
          containerDisk:
            image: quay.io/containerdisks/fedora:40
        - name: cloudinitdisk
          cloudInitNoCloud:
            userData: |
              #cloud-config
              bootcmd:
                - ["sudo", "systemd-run", "--unit=httpserver", "nc", "-klp", "8081", "-e", "/usr/bin/echo ok"]
`;

/** Replace each [from, to] once; fails loudly when `from` is not in the text. */
export function edit(text: string, ...edits: [string, string][]): string {
  let t = text;
  for (const [a, b] of edits) {
    if (!t.includes(a)) throw new Error(`edit: ${JSON.stringify(a)} not in text`);
    t = t.replace(a, b);
  }
  return t;
}

/** 1-based line of the first line containing `s` (strictly below the first line containing `after`). */
export function lineOf(text: string, s: string, after?: string): number {
  const lines = text.split('\n');
  let start = 0;
  if (after) start = lines.findIndex((l) => l.includes(after)) + 1;
  const i = lines.findIndex((l, k) => k >= start && l.includes(s));
  if (i < 0) throw new Error(`lineOf: ${JSON.stringify(s)} not found`);
  return i + 1;
}

export function findingsOf(text: string, opts?: Parameters<typeof validateText>[1]): Finding[] {
  return validateText(text, opts).flatMap((d) => d.findings);
}

export function expectClean(text: string, opts?: Parameters<typeof validateText>[1]): void {
  const errs = findingsOf(text, opts).filter((f) => f.severity === 'error');
  expect(errs, JSON.stringify(errs, null, 1)).toEqual([]);
}

/** Every finding lies inside the text. */
export function expectInside(text: string, fs: Finding[]): void {
  const lines = text.split('\n');
  for (const f of fs) {
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.line).toBeLessThanOrEqual(Math.max(1, lines.length));
    expect(f.column).toBeGreaterThanOrEqual(1);
    expect(f.endLine).toBeGreaterThanOrEqual(f.line);
    expect(f.column).toBeLessThanOrEqual((lines[f.line - 1]?.length ?? 0) + 1);
  }
}
