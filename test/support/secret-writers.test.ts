import { mutated, restrictedPodSpec, tlsKafkaSet } from './fixtures';
import { CREATES_SECRETS_ANNOTATION, parseCreatesSecrets } from './secret-writers';
import { findProblems } from './validate';

const JOB = 'batch/v1 Job events/events-credentials';
const ANNOTATION_PATH = 'metadata.annotations["cdk8s-kafka/creates-secrets"]';

/** A Job that creates credential Secrets in-cluster and declares them. */
function credentialsJob(secrets: string): any {
  const pod = restrictedPodSpec();
  pod.restartPolicy = 'OnFailure';
  pod.serviceAccountName = 'kafka';
  pod.containers[0].name = 'generate';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'events-credentials', namespace: 'events', annotations: { [CREATES_SECRETS_ANNOTATION]: secrets } },
    spec: { backoffLimit: 3, template: { spec: pod } },
  };
}

/** The TLS set whose broker reads its password from a Secret only the Job creates. */
function withJobSecret(secrets: string): any[] {
  const objects = mutated(tlsKafkaSet(), 'StatefulSet', 'kafka', (s) => {
    s.spec.template.spec.containers[0].env.push({ name: 'KAFKA_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'kafka-admin', key: 'password' } } });
  });
  return [...objects, credentialsJob(secrets)];
}

describe('a Job declaring cdk8s-kafka/creates-secrets provides those Secrets', () => {
  test('a pod referencing one passes (any key: the Job does not declare keys)', () => {
    expect(findProblems(withJobSecret('kafka-admin, kafka-client'))).toEqual([]);
  });

  test('a Secret it does not list is still missing', () => {
    expect(findProblems(withJobSecret('kafka-client'))).toEqual([{
      object: 'apps/v1 StatefulSet events/kafka',
      path: 'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.name',
      message: 'Secret "kafka-admin" is not in the synth (namespace "events") and not declared in options.external.secrets',
    }]);
  });

  test('only in the Job\'s namespace', () => {
    const objects = mutated(withJobSecret('kafka-admin'), 'Job', 'events-credentials', (job) => { job.metadata.namespace = 'other'; });
    expect(findProblems(objects)).toContainEqual(expect.objectContaining({
      path: 'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.name',
      message: expect.stringMatching(/^Secret "kafka-admin" is not in the synth \(namespace "events"\)/),
    }));
  });

  test('a Job-created Secret can hold a Certificate\'s keystore password', () => {
    const objects = mutated(withJobSecret('kafka-admin,events-kafka-keystore'), 'Certificate', 'events-kafka-tls', (c) => {
      c.spec.keystores = { pkcs12: { create: true, passwordSecretRef: { name: 'events-kafka-keystore', key: 'password' } } };
    });
    expect(findProblems(objects)).toEqual([]);
  });

  test('a malformed list is reported', () => {
    expect(findProblems(withJobSecret('kafka-admin,,Kafka_Client,kafka-admin')).filter((p) => p.object === JOB)).toEqual([
      { object: JOB, path: ANNOTATION_PATH, message: 'entry 1 is empty: the value must be a comma-separated list of Secret names, got "kafka-admin,,Kafka_Client,kafka-admin"' },
      { object: JOB, path: ANNOTATION_PATH, message: expect.stringMatching(/^invalid Secret name "Kafka_Client": must be a lowercase RFC 1123 subdomain/) },
      { object: JOB, path: ANNOTATION_PATH, message: 'Secret "kafka-admin" is listed twice' },
    ]);
  });

  test('on anything but a Job the annotation declares nothing, and says so', () => {
    const objects = mutated(tlsKafkaSet(), 'StatefulSet', 'kafka', (s) => { s.metadata.annotations = { [CREATES_SECRETS_ANNOTATION]: 'kafka-admin' }; });
    expect(findProblems(objects)).toEqual([{
      object: 'apps/v1 StatefulSet events/kafka',
      path: ANNOTATION_PATH,
      message: 'only a batch/v1 Job declares the Secrets it creates; on a StatefulSet the annotation has no effect',
    }]);
  });

  test('parseCreatesSecrets trims names', () => {
    expect(parseCreatesSecrets(' a , b.c ')).toEqual({ names: ['a', 'b.c'], issues: [] });
  });
});

describe('a Secret has one writer', () => {
  test('a Job creating a Secret a Certificate writes', () => {
    expect(findProblems(withJobSecret('kafka-admin,events-kafka-tls'))).toEqual([{
      object: JOB,
      path: ANNOTATION_PATH,
      message: 'Secret "events-kafka-tls" is also written by cert-manager.io/v1 Certificate events/events-kafka-tls (spec.secretName); two writers overwrite each other',
    }]);
  });

  test('a Secret object with the name of a Certificate\'s Secret', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'events-ca', namespace: 'events' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' } };
    expect(findProblems([secret, ...tlsKafkaSet()])).toEqual([{
      object: 'cert-manager.io/v1 Certificate events/events-ca',
      path: 'spec.secretName',
      message: 'Secret "events-ca" is also written by v1 Secret events/events-ca; two writers overwrite each other',
    }]);
  });

  test('two Certificates with one secretName', () => {
    const objects = mutated(tlsKafkaSet(), 'Certificate', 'events-kafka-tls', (c) => { c.spec.secretName = 'events-ca'; });
    expect(findProblems(objects)).toContainEqual({
      object: 'cert-manager.io/v1 Certificate events/events-kafka-tls',
      path: 'spec.secretName',
      message: 'Secret "events-ca" is also written by cert-manager.io/v1 Certificate events/events-ca (spec.secretName); two writers overwrite each other',
    });
  });
});
