import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { renderApplyScript } from './connector-job-script';
import { ConnectorSecret, connectorSecret, secretReference } from './connector-secret';
import { Acl, AclOperation } from '../access/acl';
import { RestCallerSecrets } from '../access/rest-caller';
import { CURL_USER } from '../core/curl-image';
import { ErrorScope, raise } from '../core/errors';
import { Expect, INT32_MAX } from '../core/input-shape';
import { jobSpecHash } from '../core/job-spec-hash';
import { fitName, normalize } from '../core/naming';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/pod-security';
import { configKey, isTopicName } from '../core/prop-shapes';
import { sortedByKey } from '../core/stable-order';
import { KAFKA_TOPIC, KafkaTopic } from '../topics/kafka-topic';

/** A connector of a Connect cluster. */
export interface ConnectorOptions {
  /** Fully qualified connector class, e.g. `io.confluent.connect.jdbc.JdbcSinkConnector`. */
  readonly connectorClass: string;
  /**
   * Connector configuration (without `name` and `connector.class`). Values that look
   * like credentials (keys ending in password, secret, token, credentials...) are
   * refused here: put them in `secrets`.
   *
   * @default - none
   */
  readonly config?: { [key: string]: string };
  /**
   * Settings whose values come from Kubernetes Secrets, resolved on the workers by
   * Kafka's DirectoryConfigProvider: the values never appear in a manifest.
   *
   * @default - none
   */
  readonly secrets?: { [key: string]: ConnectorSecret };
  /**
   * Topics a sink connector reads, declared with `kafka.addTopic`: written into its
   * `topics` config (which `config` must then not set) and granted to the workers'
   * user like a `topics` list.
   *
   * @default - none: the connector's `config` names its topics, if any
   */
  readonly topics?: KafkaTopic[];
  /**
   * Maximum number of tasks.
   *
   * @default 1 — Connect's default; raise it for connectors that can split work
   */
  readonly tasksMax?: number;
}

const CONNECTOR_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/;

/** The runtime form of ConnectorOptions (src/core/input-shape.ts). */
export const CONNECTOR_OPTIONS = Expect.struct('ConnectorOptions', {
  connectorClass: Expect.required(Expect.text({ maxLength: 512, expected: 'a fully qualified Java class name', example: '"io.confluent.connect.jdbc.JdbcSinkConnector"', pattern: CLASS_NAME })),
  // The config travels as JSON, so line breaks in a value (a JDBC query) are safe.
  config: Expect.map(Expect.text({ minLength: 0, maxLength: 65536, multiline: true, expected: 'a string', example: '"orders"' }), { key: configKey, maxEntries: 1000 }),
  secrets: Expect.map(connectorSecret, { key: configKey, maxEntries: 100 }),
  topics: Expect.list(KAFKA_TOPIC, { minLength: 1, maxLength: 1000 }),
  // tasks.max is an int in Connect's connector config.
  tasksMax: Expect.integer(1, INT32_MAX, 1),
});

/** A connector name: part of a URL and of a Job name. */
export const CONNECTOR_NAME_SHAPE = Expect.text({ maxLength: 100, expected: 'a connector name (letters, digits, ".", "_" and "-", at most 100)', example: '"orders-sink"', pattern: CONNECTOR_NAME });

/** A connector after checks, as the workers and the apply Job need it. */
export interface ResolvedConnector {
  readonly name: string;
  /** The JSON body of `PUT /connectors/<name>/config`, keys sorted. */
  readonly json: string;
  /** Secrets the workers must mount. */
  readonly secrets: readonly ConnectorSecret[];
  /** First 10 hex digits of the config's SHA-256: names the apply Job. */
  readonly hash: string;
}

// Keys whose values are credentials by their name, as Connect's own password-type
// settings are named (connection.password, sasl.jaas.config, aws.secret.access.key...).
const CREDENTIAL_KEY = /(password|passwd|secret|token|credentials?|jaas\.config|private\.key|api\.key|access\.key)$/i;
const CONFIG_REFERENCE = /^\$\{[a-z]+:[^}]+\}$/;
const MAX_CONFIG_BYTES = 512 * 1024;

/**
 * Checks a connector's settings against each other and the library's rules (keys it sets,
 * credentials in plain text, topic names, size) and renders its config. Pure. The types
 * and grammar of `name` and `options` are CONNECTOR_NAME_SHAPE's and CONNECTOR_OPTIONS',
 * checked by `Connect.addConnector` first.
 */
export function resolveConnector(scope: ErrorScope, name: string, options: ConnectorOptions): ResolvedConnector {
  const tasksMax = options.tasksMax ?? 1;

  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.config ?? {})) {
    const at = `config['${key}']`;
    if (key === 'name' || key === 'connector.class' || key === 'tasks.max') {
      raise(scope, at, value, `${key} is set from the connector's ${key === 'name' ? 'name' : key === 'tasks.max' ? 'tasksMax' : 'connectorClass'}`, 'Remove it from config');
    }
    if (CREDENTIAL_KEY.test(key) && value !== '' && !CONFIG_REFERENCE.test(value)) {
      raise(scope, at, '(hidden)', 'it looks like a credential in plain text, which would be stored in a ConfigMap and in Git',
        `Move it to secrets: { '${key}': ConnectorSecret.fromSecret(Secret.fromSecretName(scope, id, '<secret name>'), '<key>') }`);
    }
    config[key] = value;
  }
  if (options.topics !== undefined) {
    if (config.topics !== undefined) {
      raise(scope, "config['topics']", config.topics, 'the connector\'s topics option sets it', 'Keep the topics in one of config and topics');
    }
    if (config['topics.regex'] !== undefined) {
      raise(scope, "config['topics.regex']", config['topics.regex'], 'a sink reads either the topics listed or those a pattern matches, and the topics option lists them (Connect refuses both)',
        'Remove topics.regex, or the topics option');
    }
    config.topics = options.topics.map(t => t.name).join(',');
  }
  // The workers' user is granted these topics by name: a bad one is the config's fault.
  // MirrorMaker's topics are patterns over another cluster's topics (Connect.addMirror).
  for (const key of isMirrorConnector(options.connectorClass) ? ['errors.deadletterqueue.topic.name'] : ['topics', 'errors.deadletterqueue.topic.name']) {
    for (const topic of (config[key] ?? '').split(',').map(t => t.trim()).filter(t => t.length > 0)) {
      if (!isTopicName(topic)) {
        raise(scope, `config['${key}']`, topic, 'it is not a Kafka topic name (1 to 249 characters from [a-zA-Z0-9._-], not "." or "..")',
          key === 'topics' ? 'List the topics the connector reads, separated by commas; use topics.regex for a pattern' : 'Name the dead-letter topic');
      }
    }
  }
  const secrets: ConnectorSecret[] = [];
  for (const [key, secret] of Object.entries(options.secrets ?? {})) {
    const at = `secrets['${key}']`;
    if (Object.prototype.hasOwnProperty.call(config, key)) raise(scope, at, key, 'the same setting is also in config', 'Keep it in one of config and secrets');
    config[key] = secretReference(secret);
    if (!secrets.some(s => s.secretName === secret.secretName)) secrets.push(secret);
  }
  const body: Record<string, string> = { 'connector.class': options.connectorClass, 'tasks.max': String(tasksMax), ...config };
  const json = JSON.stringify(sortedByKey(body));
  // The config is stored in a ConfigMap, which holds at most 1 MiB.
  if (Buffer.byteLength(json) > MAX_CONFIG_BYTES) {
    raise(scope, 'config', `${Buffer.byteLength(json)} bytes`, 'the connector config is stored in a ConfigMap, which holds at most 1 MiB',
      `Keep it under ${MAX_CONFIG_BYTES / 1024} KiB; large data belongs in the connector's own files`);
  }
  return { name, json, secrets, hash: createHash('sha256').update(name).update(json).digest('hex').slice(0, 10) };
}

/**
 * What the workers' user needs for a connector: a sink reads the topics its `topics`
 * config lists; a dead-letter queue is written (and created). Other topics (sources,
 * `topics.regex`) are granted by the user.
 */
export function connectorTopicAcls(config: Readonly<Record<string, string>>): Acl[] {
  const topics = isMirrorConnector(config['connector.class'] ?? '') ? '' : config.topics ?? '';
  const acls = topics.split(',').map(t => t.trim()).filter(t => t.length > 0)
    .map(topic => Acl.topic(topic, [AclOperation.DESCRIBE, AclOperation.READ]));
  const dlq = config['errors.deadletterqueue.topic.name'];
  if (dlq !== undefined && dlq.trim() !== '') acls.push(Acl.topic(dlq.trim(), [AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.WRITE]));
  return acls;
}

/**
 * Whether a connector class is one of Kafka's MirrorMaker 2 connectors, whose `topics`
 * are regular expressions over the source cluster's topics, not topics it reads here.
 */
export function isMirrorConnector(connectorClass: string): boolean {
  return connectorClass.startsWith('org.apache.kafka.connect.mirror.Mirror');
}

/** What a connector's objects are built from (internal: created by Connect). */
export interface ConnectorProps {
  readonly connector: ResolvedConnector;
  /** Base name of the Connect cluster's objects. */
  readonly connectName: string;
  /** Connect REST base URL. */
  readonly restUrl: string;
  readonly labels: Record<string, string>;
  /** Labels of the Job's pods (no version: they must not change with a release). */
  readonly podLabels: Record<string, string>;
  /** Image with curl (the apply Job). */
  readonly toolImage: string;
  readonly imagePullPolicy: string;
  /** ServiceAccount of the Job's pod (no token). */
  readonly serviceAccount: string;
  /** `ttlSecondsAfterFinished` of the Job. */
  readonly finishedJobTtlSeconds: number;
  /** What the Job presents to the REST API: the CA of its certificate, its credentials. */
  readonly caller: RestCallerSecrets;
}

/** Where the apply Job mounts the REST API's CA and its credentials. */
const CALLER_DIR = '/mnt/connect-rest';

/** Attempts of one apply pod, and seconds between them: ten minutes for Connect to come up. */
const APPLY_ATTEMPTS = 60;
const APPLY_RETRY_SECONDS = 10;

/** A connector declared on a Connect cluster. */
export interface IConnector extends IConstruct {
  /** Connector name in Connect. */
  readonly connectorName: string;
  /** Name of the Job that applies its config (changes with the config). */
  readonly jobName: string;
}

/**
 * A declarative connector: its config in a ConfigMap and a Job that applies it with
 * `PUT /connectors/<name>/config` when Connect does not have it already. The Job's name
 * carries a hash of the config, so a changed config is a new Job (and runs), while an
 * unchanged one is the same finished Job until Kubernetes deletes it (Connect's
 * `finishedJobTtl`); the next apply then runs it again, which brings back a connector
 * lost from Connect and changes nothing otherwise. Deleting a connector from the program
 * does not delete it from Connect: remove it with `DELETE /connectors/<name>`.
 */
export class Connector extends Construct implements IConnector {
  /** Connector name. */
  public readonly connectorName: string;
  /** Name of the apply Job. */
  public readonly jobName: string;
  /**
   * Name of the ConfigMap holding its config.
   *
   * @internal
   */
  public readonly _configMapName: string;

  constructor(scope: Construct, id: string, props: ConnectorProps) {
    super(scope, id);
    const c = props.connector;
    this.connectorName = c.name;
    const base = fitName(`${props.connectName}-${normalize(c.name)}`, 63 - 11);
    const configMap = `${base}-connector`;
    this._configMapName = configMap;
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: configMap, labels: props.labels },
      data: { 'connector.json': c.json },
    });
    const caller = props.caller;
    const script = renderApplyScript({
      restUrl: props.restUrl,
      connector: c.name,
      configFile: '/config/connector.json',
      retryDelaySeconds: APPLY_RETRY_SECONDS,
      attempts: APPLY_ATTEMPTS,
      caFile: caller.trust === undefined ? undefined : `${CALLER_DIR}/ca/ca.crt`,
      userInfoFile: caller.credentials === undefined ? undefined : `${CALLER_DIR}/credentials/user-info`,
    });
    const callerVolumes: k8s.Volume[] = [
      ...caller.trust === undefined ? [] : [{ name: 'rest-ca', secret: { secretName: caller.trust, items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 } }],
      ...caller.credentials === undefined ? [] : [{ name: 'rest-credentials', secret: { secretName: caller.credentials, items: [{ key: 'user-info', path: 'user-info' }], defaultMode: 0o440 } }],
    ];
    const callerMounts: k8s.VolumeMount[] = [
      ...caller.trust === undefined ? [] : [{ name: 'rest-ca', mountPath: `${CALLER_DIR}/ca`, readOnly: true }],
      ...caller.credentials === undefined ? [] : [{ name: 'rest-credentials', mountPath: `${CALLER_DIR}/credentials`, readOnly: true }],
    ];
    const spec: k8s.JobSpec = {
      backoffLimit: 3,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: props.finishedJobTtlSeconds,
      template: {
        // No version label: a Job's template is immutable, and the name below changes
        // whenever the template does.
        metadata: { labels: props.podLabels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: props.serviceAccount,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(CURL_USER),
          containers: [{
            name: 'apply',
            image: props.toolImage,
            imagePullPolicy: props.imagePullPolicy,
            command: script.command,
            env: script.env,
            resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
            securityContext: restrictedContainerSecurityContext(CURL_USER),
            volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }, ...callerMounts],
          }],
          volumes: [
            { name: 'config', configMap: { name: configMap } },
            { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('16Mi') } },
            ...callerVolumes,
          ],
        },
      },
    };
    // The name carries a hash of the connector config and of the whole Job spec: a Job
    // cannot be changed in place, so any change (config, tool image, URL) is a new Job.
    const hash = jobSpecHash(spec, c.hash);
    this.jobName = `${base}-${hash}`;
    new k8s.KubeJob(this, 'Apply', { metadata: { name: this.jobName, labels: props.labels }, spec });
  }
}
