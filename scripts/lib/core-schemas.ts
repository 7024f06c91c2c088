// Hand-written JSON Schemas (swagger-definition style) for the core Kubernetes kinds the labs
// create, taken from the Kubernetes API reference (core/v1 Secret, ConfigMap, Service, Namespace).
// Only the fields a trainee writes; `status` is accepted as an object. gen-schemas merges these
// into the generated definitions so they get additionalProperties:false like the KubeVirt ones.
type Schema = Record<string, unknown>;

const str = { type: 'string' };
const strMap = { type: 'object', additionalProperties: { type: 'string' } };
const meta = { $ref: '#/definitions/k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
const head = { apiVersion: str, kind: str, metadata: meta };

export const coreDefinitions: Record<string, Schema> = {
  'core.v1.Secret': {
    description: 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
    type: 'object',
    properties: {
      ...head,
      data: { description: 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string.', ...strMap },
      stringData: { description: 'stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write.', ...strMap },
      type: { description: 'Used to facilitate programmatic handling of secret data.', type: 'string' },
      immutable: { description: 'Immutable, if set to true, ensures that data stored in the Secret cannot be updated.', type: 'boolean' },
    },
  },
  'core.v1.ConfigMap': {
    description: 'ConfigMap holds configuration data for pods to consume.',
    type: 'object',
    properties: {
      ...head,
      data: { description: 'Data contains the configuration data.', ...strMap },
      binaryData: { description: 'BinaryData contains the binary data (base64).', ...strMap },
      immutable: { description: 'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.', type: 'boolean' },
    },
  },
  'core.v1.Namespace': {
    description: 'Namespace provides a scope for Names.',
    type: 'object',
    properties: { ...head, spec: { type: 'object', properties: { finalizers: { type: 'array', items: str } } }, status: { type: 'object' } },
  },
  'core.v1.ServicePort': {
    description: 'ServicePort contains information on service\'s port.',
    type: 'object',
    required: ['port'],
    properties: {
      name: { description: 'The name of this port within the service. This must be a DNS_LABEL.', type: 'string' },
      protocol: { description: 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.', type: 'string', enum: ['SCTP', 'TCP', 'UDP'] },
      appProtocol: { type: 'string' },
      port: { description: 'The port that will be exposed by this service.', type: 'integer' },
      targetPort: { description: 'Number or name of the port to access on the pods targeted by the service.', type: ['string', 'integer'] },
      nodePort: { description: 'The port on each node on which this service is exposed when type is NodePort or LoadBalancer.', type: 'integer' },
    },
  },
  'core.v1.ServiceSpec': {
    description: 'ServiceSpec describes the attributes that a user creates on a service.',
    type: 'object',
    properties: {
      ports: { description: 'The list of ports that are exposed by this service.', type: 'array', items: { $ref: '#/definitions/core.v1.ServicePort' } },
      selector: { description: 'Route service traffic to pods with label keys and values matching this selector.', ...strMap },
      type: { description: 'type determines how the Service is exposed. Defaults to ClusterIP.', type: 'string', enum: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] },
      clusterIP: str,
      clusterIPs: { type: 'array', items: str },
      externalIPs: { type: 'array', items: str },
      externalName: str,
      externalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'] },
      internalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'] },
      ipFamilies: { type: 'array', items: str },
      ipFamilyPolicy: str,
      loadBalancerIP: str,
      loadBalancerSourceRanges: { type: 'array', items: str },
      publishNotReadyAddresses: { type: 'boolean' },
      sessionAffinity: { type: 'string', enum: ['ClientIP', 'None'] },
      sessionAffinityConfig: { type: 'object', additionalProperties: true },
      healthCheckNodePort: { type: 'integer' },
      allocateLoadBalancerNodePorts: { type: 'boolean' },
      loadBalancerClass: str,
      trafficDistribution: str,
    },
  },
  'core.v1.Service': {
    description: 'Service is a named abstraction of software service (for example, mysql) consisting of local port that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    type: 'object',
    properties: { ...head, spec: { $ref: '#/definitions/core.v1.ServiceSpec' }, status: { type: 'object', additionalProperties: true } },
  },
};
