import { k8s } from 'cdk8s-plus-27';
import { ResolvedRest } from '../access/rest-security';

/** The three probes of a ksqlDB container. */
export interface KsqlProbes {
  readonly startupProbe: k8s.Probe;
  readonly readinessProbe: k8s.Probe;
  readonly livenessProbe: k8s.Probe;
}

/**
 * Seconds the startup probe allows: the image's `ensure` waits up to 180 s for Kafka
 * (`ub kafka-ready ... ${KSQL_CUB_KAFKA_TIMEOUT:-180}`, confluentinc/ksql-images
 * `cp-ksqldb-server/include/etc/confluent/docker/ensure`), then the server replays the
 * command topic (every statement ever run) before it serves requests; 180 s more
 * covers a long history on a busy cluster.
 */
export const STARTUP_SECONDS = 360;

const PERIOD_SECONDS = 10;

/**
 * Probes on ksqlDB's own REST endpoints (interactive mode).
 *
 * Both endpoints sit behind ksqlDB's `ServerStateHandler`, which answers 503 until the
 * server is READY (command topic replayed, preconditions met) and while it terminates
 * (confluentinc/ksql `ksqldb-rest-app/.../api/server/ServerVerticle.java`: the handler is
 * routed before `/info` and `/healthcheck`). The kubelet's httpGet needs no tool in the
 * image (8.1+ images have no curl).
 *
 * - startup: `GET /info` until the server is READY, for up to `STARTUP_SECONDS`.
 * - readiness: `GET /healthcheck`. Its status code says READY or not; its body
 *   (`isHealthy`, metastore and Kafka checks, cached `ksql.healthcheck.interval.ms`)
 *   is for people: `HealthCheckResource.checkHealth` answers 200 even when unhealthy,
 *   so the probe cannot act on it.
 * - liveness: `GET /info`, which touches neither Kafka nor the metastore, so a Kafka
 *   outage does not restart every server; a minute of failures means the JVM is stuck.
 *
 * With HTTP basic `/info` needs credentials the kubelet does not have, so every probe
 * asks `/healthcheck`, which stays open; its status code depends on the server's state
 * only, so liveness still does not follow Kafka. With HTTPS the kubelet does not verify
 * the certificate.
 */
export function interactiveProbes(rest: ResolvedRest): KsqlProbes {
  const get = (path: string): k8s.HttpGetAction => ({
    path: rest.basic ? '/healthcheck' : path, port: k8s.IntOrString.fromString(rest.scheme), scheme: rest.scheme.toUpperCase(),
  });
  return {
    startupProbe: { httpGet: get('/info'), periodSeconds: PERIOD_SECONDS, timeoutSeconds: 5, failureThreshold: STARTUP_SECONDS / PERIOD_SECONDS },
    readinessProbe: { httpGet: get('/healthcheck'), periodSeconds: PERIOD_SECONDS, timeoutSeconds: 5, failureThreshold: 3 },
    livenessProbe: { httpGet: get('/info'), periodSeconds: PERIOD_SECONDS, timeoutSeconds: 5, failureThreshold: 6 },
  };
}

/**
 * Probes in application (headless) mode. There ksqlDB runs `StandaloneExecutor`, which
 * starts no HTTP server at all (confluentinc/ksql `KsqlServerMain.createExecutable`), and
 * exits the JVM when the queries file cannot be started (so the container restarts).
 * What is left to probe is that the main process is alive: these probes only keep the
 * pod's status honest while it runs. A probe on query state needs the JMX metrics
 * (`io.confluent.ksql.metrics`), which the observability work will expose.
 */
export function headlessProbes(): KsqlProbes {
  const alive: k8s.Probe = { exec: { command: ['/bin/bash', '-c', 'kill -0 1'] }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 };
  return { startupProbe: alive, readinessProbe: alive, livenessProbe: alive };
}
