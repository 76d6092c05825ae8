import { API_CALL, apiClientPreamble } from './api-caller';
import { CURL_JSON } from './curl-json';
import { envLines, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from './script-file';

// Secrets whose password is made in the cluster, never at synth: the cluster's users'
// SCRAM credentials, the callers of the components' REST APIs, keystore passwords. One
// script makes them all; what a Secret holds besides the password is its layout.

const GENERATED_SECRETS = ScriptFile.at(__dirname, 'generated-secrets.sh');

/** Annotation on a Job naming the Secrets it creates in the cluster (comma-separated). */
export const CREATES_SECRETS_ANNOTATION = 'cdk8s-kafka/creates-secrets';

/** What a generated Secret holds besides `password`. */
export enum SecretLayout {
  /** `username` and `sasl.jaas.config` (Strimzi's KafkaUser layout): a Kafka user. */
  SASL = 'sasl',
  /** `username` and `user-info` (`<username>:<password>`): a caller of a REST API with HTTP basic. */
  BASIC = 'basic',
  /** Only `password`: a keystore's. */
  PASSWORD = 'password',
}

/** One Secret the script makes sure exists. */
export interface GeneratedSecret {
  /** Secret name. */
  readonly name: string;
  /** The user whose password it holds (`-` for a bare password). */
  readonly user: string;
  readonly layout: SecretLayout;
  /**
   * A Secret made from this password (a keystore cert-manager encrypted with it): deleted
   * when the password is made anew, so its maker writes it again with the new one.
   */
  readonly derived?: string;
}

/** What the script needs. */
export interface GeneratedSecretsInput {
  readonly secrets: readonly GeneratedSecret[];
  /** Labels written on every Secret it creates. */
  readonly labels: Readonly<Record<string, string>>;
  /** Attempts per Secret while the API server does not answer. */
  readonly attempts: number;
  /** Client login module of the JAAS line of `SASL` Secrets (SCRAM or PLAIN, as the users' listener). */
  readonly loginModule?: string;
}

/**
 * The script (generated-secrets.sh; POSIX sh, curl image): for each Secret, a random
 * 32-character password from /dev/urandom, then `POST` of the Secret to the API server.
 * 201 means created; 409 (AlreadyExists) means it was there and is kept as it is, so
 * running again never changes a password.
 */
export function renderGeneratedSecretsScript(input: GeneratedSecretsInput): ShellScript {
  return {
    command: scriptCommand(Shell.SH, apiClientPreamble(), API_CALL, CURL_JSON, GENERATED_SECRETS),
    env: scriptEnv({
      CDK8S_GENERATE: envLines(input.secrets.map(s => [s.user, s.name, s.layout, s.derived])),
      CDK8S_LABELS: envLines(Object.entries(input.labels).map(([k, v]) => [`${k}=${v}`])),
      CDK8S_ATTEMPTS: input.attempts,
      CDK8S_LOGIN_MODULE: input.loginModule,
    }),
  };
}
