import { ISecret } from 'cdk8s-plus-27';
import { checkArguments, Expect, madeByFactory } from '../core/input-shape';
import { secret as secretShape } from '../core/prop-shapes';

// A Secret's data key (apimachinery IsConfigMapKey).
const SECRET_KEY = Expect.text({ expected: 'a Secret key (letters, digits, "-", "_" and ".")', example: '"password"', maxLength: 253, pattern: /^[-._a-zA-Z0-9]+$/, test: k => k !== '.' && k !== '..' });

/**
 * A connector setting whose value is a key of an existing Kubernetes Secret. The value
 * never enters the manifest: the Secret is mounted on the Connect workers and the
 * connector config holds a reference Kafka's `DirectoryConfigProvider` resolves on the
 * worker, `${directory:<mount>/<secret>:<key>}`. Create the Secret any way you like
 * (External Secrets, Sealed Secrets, Vault); the manifests only name it. The provider
 * returns the file's content as is: a trailing newline in the Secret value becomes part
 * of the setting.
 */
export class ConnectorSecret {
  /**
   * A key of a Secret in the Connect cluster's namespace, e.g.
   * `ConnectorSecret.fromSecret(Secret.fromSecretName(this, 'db', 'orders-db'), 'password')`.
   *
   * @param secret the Secret (a cdk8s-plus reference; only its name enters the manifests)
   * @param key the key within it
   */
  public static fromSecret(secret: ISecret, key: string): ConnectorSecret {
    checkArguments('ConnectorSecret.fromSecret', [['secret', secret, secretShape], ['key', key, SECRET_KEY]]);
    const name = typeof secret === 'object' && secret !== null ? (secret as { name?: unknown }).name : secret;
    return new ConnectorSecret(name as string, key);
  }

  private constructor(
    /** The Secret's name. */
    public readonly secretName: string,
    /** The key within the Secret. */
    public readonly key: string,
  ) {
    madeByFactory(this);
  }
}

/** Where Secrets connectors read are mounted on the workers. */
export const CONNECTOR_SECRETS_DIR = '/mnt/connector-secrets';

/** The config-provider reference to a Secret key mounted on the workers. */
export function secretReference(secret: ConnectorSecret): string {
  return `\${directory:${CONNECTOR_SECRETS_DIR}/${secret.secretName}:${secret.key}}`;
}

/** A ConnectorSecret prop (src/core/input-shape.ts). */
export const connectorSecret = Expect.made('ConnectorSecret', () => ConnectorSecret, "ConnectorSecret.fromSecret(Secret.fromSecretName(this, 'db', 'orders-db'), 'password')");
