import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { LOGGING_CONFIG_DIR, loggingFileName, loggingJvmFlag, renderLoggingConfig, ResolvedLogging } from './logging';
import { claimName } from '../core/naming';

/** What a logging file is made of. */
export interface LoggingFileProps {
  readonly logging: ResolvedLogging;
  /** Name of its ConfigMap. */
  readonly configMap: string;
  readonly labels: Record<string, string>;
  /** What the file configures, in its heading. */
  readonly what: string;
}

/**
 * A log4j file the library writes in place of the image's (a ConfigMap mounted at
 * /etc/cdk8s-kafka/logging), and the JVM flag that points log4j at it.
 */
export class LoggingFile extends Construct {
  /** The file's text: a change restarts the pods, which read it at start. */
  public readonly config: string;
  /** `-Dlog4j2.configurationFile=...` or `-Dlog4j.configuration=file:...`. */
  public readonly jvmFlag: string;
  public readonly volume: k8s.Volume;
  public readonly mount: k8s.VolumeMount;

  constructor(scope: Construct, id: string, props: LoggingFileProps) {
    super(scope, id);
    const file = loggingFileName(props.logging.generation);
    this.config = renderLoggingConfig(props.logging, props.what);
    this.jvmFlag = loggingJvmFlag(props.logging.generation);
    const name = claimName(scope, 'ConfigMap', props.configMap);
    new k8s.KubeConfigMap(this, 'Resource', { metadata: { name, labels: props.labels }, data: { [file]: this.config } });
    this.volume = { name: 'logging-config', configMap: { name } };
    this.mount = { name: 'logging-config', mountPath: LOGGING_CONFIG_DIR, readOnly: true };
  }
}
