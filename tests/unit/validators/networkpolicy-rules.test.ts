// NetworkPolicy's rules beyond the schema (stage `validation`, the API server's wording from
// kubernetes pkg/apis/networking/validation/validation.go): per rule family a rejected case
// (stage, message, path, line) and the accepted manifest.
import { describe, expect, it } from 'vitest';
import { edit, findingsOf, lineOf } from './base.ts';
import { parseCidr } from '../../../validators/k8s-validation/networkpolicy.ts';

const NP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-in
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              role: client
        - ipBlock:
            cidr: 10.0.0.0/16
            except:
              - 10.0.5.0/24
      ports:
        - protocol: TCP
          port: 8080
          endPort: 8090
  egress:
    - to:
        - namespaceSelector: {}
      ports:
        - port: dns
          protocol: UDP
`;

interface Case { id: string; bad: string; message: string; path: string; at: string; after?: string }

const cases: Case[] = [
  // ValidateNetworkPolicyPort
  { id: 'protocol', bad: edit(NP, ['protocol: TCP', 'protocol: ICMP']),
    message: 'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"', path: 'spec.ingress[0].ports[0].protocol', at: 'protocol: ICMP' },
  { id: 'port-range', bad: edit(NP, ['port: 8080', 'port: 70000'], ['endPort: 8090', 'endPort: 70001']),
    message: 'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', path: 'spec.ingress[0].ports[0].port', at: 'port: 70000' },
  { id: 'port-name', bad: edit(NP, ['port: dns', 'port: dns_udp']),
    message: 'spec.egress[0].ports[0].port: Invalid value: "dns_udp": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', path: 'spec.egress[0].ports[0].port', at: 'port: dns_udp' },
  { id: 'endport-below-port', bad: edit(NP, ['endPort: 8090', 'endPort: 80']),
    message: 'spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`', path: 'spec.ingress[0].ports[0].endPort', at: 'endPort: 80' },
  { id: 'endport-named-port', bad: edit(NP, ['port: dns', 'port: dns\n          endPort: 60']),
    message: 'spec.egress[0].ports[0].endPort: Invalid value: 60: may not be specified when `port` is non-numeric', path: 'spec.egress[0].ports[0].endPort', at: 'endPort: 60' },
  { id: 'endport-without-port', bad: edit(NP, ['          port: 8080\n', '']),
    message: 'spec.ingress[0].ports[0].endPort: Invalid value: 8090: may not be specified when `port` is not specified', path: 'spec.ingress[0].ports[0].endPort', at: 'endPort: 8090' },
  // ValidateIPBlock
  { id: 'cidr-invalid', bad: edit(NP, ['cidr: 10.0.0.0/16', 'cidr: 10.0.0.0/33']),
    message: 'spec.ingress[0].from[1].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)', path: 'spec.ingress[0].from[1].ipBlock.cidr', at: 'cidr: 10.0.0.0/33' },
  { id: 'cidr-empty', bad: edit(NP, ['cidr: 10.0.0.0/16', 'cidr: ""']),
    message: 'spec.ingress[0].from[1].ipBlock.cidr: Required value', path: 'spec.ingress[0].from[1].ipBlock.cidr', at: 'cidr: ""' },
  { id: 'except-invalid', bad: edit(NP, ['- 10.0.5.0/24', '- 10.0.5.0']),
    message: 'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.0.5.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)', path: 'spec.ingress[0].from[1].ipBlock.except[0]', at: '- 10.0.5.0' },
  { id: 'except-outside', bad: edit(NP, ['- 10.0.5.0/24', '- 10.1.5.0/24']),
    message: 'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.1.5.0/24": must be a strict subset of `cidr`', path: 'spec.ingress[0].from[1].ipBlock.except[0]', at: '- 10.1.5.0/24' },
  { id: 'except-not-smaller', bad: edit(NP, ['- 10.0.5.0/24', '- 10.0.0.0/16']),
    message: 'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`', path: 'spec.ingress[0].from[1].ipBlock.except[0]', at: '- 10.0.0.0/16' },
  // ValidateNetworkPolicyPeer
  { id: 'peer-empty', bad: edit(NP, ['    - to:\n        - namespaceSelector: {}\n', '    - to:\n        - {}\n']),
    message: 'spec.egress[0].to[0]: Required value: must specify a peer', path: 'spec.egress[0].to[0]', at: '- {}' },
  { id: 'peer-ipblock-and-selector', bad: edit(NP, ['        - ipBlock:\n', '        - namespaceSelector: {}\n          ipBlock:\n']),
    message: 'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer', path: 'spec.ingress[0].from[1]', at: '- namespaceSelector: {}' },
  { id: 'peer-selector', bad: edit(NP, ['        - podSelector:\n            matchLabels:\n              role: client\n', '        - podSelector:\n            matchExpressions:\n              - key: role\n                operator: Equals\n                values: [client]\n']),
    message: 'spec.ingress[0].from[0].podSelector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator', path: 'spec.ingress[0].from[0].podSelector.matchExpressions[0].operator', at: 'operator: Equals' },
  // ValidateNetworkPolicySpec: podSelector, policyTypes
  { id: 'pod-selector-label', bad: edit(NP, ['      app: web', '      app: -web']),
    message: 'spec.podSelector.matchLabels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')', path: 'spec.podSelector.matchLabels.app', at: 'app: -web' },
  { id: 'policy-type', bad: edit(NP, ['    - Egress', '    - egress']),
    message: 'spec.policyTypes[1]: Unsupported value: "egress": supported values: "Ingress", "Egress"', path: 'spec.policyTypes[1]', at: '- egress' },
  { id: 'policy-types-many', bad: edit(NP, ['    - Egress\n', '    - Egress\n    - Ingress\n']),
    message: 'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes', path: 'spec.policyTypes', at: 'policyTypes:' },
];

describe('NetworkPolicy (stage validation): a rejected case per rule family, and the accepted manifest', () => {
  it('accepts the manifest every case breaks (port range, named port, ipBlock with except, selectors)', () => {
    expect(findingsOf(NP).filter((f) => f.severity !== 'info')).toEqual([]);
  });
  for (const c of cases) {
    it(`${c.id}: rejected`, () => {
      const fs = findingsOf(c.bad);
      const f = fs.find((x) => x.message === c.message);
      expect(f, JSON.stringify(fs.map((x) => `${x.stage}: ${x.message}`), null, 1)).toBeDefined();
      expect(f!.stage).toBe('validation');
      expect(f!.severity).toBe('error');
      expect(f!.path).toBe(c.path);
      expect(f!.line).toBe(lineOf(c.bad, c.at, c.after));
    });
  }
  it('accepts IPv6 blocks, SCTP, a quoted-free port range at the limits', () => {
    const v6 = edit(NP, ['cidr: 10.0.0.0/16', 'cidr: "2001:db8::/48"'], ['- 10.0.5.0/24', '- "2001:db8:0:5::/64"'], ['protocol: TCP', 'protocol: SCTP'], ['port: 8080', 'port: 1'], ['endPort: 8090', 'endPort: 65535']);
    expect(findingsOf(v6).filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('parseCidr (net.ParseCIDR, sloppy about IPv4 leading zeros)', () => {
  it('reads IPv4 and IPv6 networks and refuses what Go refuses', () => {
    expect(parseCidr('10.0.0.7/8')).toEqual({ bits: 32, net: 10n << 24n, len: 8 });
    expect(parseCidr('010.000.000.000/8')?.net).toBe(10n << 24n);
    expect(parseCidr('::/0')).toEqual({ bits: 128, net: 0n, len: 0 });
    expect(parseCidr('::ffff:10.0.0.0/104')?.bits).toBe(128);
    expect(parseCidr('2001:db8::1/128')?.net).toBe((0x20010db8n << 96n) | 1n);
    for (const bad of ['10.0.0.0', '10.0.0/8', '256.0.0.0/8', '10.0.0.0/-1', '10.0.0.0/', '2001:db8:::/48', '1:2:3:4:5:6:7:8:9/64', '1:2:3:4:5:6:7:8::/64', 'fe80::1%eth0/64', 'x/8'])
      expect(parseCidr(bad), bad).toBeUndefined();
  });
});
