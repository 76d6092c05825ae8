import { k8s } from 'cdk8s-plus-27';
import { restrictedContainerSecurityContext } from './pod-security';
import { scriptCommand, scriptEnv, ScriptFile, Shell } from './script-file';

// The init container that holds a component's new pods until every Kafka node runs the
// cluster's release (wait-for-kafka-version.sh), so a version change rolls the
// components after the brokers.

const WAIT = ScriptFile.at(__dirname, 'wait-for-kafka-version.sh');

/** Where the init container mounts the cluster's version ConfigMap. */
const VERSION_DIR = '/var/run/cdk8s-kafka/kafka-version';

/** Seconds between looks: kubelet refreshes a mounted ConfigMap about once a minute anyway. */
const POLL_SECONDS = 10;

/** What a component waits for. */
export interface KafkaVersionGate {
  /** The ConfigMap the cluster's roll Job writes (`version`). */
  readonly configMap: string;
  /** The release every node must run. */
  readonly version: string;
}

/** The init container and its volume. */
export function renderKafkaVersionGate(
  gate: KafkaVersionGate, image: string, imagePullPolicy: string,
): { container: k8s.Container; volume: k8s.Volume } {
  return {
    container: {
      name: 'wait-for-kafka',
      image,
      imagePullPolicy,
      command: scriptCommand(Shell.BASH, WAIT),
      env: scriptEnv({
        CDK8S_KAFKA_VERSION: gate.version,
        CDK8S_KAFKA_VERSION_FILE: `${VERSION_DIR}/version`,
        CDK8S_KAFKA_VERSION_CONFIGMAP: gate.configMap,
        CDK8S_KAFKA_VERSION_POLL_SECONDS: POLL_SECONDS,
      }),
      resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') }, limits: { memory: k8s.Quantity.fromString('32Mi') } },
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [{ name: 'kafka-version', mountPath: VERSION_DIR, readOnly: true }],
    },
    // Optional: a new cluster's roll Job writes it only once every node is up.
    volume: { name: 'kafka-version', configMap: { name: gate.configMap, optional: true } },
  };
}
