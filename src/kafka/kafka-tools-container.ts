import { k8s } from 'cdk8s-plus-27';
import { ResolvedCluster } from './cluster-model';
import { ConfluentComponent } from '../core/component';
import { restrictedContainerSecurityContext, writableLayoutEnv, writableVolumes } from '../core/pod-security';
import { mergeEnv, ScriptFile, scriptEnv, ShellScript } from '../core/script-file';

/** The admin Jobs' shared functions (`kafka_tool`, `wait_for_brokers`; kafka-admin.sh). */
export const KAFKA_ADMIN = ScriptFile.at(__dirname, 'kafka-admin.sh');

/**
 * A container of the cluster's own image that runs the Kafka tools for one of the
 * cluster's Jobs (the access Job, the roll's check): restricted, with the writable
 * paths the image needs, sized for one tool JVM at a time (256 MiB of heap, and the
 * JVM's own memory on top).
 */
export function kafkaToolsContainer(m: Pick<ResolvedCluster, 'image' | 'imagePullPolicy'>, name: string, script: ShellScript, mounts: k8s.VolumeMount[]): k8s.Container {
  return {
    name,
    image: m.image,
    imagePullPolicy: m.imagePullPolicy,
    command: script.command,
    env: mergeEnv(writableLayoutEnv(ConfluentComponent.KAFKA), script.env),
    resources: { requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('384Mi') }, limits: { memory: k8s.Quantity.fromString('512Mi') } },
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [...writableVolumes(ConfluentComponent.KAFKA).map(w => w.mount), ...mounts],
  };
}

/** The volumes of the writable paths a `kafkaToolsContainer` mounts. */
export function kafkaToolsVolumes(): k8s.Volume[] {
  return writableVolumes(ConfluentComponent.KAFKA).map(w => w.volume);
}

/** Where an admin Job finds the brokers (kafka-admin.sh). */
export interface KafkaAdminTarget {
  /** `host:port,...` of the brokers' replication listener. */
  readonly bootstrap: string;
  /** Client settings file (written by the TLS setup; paths only). */
  readonly clientConfigFile: string;
}

/** The environment of kafka-admin.sh's `kafka_tool`. */
export function kafkaAdminEnv(target: KafkaAdminTarget): k8s.EnvVar[] {
  return scriptEnv({ CDK8S_BOOTSTRAP: target.bootstrap, CDK8S_CLIENT_CONFIG: target.clientConfigFile });
}
