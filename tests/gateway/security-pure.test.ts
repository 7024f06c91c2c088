// kvlab#17, the gateway's pure checks: canonical token signatures (item 17), strong secrets
// (item 10), and namespaces a trainee must not get (item 5).
import { describe, expect, it } from 'vitest';
import { checkSecret, issueToken, verifyToken } from '../../scripts/gateway/token.ts';
import { formatProblem, parseTrainees } from '../../scripts/gateway/trainees.ts';

const S = 'Vq3xR8tLw2ZpN6yKc1HdJ9mFs4GbT7eA';

describe('token signatures are compared in their canonical encoding', () => {
  const t = issueToken(S, 'alice', 3600);
  const [head, payload, sig] = t.split('.');

  it('the untouched token still verifies', () => {
    expect(verifyToken(S, t).ok).toBe(true);
  });

  it('refuses a flipped last character that decodes to the same bytes', () => {
    // 32 bytes = 43 base64url characters: the last one carries 2 unused bits, so 4 characters
    // decode alike. Each variant but the original must be refused.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const same = [...alphabet].filter((ch) => ch !== sig.at(-1) && Buffer.from(sig.slice(0, -1) + ch, 'base64url').equals(Buffer.from(sig, 'base64url')));
    expect(same.length).toBe(3); // the malleability is real for this encoding
    for (const ch of same) expect(verifyToken(S, `${head}.${payload}.${sig.slice(0, -1)}${ch}`)).toEqual({ ok: false, reason: 'bad token signature' });
  });

  it('refuses padding, junk after the signature, and junk inside it', () => {
    for (const tail of ['==', '=', '!!!', ' ', '%', '.']) expect(verifyToken(S, `${t}${tail}`).ok, tail).toBe(false);
    expect(verifyToken(S, `${head}.${payload}.${sig.slice(0, 10)}!${sig.slice(10)}`).ok).toBe(false);
    expect(verifyToken(S, `${head}.${payload}.${sig.slice(0, 10)}\n${sig.slice(10)}`).ok).toBe(false);
  });
});

describe('the gateway secret', () => {
  it('refuses short, padded, repeated and low-variety secrets, and says how to make one', () => {
    for (const weak of ['a'.repeat(16), ' '.repeat(16), 'a'.repeat(64), ' '.repeat(40), `  ${'x'.repeat(20)}  `, 'abababababababababababababababab', 'abcdabcdabcdabcdabcdabcdabcdabcdabcd', 'short']) {
      const msg = checkSecret(weak);
      expect(msg, JSON.stringify(weak)).toMatch(/openssl rand -base64 48/);
    }
    expect(checkSecret('a'.repeat(16))).toMatch(/32/);
    expect(checkSecret(' '.repeat(40))).toMatch(/32/); // only spaces: nothing left after trimming
  });
  it('accepts what openssl rand makes', () => {
    expect(checkSecret(S)).toBeUndefined();
    expect(checkSecret('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBeUndefined(); // -hex 32
    expect(checkSecret('q1Jm3qPZ0Yv8mJ2ZyWm7x0z5Jd9o8zY4pQ2mV1s3ZbR1wLkT9dXcN5rF7uAo2hE3\n')).toBeUndefined(); // -base64 48, newline included
  });
});

describe('trainee namespaces', () => {
  it('refuses reserved namespaces, with file:line:column', () => {
    const text = ['- user: alice', '  namespace: kvlab', '- user: bob', '  namespace: kube-system', '- user: default', '- user: kube-public', '- user: carol', '  namespace: gw-ns', '- user: dave'].join('\n');
    expect(parseTrainees(text, 't.yaml', { reservedNamespaces: ['gw-ns'] }).problems.map(formatProblem)).toEqual([
      't.yaml:2:14: namespace "kvlab" is reserved (the gateway\'s own namespace holds its signing secret and every kubeconfig); give alice a namespace of their own',
      't.yaml:4:14: namespace "kube-system" is reserved (kube-* belong to Kubernetes); give bob a namespace of their own',
      't.yaml:5:9: namespace "default" is reserved (the cluster\'s default namespace); give default a namespace of their own with `namespace: …`',
      't.yaml:6:9: namespace "kube-public" is reserved (kube-* belong to Kubernetes); give kube-public a namespace of their own with `namespace: …`',
      't.yaml:8:14: namespace "gw-ns" is reserved (the gateway\'s own namespace holds its signing secret and every kubeconfig); give carol a namespace of their own',
    ]);
  });
  it('refuses one namespace for two trainees, naming both', () => {
    const text = ['- user: alice', '- user: bob', '  namespace: alice', '- user: carol', '  namespace: team', '- user: team'].join('\n');
    expect(parseTrainees(text, 't.yaml').problems.map(formatProblem)).toEqual([
      't.yaml:3:14: namespace "alice" is already the namespace of alice (line 1); each trainee needs a namespace of their own',
      't.yaml:6:9: namespace "team" is already the namespace of carol (line 5); each trainee needs a namespace of their own — give team a `namespace:`',
    ]);
  });
});
