// Secure: a payments cluster where every connection is encrypted and authenticated and
// every principal holds only the ACLs it needs, with Schema Registry and Connect wired.
//
// What it gives you, without one password or key in the manifests:
// - TLS from cert-manager (a prerequisite): a CA of the cluster's own in the namespace,
//   one certificate for the nodes naming every address clients use, one per user;
// - clients authenticate with SCRAM-SHA-512 (apps inside), mutual TLS (services that
//   already carry certificates) or SCRAM over TLS from outside, through a load balancer;
//   brokers and controllers authenticate each other with mutual TLS;
// - StandardAuthorizer: Schema Registry, Connect and the orders service each get their own
//   user with least-privilege ACLs; passwords are made inside the Kubernetes cluster by a
//   Job (once, never overwritten) and stay in Secrets;
// - NetworkPolicies: each listener admits the clients named here and the wired
//   components; the metrics port only Prometheus; the cluster's pods may only connect to
//   each other and DNS (egress);
// - the REST APIs of Schema Registry and Connect serve HTTPS only (certificates from the
//   clients' CA, restarted onto each renewal) and authenticate every caller with HTTP
//   basic: Connect calls the registry as its own caller, the connector Jobs as `admin`,
//   the orders service and the platform tools with the callers added here.
//
// Apps read their credentials from the Secrets `kafka.addUser(...)` names
// (`events-user-orders`: username, password, sasl.jaas.config) and trust the cluster's
// CA from their certificate Secret (`events-user-orders-tls`: ca.crt). A REST caller's
// Secret (`schemas-rest-orders`: username, password, user-info) holds what a Schema
// Registry client sets as basic.auth.user.info; the same ca.crt verifies the registry.
//
// In your own app, import from 'cdk8s-kafka' instead of '../../src'.
import { App, Chart, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Acl, AclOperation, AclPatternType, CertificateAuthority, ClientPeer, Connect, ConfluentVersion, ExternalAccess,
  KafkaCluster, Listener, ListenerAuthentication, RestAuthentication, SchemaRegistry, Storage,
} from '../../src';

export class SecureChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'payments' });

    const kafka = new KafkaCluster(this, 'events', {
      version: ConfluentVersion.V8_0,
      // The default, written out: a root of this cluster's own. Use
      // CertificateAuthority.issuer('company-ca') to chain to your PKI instead.
      certificateAuthority: CertificateAuthority.selfSigned(),
      brokers: { replicas: 3, storage: Storage.persistent({ size: Size.gibibytes(200) }) },
      listeners: [
        // First internal listener: the wired components use it. SCRAM-SHA-512 over TLS
        // (both defaults), open to the pods of namespaces labelled for it.
        Listener.internal({
          name: 'client',
          port: 9092,
          peers: [ClientPeer.namespaces({ namespaceLabels: { 'kafka.example.com/payments-events': 'client' } })],
        }),
        // Services with certificates of their own (from this cluster's issuer): the
        // principal is the certificate's common name.
        Listener.internal({
          name: 'mtls',
          port: 9095,
          authentication: ListenerAuthentication.mutualTls(),
          peers: [ClientPeer.namespace('ledger')],
        }),
        // Partners outside the Kubernetes cluster, from their network only. TLS cannot be
        // turned off on an external listener.
        Listener.external({
          name: 'partners',
          port: 9096,
          access: ExternalAccess.loadBalancer({
            hostPattern: 'broker-{id}.payments.example.com',
            bootstrapHost: 'bootstrap.payments.example.com',
            annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
          }),
          peers: [ClientPeer.ipBlock('203.0.113.0/24')],
        }),
      ],
      metricsPeers: [ClientPeer.namespace('monitoring')],
      // Egress too: nodes reach only each other and DNS; the helper Jobs only what they use.
      egressPolicy: true,
      // Access removed from code is removed from the cluster: a user's SCRAM credentials,
      // ACLs and quota keys the access Job made. Topics stay when their addTopic goes
      // (they hold data); set topics: true too once reviews catch removed topics.
      prune: { users: true, acls: true, quotas: true },
    });

    // The application's topic, created and kept by the cluster's topics Job (which
    // connects as the cluster, with the nodes' certificate).
    kafka.addTopic('orders.events', { partitions: 12, minInSyncReplicas: 2, retention: Duration.days(14) });

    // An application's user: it writes and reads the orders.* topics with its own group.
    kafka.addUser('orders', {
      acls: [
        Acl.topic('orders.', [AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE], AclPatternType.PREFIXED),
        Acl.group('orders-', [AclOperation.READ], AclPatternType.PREFIXED),
      ],
      // Slowed down (never refused) past these rates, per broker.
      quotas: { producerByteRate: Size.mebibytes(10), consumerByteRate: Size.mebibytes(20) },
    });

    // Wired components: each gets its own user, ACLs, trust and NetworkPolicy path.
    const schemas = new SchemaRegistry(this, 'schemas', {
      kafka,
      peers: [ClientPeer.namespaces({ namespaceLabels: { 'kafka.example.com/payments-events': 'client' } })],
      // The registry only talks to the brokers, its own instances and DNS (its Jobs to the
      // API server and DNS).
      egressPolicy: true,
      // The defaults with a TLS cluster, written out: HTTPS only, every caller with its
      // own password.
      restTls: true,
      restAuthentication: RestAuthentication.basic(),
    });
    // The orders service registers and reads its schemas as its own caller.
    schemas.addCaller('orders');
    const connect = new Connect(this, 'connect', {
      kafka,
      schemaRegistry: schemas,
      replicas: 2,
      // The platform team's tooling manages connectors through the REST API, from its
      // namespace only and with its own credentials (below).
      peers: [ClientPeer.namespace('platform-tools')],
      // The workers reach the brokers, the registry and each other, and the payments
      // database network the CDC source reads; nothing else.
      egressPolicy: true,
      egressPeers: [ClientPeer.ipBlock('10.40.0.0/16')],
    });
    // Sink connectors' `topics` are granted to the workers' user when they are added with
    // addConnector; the topics source connectors write are granted here (a CDC source
    // installed with `plugins` would write payments.cdc.*).
    connect.user.addAcl(Acl.topic('payments.cdc.', [AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.WRITE], AclPatternType.PREFIXED));
    // The tools' credentials: the Secret connect-rest-platform-tools, made in the cluster.
    // The tools' namespace gets it by whatever copies Secrets there (External Secrets,
    // a sealed copy): the library writes it in this namespace only.
    connect.addCaller('platform-tools');
  }
}

/** Adds the example's charts to `app` (used by `npm run examples` and the tests). */
export function build(app: App): void {
  new SecureChart(app, 'secure');
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
