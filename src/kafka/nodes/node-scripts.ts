import { METRICS_CONFIG_DIR, METRICS_CONFIG_FILE, METRICS_PORT, PROBE_METRICS } from './metrics-exporter';
import { TOOL_TIMEOUT_SECONDS, VOTER_FRESHNESS_MS } from './pre-stop-timing';
import { NodeTlsFiles, renderKeystoreSetup } from '../security/access-scripts';

// Shell scripts the node containers run. They use bash only (no curl: 8.1+ images have
// none, confluent-images.md §9) and are rendered at synth with every value baked in,
// so what runs is exactly what the manifest shows.

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
  /** SASL/PLAIN listeners (upper-case names) whose user list the script builds. */
  readonly plainListeners?: readonly string[];
  /** Directory with one file per PLAIN user, holding its password. */
  readonly plainUsersDir?: string;
}

/** The properties file the image's configure step renders. */
export const RENDERED_PROPERTIES = '/etc/kafka/kafka.properties';

const AGENT_GLOB = '/usr/share/java/cp-base-new/jmx_prometheus_javaagent-*.jar';

/**
 * The container command: derives this node's id from its pod name (the StatefulSet
 * ordinal) and the `NODE_ID_BASE`/`NODE_ID_STRIDE` of its StatefulSet, builds its
 * advertised listeners, attaches the metrics agent the probes read, then hands over to
 * the image's own entrypoint (`/etc/confluent/docker/run`), which turns the `KAFKA_*`
 * environment into `kafka.properties`, formats storage once and starts Kafka.
 */
export function renderStartScript(input: StartScriptInput): string {
  const lines = [
    'set -euo pipefail',
    '# cdk8s-kafka start wrapper: node identity from the pod name, then the image\'s own entrypoint.',
    'ordinal="${HOSTNAME##*-}"',
    'if ! [[ "$ordinal" =~ ^[0-9]+$ ]]; then echo "cdk8s-kafka: cannot read a StatefulSet ordinal from pod name $HOSTNAME" >&2; exit 1; fi',
    'export KAFKA_NODE_ID=$(( NODE_ID_BASE + ordinal * NODE_ID_STRIDE ))',
  ];
  if (input.advertised.length === 0) {
    // The images refuse KAFKA_ADVERTISED_LISTENERS on controller-only nodes, and their
    // Dockerfile defines it empty; unset, nothing is written for it.
    lines.push('unset KAFKA_ADVERTISED_LISTENERS');
  } else {
    lines.push(`pod_host="\${HOSTNAME}.${input.headlessService}.\${POD_NAMESPACE}.svc.${input.clusterDomain}"`);
    const endpoints = input.advertised.map(advertisedEndpoint).join(',');
    lines.push(`export KAFKA_ADVERTISED_LISTENERS="${endpoints}"`);
  }
  lines.push(
    `agents=(${AGENT_GLOB})`,
    'if [ ! -f "${agents[0]}" ]; then echo "cdk8s-kafka: the image has no JMX exporter agent matching ' + AGENT_GLOB + '" >&2; exit 1; fi',
    `export KAFKA_OPTS="-javaagent:\${agents[0]}=${METRICS_PORT}:${METRICS_CONFIG_DIR}/${METRICS_CONFIG_FILE}\${KAFKA_OPTS:+ \$KAFKA_OPTS}"`,
  );
  if (input.tls !== undefined) lines.push(...renderKeystoreSetup(input.tls));
  const plain = input.plainListeners ?? [];
  if (plain.length > 0) lines.push(...plainUsersSetup(input.plainUsersDir!));
  lines.push(
    'echo "cdk8s-kafka: starting node.id=${KAFKA_NODE_ID}"',
    // The image's configure step reads an SSL controller listener in this variable as a
    // request for its own JKS keystore files (kafka-images PR #371) and an advertised
    // name ending in SSL likewise; it gets a map without SSL, and the real one is written
    // into the rendered file before anything reads it. The rest is the image's own run
    // script: configure, ensure (formats storage), launch.
    'protocol_map="$KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"',
    'export KAFKA_LISTENER_SECURITY_PROTOCOL_MAP="${protocol_map//SSL/PLAINTEXT}"',
    '/etc/confluent/docker/configure',
    `sed -i "s|^listener.security.protocol.map=.*|listener.security.protocol.map=\${protocol_map}|" ${RENDERED_PROPERTIES}`,
    `if ! grep -qxF "listener.security.protocol.map=\${protocol_map}" ${RENDERED_PROPERTIES}; then echo "cdk8s-kafka: could not write listener.security.protocol.map into ${RENDERED_PROPERTIES}" >&2; exit 1; fi`,
    ...(plain.length > 0 ? plainJaasEntries(plain) : []),
    'export KAFKA_LISTENER_SECURITY_PROTOCOL_MAP="$protocol_map"',
    '/etc/confluent/docker/ensure',
    'exec /etc/confluent/docker/launch',
  );
  return lines.join('\n') + '\n';
}

/**
 * Reads the PLAIN users' passwords from the mounted Secrets into a shell variable (not
 * exported, so no process environment holds them). Kafka's PLAIN server checks
 * passwords against `user_<name>="<password>"` options of the listener's JAAS entry
 * (PlainServerCallbackHandler); passwords are limited to characters that need no quoting.
 */
function plainUsersSetup(dir: string): string[] {
  return [
    'plain_users=""',
    `for f in "${dir}"/*; do`,
    '  [ -f "$f" ] || continue',
    '  user="${f##*/}"; pw="$(cat "$f")"',
    '  if ! [[ "$pw" =~ ^[A-Za-z0-9._~-]+$ ]]; then echo "cdk8s-kafka: the password of $user is empty or has characters other than letters, digits and ._~-" >&2; exit 1; fi',
    '  plain_users="$plain_users user_${user}=\\"${pw}\\""',
    'done',
    'unset pw',
  ];
}

/** Appends each PLAIN listener's JAAS entry to the rendered properties, after configure. */
function plainJaasEntries(listeners: readonly string[]): string[] {
  return [
    ...listeners.map(l => `printf '%s\\n' "listener.name.${l.toLowerCase()}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required\${plain_users};" >> ${RENDERED_PROPERTIES}`),
    'unset plain_users',
  ];
}

function advertisedEndpoint(e: AdvertisedEndpoint): string {
  const host = e.hostPattern === undefined ? '${pod_host}' : e.hostPattern.replace(/\{id\}/g, '${KAFKA_NODE_ID}');
  const port = e.nodePortBase === undefined ? String(e.port) : `$(( ${e.nodePortBase} + KAFKA_NODE_ID ))`;
  return `${e.name}://${host}:${port}`;
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
 * Reads the node's own metrics page over bash's /dev/tcp into shell variables
 * `broker_state`, `max_lag`, `raft_state` and `raft_leader` (empty when not reported).
 */
function metricsReader(port: number): string[] {
  const m = PROBE_METRICS;
  return [
    'set -u',
    `if ! exec 3<>/dev/tcp/127.0.0.1/${port}; then echo "metrics endpoint :${port} is not up yet"; exit 1; fi 2>/dev/null`,
    'printf \'GET /metrics HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n\' >&3',
    'broker_state="" max_lag="" raft_state="" raft_leader=""',
    'while IFS= read -r -t 5 line <&3 || [ -n "$line" ]; do',
    '  line="${line%$\'\\r\'}"',
    '  case "$line" in',
    `    "${m.BROKER_STATE} "*|"${m.BROKER_STATE}{"*) broker_state="\${line##* }" ;;`,
    `    "${m.FETCHER_MAX_LAG} "*|"${m.FETCHER_MAX_LAG}{"*) max_lag="\${line##* }" ;;`,
    `    "${m.RAFT_STATE}{"*) [[ "$line" =~ state=\\"([a-z]+)\\" ]] && raft_state="\${BASH_REMATCH[1]}" ;;`,
    `    "${m.RAFT_LEADER} "*|"${m.RAFT_LEADER}{"*) raft_leader="\${line##* }" ;;`,
    '  esac',
    '  line=""',
    'done',
    'exec 3<&-',
  ];
}

/**
 * The readiness check: reads the node's own metrics page and is Ready only when the
 * node has caught up:
 * - broker: `BrokerState` is RUNNING (3: caught up with the metadata log and unfenced),
 *   and the replica fetchers' largest lag is at most `maxFetcherLag` records, so a
 *   restarted broker is not Ready while it is still copying what it missed;
 * - controller: the node is the quorum leader or a follower (not a candidate or
 *   unattached), and knows the leader.
 * It prints why it is not Ready (kubelet puts that in the pod's events).
 */
export function renderReadinessScript(input: ReadinessInput): string {
  const lines = metricsReader(input.metricsPort ?? METRICS_PORT);
  if (input.broker) {
    lines.push(
      'case "$broker_state" in 3|3.0) ;; *) echo "broker state is ${broker_state:-not reported}, not RUNNING (3)"; exit 1 ;; esac',
      // Values are printed by Java's Double.toString: "0.0", "12.0", or "1.2E7" above 10^7.
      'if ! [[ "$max_lag" =~ ^[0-9]+(\\.0+)?$ ]]; then echo "replica fetcher lag is ${max_lag:-not reported}"; exit 1; fi',
      `if (( \${max_lag%%.*} > ${input.maxFetcherLag} )); then echo "replica fetchers are \${max_lag%%.*} records behind (Ready at <= ${input.maxFetcherLag})"; exit 1; fi`,
    );
  }
  if (input.controller) {
    lines.push(
      'case "$raft_state" in leader|follower) ;; *) echo "KRaft state is ${raft_state:-not reported}, not leader or follower"; exit 1 ;; esac',
      'if ! [[ "${raft_leader%%.*}" =~ ^[0-9]+$ ]]; then echo "no quorum leader known (current-leader ${raft_leader:-not reported})"; exit 1; fi',
    );
  }
  lines.push('exit 0');
  return lines.join('\n') + '\n';
}

/** What the started check looks for, by role. */
export interface StartedInput {
  readonly broker: boolean;
  readonly controller: boolean;
  readonly metricsPort?: number;
}

/**
 * The startup and liveness check: Kafka itself runs and reports its state. The metrics
 * agent also answers while the image formats storage (a separate JVM with the same
 * options), so an open port alone would not mean Kafka started. A broker recovering
 * its logs reports state RECOVERY and passes: liveness never restarts it for being busy.
 */
export function renderStartedScript(input: StartedInput): string {
  const lines = metricsReader(input.metricsPort ?? METRICS_PORT);
  if (input.broker) lines.push('if [ -z "$broker_state" ]; then echo "Kafka reports no broker state yet"; exit 1; fi');
  if (input.controller) lines.push('if [ -z "$raft_state" ]; then echo "Kafka reports no KRaft state yet"; exit 1; fi');
  lines.push('exit 0');
  return lines.join('\n') + '\n';
}

/** What the pre-stop gate needs to know. */
export interface PreStopInput {
  /** Gate on partitions this broker is in sync for. */
  readonly broker: boolean;
  /** Gate on the other KRaft voters being live and caught up. */
  readonly controller: boolean;
  /** Local listener the admin tools connect to (`host:port`). */
  readonly brokerBootstrap?: string;
  /** Local controller listener (`host:port`). */
  readonly controllerBootstrap?: string;
  /** Client settings file to add to the tools' config (TLS), written by the start script. */
  readonly clientConfigFile?: string;
  /**
   * Seconds after which no new check starts; one check started before it may still
   * finish (bounded by the tools' request timeouts), so the caller keeps time for that.
   */
  readonly maxWaitSeconds: number;
  /**
   * Seconds to wait after the cluster first looks safe before looking again: distinct
   * per StatefulSet, so nodes of different StatefulSets told to stop at the same
   * moment do not all pass the gate together.
   */
  readonly confirmDelaySeconds: number;
  /** Seconds between checks. */
  readonly pollSeconds?: number;
  /**
   * Where progress is written. Output of a pre-stop hook is otherwise discarded, so it
   * goes to the main process's stdout, i.e. the container log.
   */
  readonly logTo?: string;
}


/**
 * The pre-stop gate. A StatefulSet only rolls its next pod once the previous one is
 * Ready, but one StatefulSet per zone (or per pool) rolls independently of the others,
 * and a node drain can evict a second broker anywhere. So before it stops, a node waits
 * (up to `maxWaitSeconds`) until stopping it cannot take a second replica of anything
 * away:
 * - broker: no partition whose ISR holds this broker is at or below its
 *   `min.insync.replicas` while not fully replicated (`kafka-topics --describe
 *   --under-min-isr-partitions --at-min-isr-partitions`; the same rule as Strimzi's
 *   KafkaAvailability, which skips partitions with no more replicas than min ISR);
 * - controller: every voter fetched from the leader and caught up with it within the
 *   last 3 s (`kafka-metadata-quorum describe --replication`), so a voter that is down
 *   or restarting blocks the others.
 * After a first safe look it waits `confirmDelaySeconds` and looks again (even past the
 * deadline), so StatefulSets told to stop at once pass one after the other: the first
 * one's shutdown shows (ISR shrink, stale fetches) before the next one looks again. If
 * the tools cannot answer three times in a row (the local node is already down) it
 * lets the node stop.
 */
export function renderPreStopScript(input: PreStopInput): string {
  const poll = input.pollSeconds ?? 5;
  // The tools are JVMs started next to the broker: small heap, and no KAFKA_OPTS, which
  // could hold the metrics agent and would fail to bind its port a second time.
  const lines = [
    'set -u',
    `{ exec >>${input.logTo ?? '/proc/1/fd/1'} 2>&1; } 2>/dev/null || true`,
    'node_id=$(( NODE_ID_BASE + ${HOSTNAME##*-} * NODE_ID_STRIDE ))',
    `deadline=$(( SECONDS + ${input.maxWaitSeconds} ))`,
    'failures=0',
    'work=$(mktemp -d 2>/dev/null || echo /tmp)',
    'admin="$work/admin.properties"; err="$work/tool.err"',
    `printf 'request.timeout.ms=${TOOL_TIMEOUT_SECONDS * 500}\\ndefault.api.timeout.ms=${TOOL_TIMEOUT_SECONDS * 1000}\\n' > "$admin"`,
    ...(input.clientConfigFile === undefined ? [] : [`cat ${input.clientConfigFile} >> "$admin"`]),
    'tool() { env -u KAFKA_OPTS -u KAFKA_JMX_OPTS -u JMX_PORT KAFKA_HEAP_OPTS="-Xms32m -Xmx256m" "$@" 2>"$err"; }',
    'failed() { echo "$1 failed: $(tail -n 1 "$err" 2>/dev/null)"; return 2; }',
    'count() { local IFS=,; set -- $1; echo $#; }',
    'blocking() {',
    '  local out line replicas isr n=0',
  ];
  if (input.broker) {
    lines.push(
      `  out=$(tool kafka-topics --bootstrap-server ${input.brokerBootstrap} --command-config "$admin" --describe --under-min-isr-partitions --at-min-isr-partitions) || { failed kafka-topics; return 2; }`,
      '  while IFS= read -r line; do',
      '    [[ "$line" =~ Replicas:\\ ([0-9,]+) ]] || continue',
      '    replicas="${BASH_REMATCH[1]}"',
      '    isr=""; [[ "$line" =~ Isr:\\ ([0-9,]+) ]] && isr="${BASH_REMATCH[1]}"',
      '    if [[ ",$isr," == *",$node_id,"* ]] && (( $(count "$isr") < $(count "$replicas") )); then n=$(( n + 1 )); fi',
      '  done <<< "$out"',
      '  if (( n > 0 )); then echo "$n partitions would lose an in-sync replica below min.insync.replicas"; return 1; fi',
    );
  }
  if (input.controller) {
    lines.push(
      `  out=$(tool kafka-metadata-quorum --bootstrap-controller ${input.controllerBootstrap} --command-config "$admin" describe --replication) || { failed kafka-metadata-quorum; return 2; }`,
      '  local now f i fetch_col="" caught_col="" status_col="" behind=0 voters=0',
      '  now=$(date +%s%3N)',
      '  while read -r -a f; do',
      '    if [ -z "$status_col" ]; then',
      '      for i in "${!f[@]}"; do case "${f[$i]}" in LastFetchTimestamp) fetch_col=$i ;; LastCaughtUpTimestamp) caught_col=$i ;; Status) status_col=$i ;; esac; done',
      '      if [ -z "$fetch_col" ] || [ -z "$caught_col" ]; then status_col=""; fi',
      '      continue',
      '    fi',
      '    case "${f[$status_col]:-}" in Leader|Follower) voters=$(( voters + 1 )) ;; *) continue ;; esac',
      '    if ! [[ "${f[$fetch_col]:-}" =~ ^[0-9]+$ && "${f[$caught_col]:-}" =~ ^[0-9]+$ ]] ||',
      `      (( now - \${f[$fetch_col]} > ${VOTER_FRESHNESS_MS} || now - \${f[$caught_col]} > ${VOTER_FRESHNESS_MS} )); then behind=$(( behind + 1 )); fi`,
      '  done <<< "$out"',
      '  if (( voters == 0 )); then echo "kafka-metadata-quorum listed no voters"; return 2; fi',
      `  if (( behind > 0 )); then echo "$behind KRaft voters have not fetched from the leader in the last ${VOTER_FRESHNESS_MS / 1000}s"; return 1; fi`,
    );
  }
  lines.push(
    '  return 0',
    '}',
    'confirmed=0',
    'while (( SECONDS < deadline || confirmed )); do',
    '  reason=$(blocking); rc=$?',
    '  if (( rc == 0 )); then',
    '    failures=0',
    '    if (( confirmed )); then echo "cdk8s-kafka pre-stop: safe to stop node $node_id"; exit 0; fi',
    '    confirmed=1',
    `    sleep ${input.confirmDelaySeconds}`,
    '    continue',
    '  fi',
    '  confirmed=0',
    '  if (( rc == 2 )); then',
    '    failures=$(( failures + 1 ))',
    '    if (( failures >= 3 )); then echo "cdk8s-kafka pre-stop: cannot check ($reason); stopping node $node_id"; exit 0; fi',
    '  fi',
    '  echo "cdk8s-kafka pre-stop: waiting to stop node $node_id: $reason"',
    `  (( SECONDS < deadline )) && sleep ${poll}`,
    'done',
    `echo "cdk8s-kafka pre-stop: gave up waiting after ${input.maxWaitSeconds}s; stopping node $node_id"`,
    'exit 0',
  );
  return lines.join('\n') + '\n';
}
