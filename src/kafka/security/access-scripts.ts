import { apiClientPreamble } from './api-caller';
import { Acl } from '../../access/acl';

// Scripts of the cluster's two helper Jobs, rendered at synth with every name baked in.
// Neither holds a credential: passwords are made (credentials Job) or read from mounted
// Secrets (access Job) inside the pod, at run time.

/** One Secret the credentials Job makes sure exists. */
export interface CredentialsSecret {
  /** Secret name. */
  readonly name: string;
  /** The SCRAM user whose password it holds. */
  readonly user: string;
}

/** What the credentials script needs. */
export interface CredentialsScriptInput {
  readonly secrets: readonly CredentialsSecret[];
  /** Labels written on every Secret it creates (JSON-safe strings). */
  readonly labels: Readonly<Record<string, string>>;
  /** Attempts per Secret while the API server does not answer. */
  readonly attempts: number;
  /** Client login module of the JAAS line (SCRAM or PLAIN, as the users' listener). */
  readonly loginModule: string;
}


/**
 * The credentials script (POSIX sh, curl image): for each Secret, a random 32-character
 * password from /dev/urandom, then `POST` of the Secret to the API server. 201 means
 * created; 409 (AlreadyExists) means it was there and is kept as it is, so running
 * again never changes a password. The Secret holds `username`, `password` and
 * `sasl.jaas.config` (Strimzi's KafkaUser layout), so clients can take the JAAS line as is.
 */
export function renderCredentialsScript(input: CredentialsScriptInput): string {
  const labels = JSON.stringify(input.labels);
  return [
    ...apiClientPreamble(),
    'create() {',
    '  name="$1"; user="$2"',
    '  pw=$(head -c 96 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 32)',
    '  if [ "${#pw}" -ne 32 ]; then echo "could not make a password for $name"; exit 1; fi',
    `  printf '{"apiVersion":"v1","kind":"Secret","type":"Opaque","metadata":{"name":"%s","labels":%s},"stringData":{"username":"%s","password":"%s","sasl.jaas.config":"${input.loginModule} required username=\\\\"%s\\\\" password=\\\\"%s\\\\";"}}' "$name" '${labels}' "$user" "$pw" "$user" "$pw" > /tmp/secret.json`,
    '  pw=""',
    '  attempt=1',
    '  while :; do',
    '    code=$(curl -sS -o /tmp/response -w \'%{http_code}\' --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth -H \'Content-Type: application/json\' -X POST --data-binary @/tmp/secret.json "https://kubernetes.default.svc/api/v1/namespaces/$ns/secrets") || code=000',
    '    case "$code" in',
    '      201) echo "created Secret $name"; break ;;',
    '      409) echo "Secret $name exists: kept as it is"; break ;;',
    '      000|429|5??) echo "attempt $attempt for Secret $name: API server answered HTTP $code; retrying" ;;',
    '      *) rm -f /tmp/secret.json; echo "creating Secret $name failed (HTTP $code):"; cat /tmp/response; echo; exit 1 ;;',
    '    esac',
    `    if [ "$attempt" -ge ${input.attempts} ]; then rm -f /tmp/secret.json; echo "giving up on Secret $name"; exit 1; fi`,
    '    attempt=$((attempt + 1)); sleep 5',
    '  done',
    '  rm -f /tmp/secret.json',
    '}',
    ...input.secrets.map(s => `create '${s.name}' '${s.user}'`),
    '',
  ].join('\n');
}

/** A SCRAM user the access Job registers. */
export interface ScramRegistration {
  readonly user: string;
  /** File holding the password (a mounted Secret key). */
  readonly passwordFile: string;
}

/** What the access script needs. */
export interface AccessScriptInput {
  /** `host:port,...` of the brokers' replication listener (mutual TLS). */
  readonly bootstrap: string;
  /** Client settings file written by the TLS setup (paths only). */
  readonly clientConfigFile: string;
  /** SCRAM mechanisms to register each user for. */
  readonly mechanisms: readonly string[];
  readonly users: readonly ScramRegistration[];
  /** ACLs by principal name. */
  readonly acls: ReadonlyArray<{ readonly user: string; readonly acl: Acl }>;
  /** Seconds to wait for the cluster before failing this attempt. */
  readonly waitSeconds: number;
  /** A private, memory-backed directory for the credential files the tools read. */
  readonly workDir: string;
}

/** SCRAM iterations: Kafka's minimum is 4096; 8192 as Kafka's docs use. */
export const SCRAM_ITERATIONS = 8192;

/**
 * The access script (bash, Kafka image; the caller puts `set -euo pipefail` and the
 * keystore setup before it): waits for the brokers, registers every SCRAM
 * user's password (`kafka-configs --alter`: setting it again is harmless) and adds every
 * ACL (`kafka-acls --add` of an existing ACL changes nothing). It connects to the
 * replication listener with the nodes' certificate, a super user, so it needs no
 * bootstrap credential of its own. Passwords are read from mounted Secrets; those with
 * characters Kafka's config syntax cannot carry (`,` `[` `]` `=` and the like) are refused.
 */
export function renderAccessScript(input: AccessScriptInput): string {
  const lines = [
    `bootstrap='${input.bootstrap}'`,
    `config=${input.clientConfigFile}`,
    'printf \'request.timeout.ms=10000\\ndefault.api.timeout.ms=20000\\n\' >> "$config"',
    'tool() { env -u KAFKA_OPTS -u KAFKA_JMX_OPTS KAFKA_HEAP_OPTS="-Xms32m -Xmx256m" "$@"; }',
    `deadline=$(( SECONDS + ${input.waitSeconds} ))`,
    'until tool kafka-broker-api-versions --bootstrap-server "$bootstrap" --command-config "$config" > /dev/null 2> /tmp/error; do',
    '  if (( SECONDS > deadline )); then echo "the brokers did not answer: $(tail -n 1 /tmp/error)"; exit 1; fi',
    '  echo "waiting for the brokers: $(tail -n 1 /tmp/error)"; sleep 10',
    'done',
  ];
  if (input.users.length > 0) {
    lines.push(
      'register() {',
      '  local user="$1" pw',
      '  pw=$(cat "$2")',
      '  if ! [[ "$pw" =~ ^[A-Za-z0-9._~-]+$ ]]; then echo "the password of $user (in $2) is empty or has characters other than letters, digits and ._~-"; exit 1; fi',
      // The password goes in a file (--add-config-file, read as a properties file and
      // parsed as iterations=N,password=P; apache/kafka ConfigCommand), never in argv.
      `  (umask 077 && printf '%s\\n' ${input.mechanisms.map(m => `"${m}=iterations=${SCRAM_ITERATIONS},password=$pw"`).join(' ')} > "${input.workDir}/scram.properties")`,
      '  pw=""',
      `  tool kafka-configs --bootstrap-server "$bootstrap" --command-config "$config" --alter --entity-type users --entity-name "$user" --add-config-file "${input.workDir}/scram.properties" > /dev/null`,
      `  rm -f "${input.workDir}/scram.properties"`,
      '  echo "registered SCRAM credentials of $user"',
      '}',
      ...input.users.map(u => `register '${u.user}' '${u.passwordFile}'`),
    );
  }
  for (const { user, acl } of input.acls) {
    lines.push(`tool kafka-acls --bootstrap-server "$bootstrap" --command-config "$config" --add --allow-principal 'User:${user}' ${acl._cliArguments().map(a => `'${a}'`).join(' ')} > /dev/null`);
  }
  lines.push(`echo "access applied: ${input.users.length} user(s), ${input.acls.length} ACL(s)"`, '');
  return lines.join('\n');
}

/** Where the start script finds the certificate and writes the keystore and tool config. */
export interface NodeTlsFiles {
  /** Mounted certificate Secret (`tls.key`, `tls.crt`, `ca.crt`). */
  readonly certificateDir: string;
  /** PEM keystore to write (key, then certificate). */
  readonly keystoreFile: string;
  /** Client settings for the node's own admin tools. */
  readonly clientConfigFile: string;
  /** The Certificate's name, for the error message when it is not issued yet. */
  readonly certificateName: string;
}


/**
 * Checks the certificate is there, writes the PEM keystore Kafka reads (one file, key
 * first; owner-only) and the client settings of the node's own tools.
 */
export function renderKeystoreSetup(tls: NodeTlsFiles): string[] {
  const dir = tls.certificateDir;
  const client = [
    'security.protocol=SSL',
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${tls.keystoreFile}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${dir}/ca.crt`,
  ];
  return [
    'for f in tls.key tls.crt ca.crt; do',
    `  if [ ! -s "${dir}/$f" ]; then echo "cdk8s-kafka: ${dir}/$f is missing: cert-manager has not issued Certificate ${tls.certificateName} (kubectl describe certificate ${tls.certificateName})" >&2; exit 1; fi`,
    'done',
    `(umask 077 && cat "${dir}/tls.key" "${dir}/tls.crt" > "${tls.keystoreFile}")`,
    `printf '%s\\n' ${client.map(c => `'${c}'`).join(' ')} > ${tls.clientConfigFile}`,
  ];
}

