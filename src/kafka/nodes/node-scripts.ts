import { k8s } from 'cdk8s-plus-27';
import { METRICS_CONFIG_DIR, METRICS_CONFIG_FILE, METRICS_PORT } from './metrics-exporter';
import { TOOL_TIMEOUT_SECONDS, VOTER_FRESHNESS_MS } from './pre-stop-timing';
import { QUORUM_GUARD } from './quorum-guard';
import { envLines, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { METRICS_AGENT } from '../../observability/metrics-agent';
import { KEYSTORE_SETUP, NodeTlsFiles, PemKeystoreFiles, renderKeystoreSetup } from '../security/access-scripts';

// The scripts the node containers run, as .sh files next to this module, and the
// environment that parameterizes them. They use bash only (no curl: 8.1+ images build
// FROM cp-base-java, which has none, confluentinc/common-docker base-java/Dockerfile.ubi9).
// Everything here ends up on the Kafka container: the
// probes and the pre-stop hook see the container's environment.

const START = ScriptFile.at(__dirname, 'node-start.sh');
const CERTIFICATE_NAMES = ScriptFile.at(__dirname, 'certificate-names.sh');

/**
 * Seconds between a starting broker's looks at its mounted listeners' certificate, while
 * it waits for the certificate to name its external hosts: the kubelet refreshes a
 * mounted Secret about once a minute, so a look every 10 s starts the broker within
 * seconds of the refresh at the cost of one small file read.
 */
const CERTIFICATE_NAMES_POLL_SECONDS = 10;
const METRICS = ScriptFile.at(__dirname, 'node-metrics.sh');
const READY = ScriptFile.at(__dirname, 'node-ready.sh');
const STARTED = ScriptFile.at(__dirname, 'node-started.sh');
const PRE_STOP = ScriptFile.at(__dirname, 'node-pre-stop.sh');

/**
 * Whether stopping one node now is safe (`restart_blocked`, Strimzi's rules), with every
 * tool run bounded: shared by the pre-stop gate and the roll's check.
 */
export const RESTART_SAFETY = ScriptFile.at(__dirname, 'restart-safety.sh');

/** One listener in `advertised.listeners`, as the start script writes it. */
export interface AdvertisedEndpoint {
  /** Upper-case listener name. */
  readonly name: string;
  /** Host: `undefined` for the pod's own DNS name, or a pattern with `{id}`. */
  readonly hostPattern?: string;
  /** Port clients connect to. */
  readonly port: number;
  /** For node ports: the port of node 0 (broker `id` uses `nodePortBase + id`). */
  readonly nodePortBase?: number;
}

/** What the start wrapper needs to know. */
export interface StartScriptInput {
  /** Headless Service giving every pod its DNS name. */
  readonly headlessService: string;
  /** Cluster DNS domain. */
  readonly clusterDomain: string;
  /** Endpoints to advertise; empty on controller-only nodes, which must not advertise. */
  readonly advertised: readonly AdvertisedEndpoint[];
  /** TLS files, when the node has a certificate. */
  readonly tls?: NodeTlsFiles;
  /** The client listeners' certificate, on brokers with a TLS client listener. */
  readonly listenerTls?: PemKeystoreFiles;
  /** SASL/PLAIN listeners (upper-case names) whose user list the script builds. */
  readonly plainListeners?: readonly string[];
  /** Directory with one file per PLAIN user, holding its password. */
  readonly plainUsersDir?: string;
  /** The quorum guard's environment, on KRaft voters that keep their disks (quorum-guard.ts). */
  readonly quorumGuard?: k8s.EnvVar[];
  /** The flag pointing log4j at the library's file, with logging settings. */
  readonly log4jOpts?: string;
}

/** As a host in the scripts' environment (advertised listeners, bootstraps): the pod's own DNS name. */
export const POD_HOST = '{pod}';

/**
 * The container command (node-start.sh): derives this node's id from its pod name (the
 * StatefulSet ordinal) and the `NODE_ID_BASE`/`NODE_ID_STRIDE` of its StatefulSet, builds
 * its advertised listeners, attaches the metrics agent the probes read, then hands over
 * to the image's own entrypoint (`/etc/confluent/docker/run`'s steps), which turns the
 * `KAFKA_*` environment into `kafka.properties`, formats storage once and starts Kafka.
 */
export function renderStartScript(input: StartScriptInput): ShellScript {
  const plain = input.plainListeners ?? [];
  return {
    command: scriptCommand(Shell.BASH, METRICS_AGENT, KEYSTORE_SETUP, CERTIFICATE_NAMES, QUORUM_GUARD, START),
    env: [
      ...scriptEnv({
        ...podHostEnv(input),
        CDK8S_ADVERTISED: envLines(input.advertised.map(e => [e.name, e.hostPattern ?? POD_HOST, e.port, e.nodePortBase])),
        CDK8S_METRICS_PORT: METRICS_PORT,
        CDK8S_METRICS_CONFIG: `${METRICS_CONFIG_DIR}/${METRICS_CONFIG_FILE}`,
        CDK8S_LOG4J_OPTS: input.log4jOpts,
        CDK8S_PLAIN_LISTENERS: envLines(plain.map(l => [l])),
        CDK8S_PLAIN_USERS_DIR: plain.length > 0 ? input.plainUsersDir : undefined,
        CDK8S_CERTIFICATE_NAMES_POLL_SECONDS: input.listenerTls !== undefined && input.advertised.some(e => e.hostPattern !== undefined)
          ? CERTIFICATE_NAMES_POLL_SECONDS : undefined,
      }),
      ...(input.tls === undefined ? [] : renderKeystoreSetup(input.tls, input.listenerTls)),
      ...input.quorumGuard ?? [],
    ],
  };
}

/** What the scripts need to name the pod's own DNS name (`{pod}`). */
function podHostEnv(input: { readonly headlessService: string; readonly clusterDomain: string }): Record<string, string> {
  return { CDK8S_HEADLESS_SERVICE: input.headlessService, CDK8S_CLUSTER_DOMAIN: input.clusterDomain };
}

function rolesEnv(input: { readonly broker: boolean; readonly controller: boolean }): string {
  return [input.broker ? 'broker' : undefined, input.controller ? 'controller' : undefined].filter(r => r !== undefined).join(',');
}

/** What readiness checks, by role. */
export interface ReadinessInput {
  /** Check the broker side: state RUNNING and replica fetchers caught up. */
  readonly broker: boolean;
  /** Check the controller side: a voter (leader or follower) that knows the leader. */
  readonly controller: boolean;
  /** Largest replica fetcher lag, in records, still counted as caught up. */
  readonly maxFetcherLag: number;
  /** Metrics port (a parameter so tests can point the script at a fake endpoint). */
  readonly metricsPort?: number;
}

/**
 * The readiness check (node-ready.sh after node-metrics.sh): reads the node's own
 * metrics page and is Ready only when the node has caught up:
 * - broker: `BrokerState` is RUNNING (3: caught up with the metadata log and unfenced),
 *   and the replica fetchers' largest lag is at most `maxFetcherLag` records, so a
 *   restarted broker is not Ready while it is still copying what it missed;
 * - controller: the node is the quorum leader or a follower (not a candidate or
 *   unattached), and knows the leader.
 * It prints why it is not Ready (kubelet puts that in the pod's events).
 */
export function renderReadinessScript(input: ReadinessInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, METRICS, READY),
    env: scriptEnv({
      CDK8S_NODE_ROLES: rolesEnv(input),
      CDK8S_METRICS_PORT: input.metricsPort ?? METRICS_PORT,
      CDK8S_MAX_FETCHER_LAG: input.broker ? input.maxFetcherLag : undefined,
    }),
  };
}

/** What the started check looks for, by role. */
export interface StartedInput {
  readonly broker: boolean;
  readonly controller: boolean;
  readonly metricsPort?: number;
}

/**
 * The startup and liveness check (node-started.sh after node-metrics.sh): Kafka itself
 * runs and reports its state. The metrics agent also answers while the image formats
 * storage (a separate JVM with the same options), so an open port alone would not mean
 * Kafka started. A broker recovering its logs reports state RECOVERY and passes:
 * liveness never restarts it for being busy.
 */
export function renderStartedScript(input: StartedInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, METRICS, STARTED),
    env: scriptEnv({ CDK8S_NODE_ROLES: rolesEnv(input), CDK8S_METRICS_PORT: input.metricsPort ?? METRICS_PORT }),
  };
}

/** What the pre-stop gate needs to know. */
export interface PreStopInput {
  /** Gate on partitions this broker is in sync for. */
  readonly broker: boolean;
  /** Gate on the other KRaft voters being live and caught up. */
  readonly controller: boolean;
  /** Headless Service giving every pod its DNS name (for `{pod}` in the bootstraps). */
  readonly headlessService: string;
  /** Cluster DNS domain. */
  readonly clusterDomain: string;
  /** Local listener the admin tools connect to (`host:port`; host `{pod}` is the pod's DNS name). */
  readonly brokerBootstrap?: string;
  /** Local controller listener (`host:port`; host `{pod}` is the pod's DNS name). */
  readonly controllerBootstrap?: string;
  /** Client settings file to add to the tools' config (TLS), written by the start script. */
  readonly clientConfigFile?: string;
  /**
   * Seconds after which no new look starts; one look started before it may still
   * finish, each of its tools killed at `toolTimeoutSeconds` (pre-stop-timing.ts keeps
   * time for that).
   */
  readonly maxWaitSeconds: number;
  /** Longest one tool run (a parameter so tests can use a short one). @default TOOL_TIMEOUT_SECONDS */
  readonly toolTimeoutSeconds?: number;
  /** Seconds between looks (fractions allowed). @default 5 */
  readonly pollSeconds?: number;
  /**
   * Where progress is written. Output of a pre-stop hook is otherwise discarded, so it
   * goes to the main process's stdout, i.e. the container log.
   */
  readonly logTo?: string;
}

/**
 * The pre-stop gate (node-pre-stop.sh after restart-safety.sh). Before it stops, a node
 * waits (up to `maxWaitSeconds`) until stopping it is safe by the rules the roll Job
 * uses too (`restart_blocked`, Strimzi's):
 * - broker: no partition whose ISR holds this broker is at or below its
 *   `min.insync.replicas` while not fully replicated (`kafka-topics --describe
 *   --under-min-isr-partitions --at-min-isr-partitions`);
 * - controller: a majority of the other voters fetched from the leader and caught up
 *   with it within 3 s of the leader's own time (`kafka-metadata-quorum describe
 *   --replication`).
 * Every tool run is killed at the tool timeout, no look starts after the deadline and
 * no sleep runs past it, so the gate returns within `maxWaitSeconds` plus one look
 * (pre-stop-timing.ts). If the tools cannot answer three times in a row (the local node
 * is already down) it lets the node stop. It is a check, not a lock: two pods deleted
 * at the same instant both pass; evictions are serialized by the PodDisruptionBudgets.
 */
export function renderPreStopScript(input: PreStopInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, RESTART_SAFETY, PRE_STOP),
    env: scriptEnv({
      ...podHostEnv(input),
      CDK8S_NODE_ROLES: rolesEnv(input),
      CDK8S_PRE_STOP_BROKER_BOOTSTRAP: input.broker ? input.brokerBootstrap : undefined,
      CDK8S_PRE_STOP_CONTROLLER_BOOTSTRAP: input.controller ? input.controllerBootstrap : undefined,
      CDK8S_CLIENT_CONFIG: input.clientConfigFile,
      CDK8S_PRE_STOP_MAX_WAIT_SECONDS: input.maxWaitSeconds,
      CDK8S_PRE_STOP_POLL_MS: Math.round((input.pollSeconds ?? 5) * 1000),
      CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS: input.toolTimeoutSeconds ?? TOOL_TIMEOUT_SECONDS,
      CDK8S_PRE_STOP_VOTER_FRESHNESS_MS: VOTER_FRESHNESS_MS,
      CDK8S_PRE_STOP_LOG: input.logTo ?? '/proc/1/fd/1',
    }),
  };
}
