// core/v1 kinds: Service, ConfigMap, Secret, PersistentVolumeClaim, and the pod spec subset
// that Pods, Deployments and Jobs share (kubernetes pkg/apis/core/validation/validation.go,
// v1.32: ValidateService, validateServicePort, ValidatePortNumOrName, ValidateConfigMap,
// ValidateSecret, ValidatePersistentVolumeClaimSpec, validateContainers, ValidateResourceRequirements).
import { isK8sQuantity, parseK8sQuantity, quantityString } from '../k8s.ts';
import type { PathSeg } from '../spans.ts';
import { arr, isObj, type Obj } from '../raw.ts';
import { configMapKey, dns1123Label, Errs, go, portName, portNum, validateLabels } from './field.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** ValidatePortNumOrName: a number in range or an IANA_SVC_NAME. */
function portNumOrName(e: Errs, at: PathSeg[], v: unknown): void {
  if (typeof v === 'number') for (const m of portNum(v)) e.invalid(at, v, m, 'Use a port between 1 and 65535.');
  else if (typeof v === 'string') for (const m of portName(v)) e.invalid(at, v, m, 'A named port is an IANA_SVC_NAME: at most 15 lower case letters, digits and "-", with at least one letter (e.g. http); or write the number unquoted.');
}

export function validateService(e: Errs, obj: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const ports = arr(spec.ports);
  const headless = spec.clusterIP === 'None';
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  if (ports.length === 0 && !headless && type !== 'ExternalName') e.required(['spec', 'ports'], '', 'List the ports the Service exposes: ports: [{port: 80, targetPort: 8080}].');
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObj(p)) return;
    const at = (...r: PathSeg[]) => ['spec', 'ports', i, ...r];
    const name = typeof p.name === 'string' ? p.name : '';
    if (ports.length > 1 && !name) e.required(at('name'), '', 'A Service with more than one port names each of them (name: http).');
    else if (name) {
      for (const m of dns1123Label(name)) e.invalid(at('name'), name, m, 'A port name is a DNS-1123 label: lower case letters, digits and "-".');
      if (names.has(name)) e.duplicate(at('name'), name, 'Give each port its own name.');
      names.add(name);
    }
    if (typeof p.port === 'number') for (const m of portNum(p.port)) e.invalid(at('port'), p.port, m, 'Use a port between 1 and 65535.');
    const protocol = typeof p.protocol === 'string' && p.protocol ? p.protocol : 'TCP'; // SetDefaults_ServicePort
    if (!PROTOCOLS.includes(protocol)) e.notSupported(at('protocol'), protocol, PROTOCOLS, 'Use TCP, UDP or SCTP.');
    // SetDefaults_Service: an unset (0 or "") targetPort becomes the port.
    if (p.targetPort !== undefined && p.targetPort !== 0 && p.targetPort !== '') portNumOrName(e, at('targetPort'), p.targetPort);
    if (type === 'ClusterIP' && typeof p.nodePort === 'number' && p.nodePort !== 0) e.forbidden(at('nodePort'), "may not be used when `type` is 'ClusterIP'", 'Remove nodePort, or set type: NodePort.');
    // Ports are unique by (protocol, port); the error prints the key struct as %#v does.
    const key = `${protocol}/${String(p.port)}`;
    if (typeof p.port === 'number' && seen.has(key))
      e.duplicate(at(), go(`core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`), 'Two ports of a Service may not share port and protocol: change one port number.');
    seen.add(key);
  });
  validateLabels(e, spec.selector, ['spec', 'selector']);
}

/** ConfigMap and Secret keys (IsConfigMapKey); a Secret's stringData is merged into data first. */
function validateKeys(e: Errs, obj: Obj, fields: string[], dup?: [string, string]): void {
  for (const f of fields) {
    const m = obj[f];
    if (!isObj(m)) continue;
    for (const k of Object.keys(m)) {
      const shown = `${f === 'stringData' ? 'data' : f}[${k}]`;
      for (const msg of configMapKey(k)) e.invalid([f, k], k, msg, 'A key is letters, digits, "-", "_" or "." (e.g. userdata, tls.crt).', shown);
      if (dup && f === dup[0] && isObj(obj[dup[1]]) && k in (obj[dup[1]] as Obj)) e.invalid([f, k], k, `duplicate of key present in ${dup[1]}`, `Keep the key in ${dup[0]} or ${dup[1]}, not both.`, shown);
    }
  }
}

export function validateConfigMap(e: Errs, obj: Obj): void {
  validateKeys(e, obj, ['data', 'binaryData'], ['data', 'binaryData']);
}

/** ValidateSecret: keys, and the keys a typed Secret needs. */
const SECRET_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};
export function validateSecret(e: Errs, obj: Obj): void {
  validateKeys(e, obj, ['data', 'stringData']);
  const need = SECRET_KEYS[String(obj.type ?? '')];
  if (!need) return;
  const have = new Set([...Object.keys(isObj(obj.data) ? obj.data : {}), ...Object.keys(isObj(obj.stringData) ? obj.stringData : {})]);
  for (const k of need) if (!have.has(k)) e.required(isObj(obj.data) ? ['data'] : isObj(obj.stringData) ? ['stringData'] : ['type'], '', `A Secret of type ${String(obj.type)} needs the key ${k}.`, `data[${k}]`);
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** ValidatePersistentVolumeClaimSpec: access modes and the storage request. */
export function validatePVCSpec(e: Errs, spec: Obj, base: PathSeg[]): void {
  const modes = arr(spec.accessModes);
  if (modes.length === 0) e.required([...base, 'accessModes'], 'at least 1 access mode is required', 'Add accessModes: [ReadWriteOnce].');
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(String(m))) e.notSupported([...base, 'accessModes'], String(m), ACCESS_MODES, 'Use ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.');
    if (m === 'ReadWriteOncePod') rwop = true;
    else other = true;
  }
  if (rwop && other) e.forbidden([...base, 'accessModes'], 'may not use ReadWriteOncePod with other access modes', 'ReadWriteOncePod stands alone.');
  const req = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests : {};
  const shown = `${[...base].join('.')}.resources[storage]`;
  if (!('storage' in req)) e.required([...base, 'resources'], '', 'Request the size: resources: {requests: {storage: 10Gi}}.', shown);
  else {
    const q = parseK8sQuantity(req.storage);
    if (q && q.nanos <= 0n) e.invalid([...base, 'resources', 'requests', 'storage'], quantityString(q), 'must be greater than zero', 'Request a positive size, e.g. 10Gi.', shown);
  }
}

/** Quantities are decoded before validation: one that does not parse fails the whole request
 *  (resource.Quantity UnmarshalJSON → ErrFormatWrong). Reported by the caller as a decode error. */
export function badQuantities(list: Obj | undefined, base: PathSeg[]): PathSeg[][] {
  if (!list) return [];
  const out: PathSeg[][] = [];
  for (const f of ['requests', 'limits']) {
    const m = list[f];
    if (!isObj(m)) continue;
    for (const [k, v] of Object.entries(m)) if (v !== null && !isK8sQuantity(v)) out.push([...base, f, k]);
  }
  return out;
}

/** The container rules of validateContainers / ValidateResourceRequirements a lab meets. */
export function validatePodSpec(e: Errs, spec: Obj, base: PathSeg[]): void {
  const cs = arr(spec.containers);
  if (cs.length === 0) e.required([...base, 'containers'], '', 'Add a container: containers: [{name: app, image: …}].');
  const names = new Set<string>();
  for (const list of ['initContainers', 'containers'] as const) {
    arr(spec[list]).forEach((c, i) => {
      if (!isObj(c)) return;
      const at = (...r: PathSeg[]) => [...base, list, i, ...r];
      const name = typeof c.name === 'string' ? c.name : '';
      if (!name) e.required(at('name'), '', 'Name the container (name: app).');
      else {
        for (const m of dns1123Label(name)) e.invalid(at('name'), name, m, 'A container name is a DNS-1123 label: lower case letters, digits and "-".');
        if (names.has(name)) e.duplicate(at('name'), name, 'Give each container its own name.');
        names.add(name);
      }
      arr(c.ports).forEach((p, j) => {
        if (!isObj(p)) return;
        if (typeof p.containerPort === 'number') for (const m of portNum(p.containerPort)) e.invalid(at('ports', j, 'containerPort'), p.containerPort, m, 'Use a port between 1 and 65535.');
        if (typeof p.hostPort === 'number' && p.hostPort !== 0) for (const m of portNum(p.hostPort)) e.invalid(at('ports', j, 'hostPort'), p.hostPort, m, 'Use a port between 1 and 65535.');
        if (typeof p.name === 'string' && p.name) for (const m of portName(p.name)) e.invalid(at('ports', j, 'name'), p.name, m, 'A port name is an IANA_SVC_NAME: at most 15 lower case letters, digits and "-", with a letter.');
      });
      const r = isObj(c.resources) ? c.resources : undefined;
      if (!r) return;
      const req = isObj(r.requests) ? r.requests : {};
      const lim = isObj(r.limits) ? r.limits : {};
      for (const [f, m] of [['requests', req], ['limits', lim]] as const)
        for (const [k, v] of Object.entries(m)) {
          const q = parseK8sQuantity(v);
          if (q && q.nanos < 0n) e.invalid(at('resources', f, k), quantityString(q), 'must be greater than or equal to 0', 'Use a positive amount.', `${[...base, list].join('.')}[${i}].resources.${f}[${k}]`);
        }
      for (const [k, v] of Object.entries(req)) {
        const q = parseK8sQuantity(v);
        const l = parseK8sQuantity(lim[k]);
        if (q && l && q.nanos > l.nanos) e.invalid(at('resources', 'requests', k), quantityString(q), `must be less than or equal to ${k} limit of ${quantityString(l)}`, `Lower the request to at most the limit (${quantityString(l)}), or raise the limit.`, `${[...base, list].join('.')}[${i}].resources.requests`);
      }
    });
  }
}
