// CDI's DataVolume webhook on an http source's checksum (CDI v1.66.0 util.go validateChecksum,
// pkg/util/checksum ParseAndValidate): stage admission, CDI's message, path and line.
import { describe, expect, it } from 'vitest';
import { edit, findingsOf, lineOf } from './base.ts';
import { checksumError } from '../../../validators/cdi-webhook.ts';

const SHA256 = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae';
const DV = `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: cirros
spec:
  source:
    http:
      url: https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img
      checksum: "sha256:${SHA256}"
  storage:
    resources:
      requests:
        storage: 512Mi
`;

const cases: { id: string; checksum: string; message: string }[] = [
  { id: 'no colon', checksum: `sha256${SHA256}`, message: `Invalid checksum format: invalid checksum format: expected 'algorithm:hash', got 'sha256${SHA256}'` },
  { id: 'empty hash', checksum: 'sha256: ', message: 'Invalid checksum format: checksum hash value cannot be empty' },
  { id: 'algorithm', checksum: `sha384:${SHA256}`, message: "Invalid checksum format: unsupported hash algorithm 'sha384': supported algorithms are: md5, sha1, sha256, sha512" },
  { id: 'length', checksum: 'md5:5d41402abc4b2a76b9719d911017c59', message: 'Invalid checksum format: invalid md5 hash length: expected 32 hex characters, got 31' },
  { id: 'two colons', checksum: 'sha256:abc:123', message: 'Invalid checksum format: invalid sha256 hash length: expected 64 hex characters, got 7' },
  { id: 'not hex', checksum: `sha1:2fd4e1c67a2d28fced849ee1bb76e7391b93eb1g`, message: "Invalid checksum format: checksum hash is not valid hexadecimal: encoding/hex: invalid byte: U+0067 'g'" },
];

describe('DataVolume http checksum (CDI webhook, stage admission)', () => {
  it('accepts md5, sha1, sha256 and sha512 as algo:hex (any case, spaces trimmed), and no checksum', () => {
    for (const c of [`SHA256:${SHA256.toUpperCase()}`, 'md5:5d41402abc4b2a76b9719d911017c592', 'sha1:2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', `sha512:${'ab'.repeat(64)}`, ` sha256 : ${SHA256}`]) {
      expect(findingsOf(edit(DV, [`sha256:${SHA256}`, c])).filter((f) => f.severity === 'error'), c).toEqual([]);
    }
    expect(findingsOf(edit(DV, [`      checksum: "sha256:${SHA256}"\n`, ''])).filter((f) => f.severity === 'error')).toEqual([]);
  });
  for (const c of cases) {
    it(`refuses: ${c.id}`, () => {
      const text = edit(DV, [`sha256:${SHA256}`, c.checksum]);
      const fs = findingsOf(text).filter((f) => f.severity === 'error');
      expect(fs.map((f) => ({ stage: f.stage, message: f.message, path: f.path, line: f.line }))).toEqual([
        { stage: 'admission', message: c.message, path: 'spec.source.http.checksum', line: lineOf(text, 'checksum:') },
      ]);
    });
  }
  it('reports a bad URL and a bad checksum together, as validateHTTPSource does', () => {
    const text = edit(DV, ['url: https://', 'url: ftp://'], [`sha256:${SHA256}`, 'crc32:abcd']);
    expect(findingsOf(text).filter((f) => f.severity === 'error').map((f) => f.path)).toEqual(['spec.source.http.url', 'spec.source.http.checksum']);
  });
  it('prints a byte that is no printable rune as %#U does', () => {
    expect(checksumError(`md5:${'a'.repeat(31)}\u0007`)).toBe('checksum hash is not valid hexadecimal: encoding/hex: invalid byte: U+0007');
  });
});
