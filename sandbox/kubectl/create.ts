// `kubectl create secret generic NAME --from-file=[KEY=]FILE --from-literal=KEY=VALUE`, and
// `kubectl create -f FILE|DIR` (apply's judgement; an object that exists already is refused).
import { stringify } from 'yaml';
import type { CommandContext, Result } from '../types.ts';
import { toBase64 } from './base64.ts';
import type { Flags } from './flags.ts';
import { createFromFiles } from './apply.ts';

export function create(ctx: CommandContext, flags: Flags, ns: string): Result {
  const { io, sandbox } = ctx;
  const [what, type, name, ...extra] = flags.positional;
  if (what !== 'secret') {
    if (!what && flags.files.length) return createFromFiles(ctx, flags, ns);
    io.out(`error: the kvlab sandbox creates only secrets here (kubectl create secret generic NAME --from-file=userdata=FILE); use kubectl apply -f for the rest\n`);
    return 1;
  }
  if (type !== 'generic') {
    io.out(type ? `error: unknown command "${type}" for "kubectl create secret"\n` : 'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n');
    return 1;
  }
  if (!name) {
    io.out("error: exactly one NAME is required, got 0\nSee 'kubectl create secret generic -h' for help and examples\n");
    return 1;
  }
  if (extra.length) {
    io.out(`error: exactly one NAME is required, got ${1 + extra.length}\nSee 'kubectl create secret generic -h' for help and examples\n`);
    return 1;
  }
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
    io.out(`The Secret "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`);
    return 1;
  }
  const data: Record<string, string> = {};
  for (const spec of flags.fromFile) {
    const eq = spec.indexOf('=');
    const path = eq >= 0 ? spec.slice(eq + 1) : spec;
    const key = eq >= 0 ? spec.slice(0, eq) : path.slice(path.lastIndexOf('/') + 1);
    if (eq === 0 || !key) {
      io.out(`error: key names or file paths cannot contain '='\n`);
      return 1;
    }
    if (!ctx.vfs.exists(path)) {
      io.out(`error: error reading ${path}: no such file or directory${ctx.whereFrom(path)}\n`);
      return 1;
    }
    if (ctx.vfs.isDir(path)) {
      for (const f of ctx.vfs.filesUnder(path)) data[f.slice(f.lastIndexOf('/') + 1)] = toBase64(ctx.vfs.read(f));
      continue;
    }
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
      io.out(`error: "${key}" is not a valid key name for a Secret: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`);
      return 1;
    }
    if (key in data) {
      io.out(`error: cannot add key ${key}, another key by that name already exists in Data for Secret "${name}"\n`);
      return 1;
    }
    data[key] = toBase64(ctx.vfs.read(path));
  }
  for (const lit of flags.fromLiteral) {
    const eq = lit.indexOf('=');
    if (eq <= 0) {
      io.out(`error: invalid literal source ${lit}, expected key=value\n`);
      return 1;
    }
    data[lit.slice(0, eq)] = toBase64(lit.slice(eq + 1));
  }
  if (sandbox.find('Secret', ns, name)) {
    io.out(`error: failed to create secret secrets "${name}" already exists\n`);
    return 1;
  }
  const obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque', data };
  if (flags.dryRun) {
    io.out(flags.output === 'yaml' ? stringify(obj) : `secret/${name} created (dry run)\n`);
    return 0;
  }
  sandbox.apply(obj);
  io.out(`secret/${name} created\n`);
  return 0;
}
