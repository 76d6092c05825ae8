/** What the connector apply Job needs to know. */
export interface ApplyScriptInput {
  /** Connect REST base URL, `http://host:port`. */
  readonly restUrl: string;
  /** Connector name (URL-encoded by the caller when needed). */
  readonly connector: string;
  /** File holding the connector config JSON. */
  readonly configFile: string;
  /** Seconds between attempts. */
  readonly retryDelaySeconds: number;
  /** Attempts before the Job's pod fails (the Job's backoffLimit retries the pod). */
  readonly attempts: number;
}

/**
 * The connector apply script (POSIX sh, run in a curl image): `PUT
 * /connectors/<name>/config` creates the connector or replaces its config, so running
 * it twice does no harm. It retries while Connect is starting or rebalancing (no answer,
 * 409, 5xx) and fails at once on a rejected config (other 4xx), printing Connect's answer.
 */
export function renderApplyScript(input: ApplyScriptInput): string {
  const url = `${input.restUrl}/connectors/${encodeURIComponent(input.connector)}/config`;
  return [
    'set -eu',
    `url='${url}'`,
    'attempt=1',
    'while :; do',
    `  code=$(curl -sS -o /tmp/response -w '%{http_code}' --max-time 30 -X PUT -H 'Content-Type: application/json' --data-binary @${input.configFile} "$url") || code=000`,
    '  case "$code" in',
    `    200|201) echo "connector ${input.connector} applied (HTTP $code)"; exit 0 ;;`,
    '    000|409|5??) echo "attempt $attempt: Connect answered HTTP $code; retrying" ;;',
    `    *) echo "connector ${input.connector} rejected (HTTP $code):"; cat /tmp/response; echo; exit 1 ;;`,
    '  esac',
    `  if [ "$attempt" -ge ${input.attempts} ]; then echo "giving up after ${input.attempts} attempts"; exit 1; fi`,
    '  attempt=$((attempt + 1))',
    `  sleep ${input.retryDelaySeconds}`,
    'done',
    '',
  ].join('\n');
}

/** What the plugin installer needs per plugin. */
export interface InstallStep {
  readonly directory: string;
  readonly url: string;
  readonly sha256?: string;
  readonly format: 'zip' | 'tar' | 'jar';
}

/**
 * The plugin install script (POSIX sh, run in a curl image as an init container):
 * downloads each plugin, checks its SHA-256 when one is given, and unpacks it into its
 * own directory of the plugin volume. Any failure stops the pod from starting, so a
 * worker never runs without its plugins.
 */
export function renderInstallScript(pluginDir: string, steps: readonly InstallStep[]): string {
  const lines = [
    'set -eu',
    'install() {',
    '  dir="$1"; url="$2"; sum="$3"; format="$4"; file="/tmp/$dir.download"',
    '  echo "installing $dir from $url"',
    '  curl -fsSL --retry 5 --retry-delay 5 --max-time 900 -o "$file" "$url"',
    '  if [ -n "$sum" ]; then echo "$sum  $file" | sha256sum -c - >/dev/null || { echo "SHA-256 of $url is not $sum: refusing it"; exit 1; }; fi',
    `  mkdir -p "${pluginDir}/$dir"`,
    '  case "$format" in',
    `    zip) unzip -q -o "$file" -d "${pluginDir}/$dir" ;;`,
    `    tar) tar -xzf "$file" -C "${pluginDir}/$dir" ;;`,
    `    jar) cp "$file" "${pluginDir}/$dir/$dir.jar" ;;`,
    '  esac',
    '  rm -f "$file"',
    '}',
  ];
  for (const s of steps) lines.push(`install '${s.directory}' '${s.url}' '${s.sha256 ?? ''}' '${s.format}'`);
  lines.push('echo "plugins installed"', '');
  return lines.join('\n');
}
