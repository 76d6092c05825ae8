import { k8s } from 'cdk8s-plus-27';
import { ComponentMetrics } from './component-monitoring';
import { LoggingFile } from './logging-file';
import { COMPONENT_START, METRICS_AGENT } from './metrics-agent';
import { COMPONENT_RUNTIME, ConfluentComponent } from '../core/component';
import { scriptCommand, scriptEnv, Shell } from '../core/script-file';

// A component's container with monitoring or logging settings starts through
// component-start.sh, which attaches the metrics agent and points log4j at the library's
// file before the image's own start; without either it starts as its image does.

/** What a component's container adds for its metrics and logging: nothing without either. */
export interface ContainerParts {
  /** The start wrapper (component-start.sh), when there is anything to start with. */
  readonly command?: string[];
  readonly env: k8s.EnvVar[];
  readonly ports: Array<{ readonly name: string; readonly port: number }>;
  /** The port the NetworkPolicy opens to the metrics peers. */
  readonly metricsPort?: number;
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly podAnnotations?: Record<string, string>;
  /** What the pods read at start: a change restarts them. */
  readonly hashInputs: string[];
}

/**
 * The container parts of a component's metrics and logging file: the start wrapper
 * with their parameters, the metrics port, the files' volumes.
 */
export function componentContainerParts(
  component: ConfluentComponent, metrics: ComponentMetrics | undefined, logging: LoggingFile | undefined,
): ContainerParts {
  const runtime = COMPONENT_RUNTIME[component];
  const env = scriptEnv({
    CDK8S_JVM_OPTS_ENV: runtime.jvmOptsEnv,
    ...metrics?.startEnv,
    CDK8S_LOG4J_OPTS_ENV: logging === undefined ? undefined : runtime.log4jOptsEnv,
    CDK8S_LOG4J_OPTS: logging?.jvmFlag,
  });
  const files = [...metrics === undefined ? [] : [metrics], ...logging === undefined ? [] : [logging]];
  return {
    command: files.length === 0 ? undefined : scriptCommand(Shell.BASH, METRICS_AGENT, COMPONENT_START),
    env: files.length === 0 ? [] : env,
    ports: metrics === undefined ? [] : [metrics.port],
    metricsPort: metrics?.port.port,
    volumes: files.map(f => f.volume),
    mounts: files.map(f => f.mount),
    podAnnotations: metrics?.annotations,
    hashInputs: files.map(f => f.config),
  };
}
