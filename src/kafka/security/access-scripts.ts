import { k8s } from 'cdk8s-plus-27';
import { Acl } from '../../access/acl';
import { envLines, mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { KAFKA_ADMIN, kafkaAdminEnv, KafkaAdminTarget } from '../kafka-tools-container';
import { OWNERSHIP } from '../ownership/ownership-record';
import { ResolvedPrune } from '../prune-options';

// Scripts of the cluster's two helper Jobs, as .sh files next to this module, and the
// environment that names what they work on. Neither holds a credential: passwords are
// made (credentials Job) or read from mounted Secrets (access Job) inside the pod, at
// run time.

const ACCESS = ScriptFile.at(__dirname, 'access.sh');

/** The keystore setup (`setup_keystore`) the nodes' start script and the access Job share. */
export const KEYSTORE_SETUP = ScriptFile.at(__dirname, 'keystore-setup.sh');

/** A SCRAM user the access Job registers. */
export interface ScramRegistration {
  readonly user: string;
  /** File holding the password (a mounted Secret key). */
  readonly passwordFile: string;
}

/** What the access script needs. */
export interface AccessScriptInput extends KafkaAdminTarget {
  /** SCRAM mechanisms to register each user for. */
  readonly mechanisms: readonly string[];
  readonly users: readonly ScramRegistration[];
  /** ACLs by principal name. */
  readonly acls: ReadonlyArray<{ readonly user: string; readonly acl: Acl }>;
  /** Quotas by principal name (`*` for the default user quota), `kafka-configs --add-config` form. */
  readonly quotas?: ReadonlyArray<{ readonly user: string; readonly config: string }>;
  /** A private, memory-backed directory for the credential files the tools read. */
  readonly workDir: string;
  /** Which recorded kinds the program no longer declares are deleted (users, ACLs, quotas). */
  readonly prune: Pick<ResolvedPrune, 'users' | 'acls' | 'quotas'>;
  /** Where the ownership record's steps share their files (ownership.sh). */
  readonly recordDir: string;
}

/** SCRAM iterations: Kafka's minimum is 4096; 8192 as Kafka's docs use. */
export const SCRAM_ITERATIONS = 8192;

/**
 * The access script (access.sh after kafka-admin.sh and ownership.sh; bash, Kafka image;
 * the wait step before it writes the keystore and client settings and waits for the
 * brokers): deletes what it made (the ownership record) and the program no longer
 * declares, for the kinds `prune` names; then registers every SCRAM user's password (`kafka-configs --alter`: setting it again is
 * harmless), adds every ACL (`kafka-acls --add` of an existing ACL changes nothing) and
 * sets every quota. It connects to the
 * replication listener with the nodes' certificate, a super user, so it needs no
 * bootstrap credential of its own. Passwords are read from mounted Secrets; those with
 * characters Kafka's config syntax cannot carry (`,` `[` `]` `=` and the like) are refused.
 */
export function renderAccessScript(input: AccessScriptInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, KAFKA_ADMIN, OWNERSHIP, ACCESS),
    env: mergeEnv(
      kafkaAdminEnv(input),
      scriptEnv({
        CDK8S_WORK_DIR: input.workDir,
        CDK8S_SCRAM_MECHANISMS: envLines(input.mechanisms.map(m => [m])),
        CDK8S_SCRAM_ITERATIONS: input.users.length > 0 ? SCRAM_ITERATIONS : undefined,
        CDK8S_SCRAM_USERS: envLines(input.users.map(u => [u.user, u.passwordFile])),
        CDK8S_ACLS: envLines(input.acls.map(({ user, acl }) => [user, ...acl._cliArguments()])),
        CDK8S_QUOTAS: envLines((input.quotas ?? []).map(({ user, config }) => [user, config])),
        CDK8S_PRUNE_USERS: String(input.prune.users),
        CDK8S_PRUNE_ACLS: String(input.prune.acls),
        CDK8S_PRUNE_QUOTAS: String(input.prune.quotas),
        CDK8S_RECORD_DIR: input.recordDir,
      }),
    ),
  };
}

/** Where a pod finds a mounted certificate and writes its PEM keystore. */
export interface PemKeystoreFiles {
  /** Mounted certificate Secret (`tls.key`, `tls.crt`, `ca.crt`). */
  readonly certificateDir: string;
  /** PEM keystore to write (key, then certificate). */
  readonly keystoreFile: string;
  /** PEM truststore to write: the CA that issued the certificate. */
  readonly truststoreFile: string;
  /** The Certificate's name, for the error message when it is not issued yet. */
  readonly certificateName: string;
}

/** Where the start script finds the nodes' certificate and writes the keystore and tool config. */
export interface NodeTlsFiles extends PemKeystoreFiles {
  /** Client settings for the node's own admin tools. */
  readonly clientConfigFile: string;
}

/**
 * The environment of `setup_keystore` (keystore-setup.sh): it checks the certificate is
 * there, writes the PEM keystore Kafka reads (one file, key first; owner-only) and the
 * client settings of the node's own tools; on a broker with TLS client listeners, the
 * listeners' keystore too.
 */
export function renderKeystoreSetup(tls: NodeTlsFiles, listeners?: PemKeystoreFiles): k8s.EnvVar[] {
  return scriptEnv({
    CDK8S_TLS_DIR: tls.certificateDir,
    CDK8S_KEYSTORE_FILE: tls.keystoreFile,
    CDK8S_TRUSTSTORE_FILE: tls.truststoreFile,
    CDK8S_CLIENT_CONFIG: tls.clientConfigFile,
    CDK8S_CERTIFICATE_NAME: tls.certificateName,
    CDK8S_LISTENER_TLS_DIR: listeners?.certificateDir,
    CDK8S_LISTENER_KEYSTORE_FILE: listeners?.keystoreFile,
    CDK8S_LISTENER_TRUSTSTORE_FILE: listeners?.truststoreFile,
    CDK8S_LISTENER_CERTIFICATE_NAME: listeners?.certificateName,
  });
}
