// CDI's DataVolume validating webhook (datavolume-validate.cdi.kubevirt.io), CDI v1.66.0:
// pkg/apiserver/webhooks/datavolume-validate.go (Admit, validateDataVolumeSpec,
// validateStorageSize, validateSourceRef, validateExternalPopulation) and util.go (the source
// checks). Its messages, in its order: like the webhook, it stops at the first failing check.
// Create only: on update CDI refuses any spec change ("Cannot update DataVolume Spec") except
// checkpoints/finalCheckpoint of a multi-stage (VDDK, ImageIO) import; a file is a create.
import { parseK8sQuantity, quantityValue } from './k8s.ts';
import type { PathSeg } from './spans.ts';
import { arr, isObj, type Obj, type RawFinding } from './raw.ts';

const MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const SOURCES = ['http', 's3', 'gcs', 'registry', 'pvc', 'upload', 'blank', 'imageio', 'vddk', 'snapshot'];
const MIB = 1024 * 1024;

const present = (v: unknown) => v !== undefined && v !== null;

// goUrl's expressions, made once (a literal in the function is a new RegExp every call).
const URL_CONTROL = /[\x00-\x1f\x7f]/;
const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s;
const URL_AUTH_END = /[/?#]/;
const URL_IPV6_HOST = /^\[[^\]]*\](.*)$/;
const URL_PORT = /^:\d*$/;
const URL_BAD_HOST = /[\s<>"{}|\\^`]/;

/** Go's url.Parse / ParseRequestURI, as far as the webhook's verdict goes: the scheme, or
 *  undefined where Go returns an error. */
function goUrl(s: string, requestURI: boolean): { scheme: string } | undefined {
  if (URL_CONTROL.test(s)) return undefined;
  const m = URL_SCHEME.exec(s);
  if (!m) {
    if (s.startsWith(':')) return undefined; // "missing protocol scheme"
    return requestURI && !s.startsWith('/') ? undefined : { scheme: '' };
  }
  const rest = m[2]!;
  if (rest.startsWith('//')) {
    const auth = rest.slice(2).split(URL_AUTH_END)[0]!;
    const host = auth.slice(auth.lastIndexOf('@') + 1);
    const port = URL_IPV6_HOST.exec(host)?.[1] ?? (host.includes(':') ? host.slice(host.indexOf(':')) : '');
    if (port && !URL_PORT.test(port)) return undefined; // invalid port
    if (URL_BAD_HOST.test(host)) return undefined; // invalid character in host name
  } else if (requestURI && !rest.startsWith('/')) return undefined; // opaque URIs are no request URIs
  return { scheme: m[1]!.toLowerCase() };
}

/** Adds the webhook's refusal and returns the findings (module level: no closure per call). */
function fail(out: RawFinding[], path: PathSeg[], message: string, hint: string, anchor: 'key' | 'value' = 'key'): RawFinding[] {
  out.push({ stage: 'admission', severity: 'error', path, anchor, message, hint });
  return out;
}

/** util.go's URL check of an http, s3, gcs, imageio or vddk source: the refusal, or undefined. */
function sourceUrl(out: RawFinding[], src: Obj, k: string): RawFinding[] | undefined {
  const s = isObj(src[k]) ? (src[k] as Obj) : {};
  const u = typeof s.url === 'string' ? s.url : '';
  let err = '';
  if (!u) err = 'source URL is empty';
  else {
    const p = goUrl(u, true);
    if (!p) err = `Invalid source URL: ${u}`;
    else if (!['http', 'https', 'gs'].includes(p.scheme)) err = `Invalid source URL scheme: ${u}`;
  }
  return err ? fail(out, ['spec', 'source', k, ...(u ? ['url'] : [])], `spec.source ${err}`, 'Use an http:// or https:// URL to the image file.', u ? 'value' : 'key') : undefined;
}

const HASH_LEN: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/** CDI's checksum.ParseAndValidate (pkg/util/checksum/checksum.go:43-91): its error, or ''. */
export function checksumError(c: string): string {
  const colon = c.indexOf(':');
  if (colon < 0) return `invalid checksum format: expected 'algorithm:hash', got '${c}'`;
  const algo = c.slice(0, colon).trim().toLowerCase();
  const hash = c.slice(colon + 1).trim().toLowerCase();
  if (!hash) return 'checksum hash value cannot be empty';
  const want = HASH_LEN[algo];
  if (!want) return `unsupported hash algorithm '${algo}': supported algorithms are: md5, sha1, sha256, sha512`;
  const bytes = new TextEncoder().encode(hash); // Go's len() counts bytes
  if (bytes.length !== want) return `invalid ${algo} hash length: expected ${want} hex characters, got ${bytes.length}`;
  const i = bytes.findIndex((b) => !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)));
  if (i < 0) return '';
  // encoding/hex's InvalidByteError prints the byte as %#U
  const b = bytes[i]!;
  const u = `U+${b.toString(16).toUpperCase().padStart(4, '0')}`;
  const printable = (b >= 0x20 && b < 0x7f) || (b >= 0xa1 && b !== 0xad);
  return `checksum hash is not valid hexadecimal: encoding/hex: invalid byte: ${printable ? `${u} '${String.fromCharCode(b)}'` : u}`;
}

/** validateChecksum (util.go:242-255): an empty checksum is none. */
function checksumFinding(c: unknown): RawFinding[] {
  if (typeof c !== 'string' || c === '') return [];
  const err = checksumError(c);
  return err ? [{ stage: 'admission', severity: 'error', path: ['spec', 'source', 'http', 'checksum'], anchor: 'value', message: `Invalid checksum format: ${err}`, hint: 'Write ALGORITHM:HEX, e.g. sha256: and the 64 hex digits of the image\'s SHA-256 (md5, sha1, sha256 or sha512).' }] : [];
}

export function dataVolumeAdmission(obj: Obj): RawFinding[] {
  const out: RawFinding[] = [];
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  if (typeof meta.name === 'string' && meta.name.length > 253) return fail(out, ['metadata', 'name'], 'Name cannot be longer than 253 characters', 'Shorten the name.', 'value');
  const spec = isObj(obj.spec) ? obj.spec : {};
  const pvc = isObj(spec.pvc) ? spec.pvc : undefined;
  const storage = isObj(spec.storage) ? spec.storage : undefined;
  if (!pvc && !storage) return fail(out, ['spec'], 'Missing Data volume PVC', 'Add storage: {resources: {requests: {storage: 10Gi}}} (or pvc: {accessModes: [ReadWriteOnce], resources: …}).');
  if (pvc && storage) return fail(out, ['spec', 'storage'], 'Duplicate storage definition, both target storage and target pvc defined', 'Keep storage (CDI fills in the rest from the StorageProfile) or pvc, not both.');
  const [name, target, key] = pvc ? ['PVC', pvc, 'pvc'] : ['Storage', storage!, 'storage'];
  const source = isObj(spec.source) ? spec.source : undefined;
  // validateStorageSize: only the storage API with a clone source (pvc, snapshot, sourceRef) may leave the size out.
  const isClone = present(spec.sourceRef) || (source !== undefined && (present(source.pvc) || present(source.snapshot)));
  const req = isObj(target.resources) && isObj(target.resources.requests) ? target.resources.requests : {};
  if ('storage' in req) {
    const q = parseK8sQuantity(req.storage);
    if (q && (q.nanos === 0n || quantityValue(q) < 0)) return fail(out, ['spec', key, 'resources', 'requests', 'storage'], `${name} size can't be equal or less than zero`, 'Request a positive size, e.g. 10Gi.', 'value');
    if (q && quantityValue(q) < MIB) return fail(out, ['spec', key, 'resources', 'requests', 'storage'], `${name} size should be at least 1MiB`, 'KubeVirt takes no disk under 1Mi: request e.g. 1Gi (a bare number is bytes).', 'value');
  } else if (!storage || !isClone) return fail(out, ['spec', key], `${name} size is missing`, `Add resources: {requests: {storage: 10Gi}} under ${key}${storage ? ' (only a clone from a PVC, snapshot or sourceRef may leave it out)' : ''}.`);
  if (typeof target.storageClassName === 'string' && target.storageClassName.length > 253) return fail(out, ['spec', key, 'storageClassName'], 'Name cannot be longer than 253 characters', 'Shorten the storage class name.', 'value');
  const modes = arr(target.accessModes);
  if (pvc) {
    if (modes.length === 0) return fail(out, ['spec', 'pvc'], 'Required value: at least 1 access mode is required', 'Add accessModes: [ReadWriteOnce] under pvc (or use storage:, which takes them from the StorageProfile).');
    if (modes.length > 1) return fail(out, ['spec', 'pvc', 'accessModes'], 'PVC multiple accessModes', 'The pvc API takes one access mode; list one (or use storage:).');
  }
  // The storage API prints the first mode whichever is wrong (datavolume-validate.go:135).
  const bad = modes.findIndex((m) => !MODES.includes(String(m)));
  if (bad >= 0) return fail(out, ['spec', key, 'accessModes', bad], `Unsupported value: "${String(pvc ? modes[bad] : modes[0])}": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`, 'Use ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.', 'value');
  // External population (dataSource / dataSourceRef on the target).
  const ds = isObj(target.dataSource) ? target.dataSource : undefined;
  const dsr = isObj(target.dataSourceRef) ? target.dataSourceRef : undefined;
  if (ds || dsr) {
    if (source || present(spec.sourceRef)) fail(out, ['spec', source ? 'source' : 'sourceRef'], 'External population is incompatible with Source and SourceRef', 'Remove source/sourceRef, or the dataSource of the target.');
    if (ds && dsr && JSON.stringify(ds) !== JSON.stringify(dsr)) fail(out, ['spec', key, 'dataSourceRef'], 'DataSourceRef and DataSource must match', 'Make dataSource and dataSourceRef name the same object, or keep one.');
    for (const [ref, label, f] of [[ds, 'DataSource', 'dataSource'], [dsr, 'DataSourceRef', 'dataSourceRef']] as const) {
      if (!ref) continue;
      if (label === 'DataSourceRef' && typeof ref.namespace === 'string' && ref.namespace) fail(out, ['spec', key, f, 'namespace'], 'Invalid value: DataSourceRef namespace not supported', 'Remove namespace.', 'value');
      if (!ref.name) fail(out, ['spec', key, f], `Required value: ${label} name`, 'Add name.');
      if (!ref.kind) fail(out, ['spec', key, f], `Required value: ${label} kind`, 'Add kind.');
      if (!ref.apiGroup && ref.kind !== 'PersistentVolumeClaim') fail(out, ['spec', key, f], `Required value: ${label} apiGroup when kind is not 'PersistentVolumeClaim'`, 'Add apiGroup.');
    }
    return out;
  }
  const sourceRef = isObj(spec.sourceRef) ? spec.sourceRef : undefined;
  if ((!source && !sourceRef) || (source && sourceRef))
    return fail(out, source ? ['spec', 'sourceRef'] : ['spec'], 'Data volume should have either Source or SourceRef, or be externally populated', source ? 'Keep source or sourceRef, not both.' : 'Add a source, e.g. source: {registry: {url: "docker://quay.io/containerdisks/fedora:latest"}} or source: {blank: {}}.');
  if (sourceRef) {
    if (!sourceRef.kind) return fail(out, ['spec', 'sourceRef'], 'Missing sourceRef kind', 'Add kind: DataSource.');
    if (sourceRef.kind !== 'DataSource') return fail(out, ['spec', 'sourceRef', 'kind'], `Unsupported sourceRef kind ${String(sourceRef.kind)}, currently only DataSource is supported`, 'Use kind: DataSource.', 'value');
    if (!sourceRef.name) return fail(out, ['spec', 'sourceRef'], 'Missing sourceRef name', 'Add the DataSource name.');
    return out;
  }
  const src = source!;
  const kinds = SOURCES.filter((k) => present(src[k]));
  if (kinds.length === 0) return fail(out, ['spec', 'source'], 'Missing Data volume source', `Give the source one type: ${SOURCES.join(', ')}.`);
  if (kinds.length > 1) return fail(out, ['spec', 'source', kinds[1]!], 'Multiple Data volume sources', `Keep one of ${kinds.join(', ')}.`);
  const ct = typeof spec.contentType === 'string' ? spec.contentType : '';
  if (ct && ct !== 'kubevirt' && ct !== 'archive') return fail(out, ['spec', 'contentType'], 'ContentType not one of: kubevirt, archive', 'Use contentType: kubevirt (a disk image) or archive (a tar).', 'value');
  if (present(src.http)) {
    // validateHTTPSource reports the URL's and the checksum's causes together (util.go:166-175)
    sourceUrl(out, src, 'http');
    out.push(...checksumFinding(isObj(src.http) ? src.http.checksum : undefined));
    if (out.length) return out;
  }
  if (present(src.s3) && sourceUrl(out, src, 's3')) return out;
  if (present(src.gcs) && sourceUrl(out, src, 'gcs')) return out;
  if (present(src.blank) && ct === 'archive') return fail(out, ['spec', 'contentType'], 'SourceType cannot be blank and the contentType be archive', 'Remove contentType: archive.', 'value');
  if (present(src.registry)) {
    const r = isObj(src.registry) ? src.registry : {};
    if (ct && ct !== 'kubevirt') return fail(out, ['spec', 'contentType'], 'ContentType must be kubevirt when Source is Registry', 'Remove contentType (or write kubevirt).', 'value');
    const hasUrl = typeof r.url === 'string';
    const hasIS = typeof r.imageStream === 'string';
    if (hasUrl === hasIS) return fail(out, ['spec', 'source', 'registry'], 'Source registry should have either URL or ImageStream', 'Add url: "docker://REGISTRY/IMAGE:TAG".');
    if (hasUrl) {
      const u = r.url as string;
      const p = goUrl(u, false);
      if (!p) return fail(out, ['spec', 'source', 'registry', 'url'], `Illegal registry source URL ${u}`, 'Write docker://REGISTRY/IMAGE:TAG.', 'value');
      if (p.scheme !== 'docker' && p.scheme !== 'oci-archive') return fail(out, ['spec', 'source', 'registry', 'url'], `Illegal registry source URL scheme ${u}`, `Prefix the image with docker:// (e.g. docker://${u.replace(/^[a-z+.-]*:\/\//i, '')}) or oci-archive://.`, 'value');
    }
    const pm = r.pullMethod;
    if (present(pm) && pm !== 'pod' && pm !== 'node') return fail(out, ['spec', 'source', 'registry', 'pullMethod'], `ImportMethod ${String(pm)} is neither pod, node or ""`, 'Use pullMethod: pod (default) or node.', 'value');
    if (hasIS && r.imageStream === '') return fail(out, ['spec', 'source', 'registry', 'imageStream'], 'Source registry ImageStream is not valid', 'Name the ImageStream.', 'value');
    if (hasIS && pm !== 'node') return fail(out, ['spec', 'source', 'registry'], 'Source registry ImageStream is supported only with node pull import method', 'Add pullMethod: node.');
  }
  if (present(src.imageio)) {
    const s = isObj(src.imageio) ? src.imageio : {};
    if (!s.secretRef || !s.diskId) return fail(out, ['spec', 'source', 'imageio'], 'spec.source.Imageio source Imageio is not valid', 'Give secretRef and diskId.');
    if (!s.certConfigMap && s.insecureSkipVerify !== true) return fail(out, ['spec', 'source', 'imageio'], 'spec.source.Imageio source Imageio requires CertConfigMap or InsecureSkipVerify', 'Add certConfigMap (or insecureSkipVerify: true).');
    if (sourceUrl(out, src, 'imageio')) return out;
  }
  if (present(src.vddk)) {
    const s = isObj(src.vddk) ? src.vddk : {};
    if (!s.secretRef || !s.uuid || !s.backingFile || !s.thumbprint) return fail(out, ['spec', 'source', 'vddk'], 'spec.source.VDDK source VDDK is not valid', 'Give secretRef, uuid, backingFile and thumbprint.');
    if (sourceUrl(out, src, 'vddk')) return out;
  }
  for (const [k, label, msg] of [['pvc', 'PVC', 'source PVC is not valid'], ['snapshot', 'Snapshot', 'source snapshot is not valid']] as const) {
    const s = src[k];
    if (!present(s)) continue;
    const o = isObj(s) ? s : {};
    if (!o.namespace || !o.name) return fail(out, ['spec', 'source', k], `spec.source.${label} ${msg}`, `Give the ${k === 'pvc' ? 'PVC' : 'VolumeSnapshot'} both name and namespace (CDI does not default the namespace).`);
  }
  return out;
}

/** A VM's dataVolumeTemplates: KubeVirt accepts the VM, its controller then creates each
 *  DataVolume, and CDI's webhook refuses an invalid one, so the VM cannot start (stage `start`,
 *  as the VM controller reports the failed create). */
export function dataVolumeTemplateFindings(vm: Obj): RawFinding[] {
  const spec = isObj(vm.spec) ? vm.spec : {};
  return arr(spec.dataVolumeTemplates).flatMap((t, i) => {
    if (!isObj(t)) return [];
    const name = isObj(t.metadata) && typeof t.metadata.name === 'string' ? t.metadata.name : '';
    const base: PathSeg[] = ['spec', 'dataVolumeTemplates', i];
    return dataVolumeAdmission({ metadata: t.metadata, spec: t.spec }).map((f) => ({
      ...f, stage: 'start' as const, path: [...base, ...f.path],
      message: `Error creating DataVolume ${name}: admission webhook "datavolume-validate.cdi.kubevirt.io" denied the request: ${f.message}`,
    }));
  });
}
