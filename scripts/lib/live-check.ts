// What `kvlab check --namespace NS` asks the cluster, shared by the command and the gateway's
// class page: the lab's VirtualMachines and Secrets of one namespace as kubectl prints them
// (JSON), turned into the lab's files (exercises/live.ts) and judged by the same checker.
import { spawn } from 'node:child_process';
import { checkLab, type CheckCache, type LabResult } from '../../exercises/check.ts';
import { filesFromObjects, objectsFromText } from '../../exercises/live.ts';
import type { ResolvedLab } from '../../exercises/types.ts';

/** `kubectl get …` arguments for one namespace. */
export function kubectlGetArgs(namespace: string, context?: string): string[] {
  return ['get', 'virtualmachines.kubevirt.io,secrets', '-n', namespace, '-o', 'json', ...(context ? ['--context', context] : [])];
}

export type KubectlOutput = { ok: true; text: string } | { ok: false; error: string };

/** Runs kubectl without blocking (output capped at `maxBytes`, ended after `timeoutMs`). */
export function runKubectl(kubectl: string, args: string[], maxBytes: number, timeoutMs: number): Promise<KubectlOutput> {
  return new Promise((ok) => {
    let child;
    try {
      child = spawn(kubectl, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    } catch (e) {
      return ok({ ok: false, error: `cannot run ${kubectl}: ${(e as Error).message}` });
    }
    const out: Buffer[] = [];
    let n = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      n += d.length;
      if (n > maxBytes) child.kill('SIGKILL');
      else out.push(d);
    });
    child.stderr.on('data', (d) => (err = (err + String(d)).slice(-2000)));
    child.on('error', (e: NodeJS.ErrnoException) => ok({ ok: false, error: `cannot run ${kubectl}: ${e.code ?? e.message} (install kubectl, or put it on the gateway's PATH)` }));
    child.on('close', (code, signal) => {
      if (n > maxBytes) return ok({ ok: false, error: `${kubectl} printed more than ${maxBytes} bytes` });
      if (code !== 0) return ok({ ok: false, error: err.trim() || (signal ? `${kubectl} was ended (${signal}; more than ${timeoutMs / 1000} s?)` : `${kubectl} exited with ${code}`) });
      ok({ ok: true, text: Buffer.concat(out).toString('utf8') });
    });
  });
}

export type LiveCheck = { ok: true; result: LabResult; files: Record<string, string>; sources: Record<string, string> } | { ok: false; error: string };

/** The lab judged on kubectl's output (a List, an object or a stream, YAML or JSON). */
export function checkLive(lab: ResolvedLab, text: string, cache?: CheckCache): LiveCheck {
  const { objects, error } = objectsFromText(text);
  if (error) return { ok: false, error: `not a kubectl get -o yaml|json output: ${error}` };
  const live = filesFromObjects(lab, objects);
  return { ok: true, result: checkLab(lab, live.files, cache ? { cache } : {}), files: live.files, sources: live.sources };
}
