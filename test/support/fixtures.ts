import { find } from './objects';

/**
 * Minimal, fully valid manifests for the harness's own tests: a StatefulSet
 * with its headless Service, config, secret, service account, disruption
 * budget and network policy. Every test mutates a fresh copy and expects
 * exactly the problems the mutation introduces.
 */

const APP = { 'app.kubernetes.io/name': 'kafka' };

export function kafkaStatefulSet(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'kafka', labels: { ...APP } },
    spec: {
      serviceName: 'kafka-headless',
      replicas: 3,
      selector: { matchLabels: { ...APP } },
      template: {
        metadata: { labels: { ...APP, 'app.kubernetes.io/component': 'broker' } },
        spec: {
          serviceAccountName: 'kafka',
          containers: [{
            name: 'kafka',
            image: 'confluentinc/cp-kafka:7.9.0',
            ports: [{ name: 'client', containerPort: 9092 }, { name: 'controller', containerPort: 9093 }],
            envFrom: [{ configMapRef: { name: 'kafka-env' } }],
            env: [{ name: 'KAFKA_PASSWORD', valueFrom: { secretKeyRef: { name: 'kafka-secret', key: 'password' } } }],
            volumeMounts: [{ name: 'data', mountPath: '/var/lib/kafka/data' }, { name: 'config', mountPath: '/etc/kafka' }],
            readinessProbe: { tcpSocket: { port: 'client' } },
            resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
          }],
          volumes: [{ name: 'config', configMap: { name: 'kafka-config', items: [{ key: 'server.properties', path: 'server.properties' }] } }],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      }],
    },
  };
}

export function kafkaHeadlessService(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kafka-headless', labels: { ...APP } },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { ...APP },
      ports: [
        { name: 'client', port: 9092, targetPort: 'client' },
        { name: 'controller', port: 9093, targetPort: 9093 },
      ],
    },
  };
}

export function kafkaSet(): any[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kafka' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kafka-config' }, data: { 'server.properties': 'num.partitions=3\n' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kafka-env' }, data: { KAFKA_HEAP_OPTS: '-Xmx1g' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'kafka-secret' }, type: 'Opaque', data: { password: 'c2VjcmV0' } },
    kafkaHeadlessService(),
    kafkaStatefulSet(),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'kafka' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { ...APP } } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'kafka' },
      spec: {
        podSelector: { matchLabels: { ...APP } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { ...APP } } }], ports: [{ port: 9093 }] }],
      },
    },
  ];
}

/** A fresh copy of `objects` with `change` applied to the one of this kind and name. */
export function mutated(objects: readonly unknown[], kind: string, name: string, change: (o: any) => void): any[] {
  const copy = structuredClone(objects) as any[];
  change(find(copy, kind, name));
  return copy;
}

/** A restricted-compliant pod spec (PSS restricted plus the read-only-root house rule). */
export function restrictedPodSpec(): any {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'kafka',
      image: 'confluentinc/cp-kafka:7.9.0',
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    }],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
  };
}

/** A fresh copy of `objects`, each placed in `namespace`. */
export function inNamespace(objects: readonly unknown[], namespace: string): any[] {
  const copy = structuredClone(objects) as any[];
  copy.forEach((o) => { o.metadata.namespace = namespace; });
  return copy;
}

const CERT_MANAGER = 'cert-manager.io/v1';

/** The leaf Certificate's usages: a Kafka broker is a TLS server and a client of the other brokers. */
export const KAFKA_TLS_USAGES = ['server auth', 'client auth', 'digital signature', 'key encipherment'];

/**
 * A namespaced cert-manager bootstrap, in the order it works in: a
 * self-signed Issuer signs the CA Certificate (Secret `events-ca`), a CA
 * Issuer signs with that Secret, and the brokers' leaf Certificate (Secret
 * `events-kafka-tls`) comes from the CA Issuer.
 */
export function certManagerBootstrap(): any[] {
  const namespace = 'events';
  return [
    { apiVersion: CERT_MANAGER, kind: 'Issuer', metadata: { name: 'events-selfsigned', namespace }, spec: { selfSigned: {} } },
    {
      apiVersion: CERT_MANAGER,
      kind: 'Certificate',
      metadata: { name: 'events-ca', namespace },
      spec: {
        isCA: true,
        commonName: 'events-ca',
        secretName: 'events-ca',
        duration: '87600h',
        renewBefore: '720h0m0s',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'events-selfsigned' },
      },
    },
    { apiVersion: CERT_MANAGER, kind: 'Issuer', metadata: { name: 'events-ca', namespace }, spec: { ca: { secretName: 'events-ca' } } },
    {
      apiVersion: CERT_MANAGER,
      kind: 'Certificate',
      metadata: { name: 'events-kafka-tls', namespace },
      spec: {
        secretName: 'events-kafka-tls',
        issuerRef: { kind: 'Issuer', name: 'events-ca' },
        commonName: 'kafka.events.svc',
        dnsNames: ['kafka.events.svc', 'kafka-headless.events.svc.cluster.local', '*.kafka-headless.events.svc.cluster.local'],
        duration: '8760h',
        renewBefore: '720h',
        privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
        usages: [...KAFKA_TLS_USAGES],
      },
    },
  ];
}

/** The bootstrap plus the Kafka set in the same namespace, its StatefulSet mounting `events-kafka-tls`. */
export function tlsKafkaSet(): any[] {
  const objects = [...certManagerBootstrap(), ...inNamespace(kafkaSet(), 'events')];
  return mutated(objects, 'StatefulSet', 'kafka', (sts) => {
    const pod = sts.spec.template.spec;
    pod.volumes.push({
      name: 'tls',
      secret: { secretName: 'events-kafka-tls', items: ['tls.crt', 'tls.key', 'ca.crt'].map((key) => ({ key, path: key })) },
    });
    pod.containers[0].volumeMounts.push({ name: 'tls', mountPath: '/etc/kafka/tls', readOnly: true });
  });
}
