import { envLines, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../core/script-file';

// The scripts of the connector apply Jobs and the plugin installer (curl image, POSIX
// sh), as .sh files next to this module, and the environment that parameterizes them.

const APPLY = ScriptFile.at(__dirname, 'connector-apply.sh');
const INSTALL = ScriptFile.at(__dirname, 'install-plugins.sh');

/** What the connector apply Job needs to know. */
export interface ApplyScriptInput {
  /** Connect REST base URL, `http(s)://host:port`. */
  readonly restUrl: string;
  /** Connector name (URL-encoded here for the URL). */
  readonly connector: string;
  /** File holding the connector config JSON. */
  readonly configFile: string;
  /** Seconds between attempts. */
  readonly retryDelaySeconds: number;
  /** Attempts before the Job's pod fails (the Job's backoffLimit retries the pod). */
  readonly attempts: number;
  /** PEM CA that verifies the REST API's certificate, with TLS. */
  readonly caFile?: string;
  /** File holding `<user>:<password>` for HTTP basic, when the API authenticates. */
  readonly userInfoFile?: string;
}

/**
 * The connector apply script (connector-apply.sh): reads the config Connect has and,
 * unless it is already this one, `PUT /connectors/<name>/config` (which creates the
 * connector or replaces its config). Connect restarts a connector on every PUT, even of
 * the same config, so a re-run of an unchanged config sends none and restarts nothing.
 * It retries while Connect is starting or rebalancing (no answer, 409, 5xx) and fails at
 * once on a rejected config (other 4xx), printing Connect's answer.
 */
export function renderApplyScript(input: ApplyScriptInput): ShellScript {
  return {
    command: scriptCommand(Shell.SH, APPLY),
    env: scriptEnv({
      CDK8S_CONNECTOR: input.connector,
      CDK8S_CONNECTOR_URL: `${input.restUrl}/connectors/${encodeURIComponent(input.connector)}/config`,
      CDK8S_CONNECTOR_CONFIG: input.configFile,
      CDK8S_ATTEMPTS: input.attempts,
      CDK8S_RETRY_DELAY_SECONDS: input.retryDelaySeconds,
      CDK8S_CONNECT_CA: input.caFile,
      CDK8S_CONNECT_USER_INFO: input.userInfoFile,
    }),
  };
}

/** What the plugin installer needs per plugin. */
export interface InstallStep {
  readonly directory: string;
  readonly url: string;
  readonly sha256?: string;
  readonly format: 'zip' | 'tar' | 'jar';
}

/**
 * The plugin install script (install-plugins.sh; an init container): downloads each
 * plugin, checks its SHA-256 when one is given, and unpacks it into its own directory
 * of the plugin volume. Any failure stops the pod from starting, so a worker never runs
 * without its plugins.
 */
export function renderInstallScript(pluginDir: string, steps: readonly InstallStep[]): ShellScript {
  return {
    command: scriptCommand(Shell.SH, INSTALL),
    env: scriptEnv({
      CDK8S_PLUGIN_DIR: pluginDir,
      CDK8S_PLUGINS: envLines(steps.map(s => [s.directory, s.format, s.url, s.sha256])),
    }),
  };
}
