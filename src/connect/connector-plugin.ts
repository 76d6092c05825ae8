import { ErrorScope, raise } from '../core/errors';
import { checkArguments, Expect, madeByFactory } from '../core/input-shape';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const DIRECTORY = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;
// https, and nothing the installer's shell could read as a quote, a space or an expansion.
const HTTPS_URL = /^https:\/\/[^\s"'`$\\]+$/;

const SHA256 = Expect.text({ expected: 'a SHA-256 (64 lower-case hex digits)', example: '"<sha256sum of the file>"', maxLength: 64, pattern: SHA256_HEX });

const URL_PLUGIN_OPTIONS = Expect.struct('UrlPluginOptions', {
  name: Expect.required(Expect.text({ expected: 'a directory name (lower-case letters, digits, "-", "_" and ".")', example: '"debezium-postgres"', maxLength: 128, pattern: DIRECTORY })),
  url: Expect.required(Expect.text({ expected: 'an https:// URL without quotes, spaces or shell characters', example: '"https://repo1.maven.org/.../plugin.tar.gz"', maxLength: 2048, pattern: HTTPS_URL })),
  sha256: Expect.required(SHA256),
});

const HUB_COORDINATES = Expect.text({ expected: 'Confluent Hub coordinates owner/name:version', example: '"confluentinc/kafka-connect-jdbc:10.7.6"', maxLength: 256 });

/** Where a plugin archive comes from (internal: the factories choose it). */
export enum PluginSource {
  /** A Confluent Hub component, `owner/name:version`. */
  CONFLUENT_HUB = 'confluent-hub',
  /** A URL, pinned by a SHA-256 checksum. */
  URL = 'url',
}

/** Options of `ConnectorPlugin.url`. */
export interface UrlPluginOptions {
  /** Directory name of the plugin under the plugin path (a DNS-label-like name). */
  readonly name: string;
  /** HTTPS URL of a `.zip`, `.tar.gz`/`.tgz` archive or a single `.jar`. */
  readonly url: string;
  /** SHA-256 of the file at `url` (64 hex digits): required, so what runs is what was reviewed. */
  readonly sha256: string;
}

/**
 * A Kafka Connect plugin installed when each worker starts, by an init container, into a
 * volume on the workers' plugin path: no custom image to build. The init container needs
 * to reach the source. Air-gapped clusters: build an image `FROM` the catalog's
 * cp-kafka-connect with the plugins in `/usr/share/confluent-hub-components` and pass it
 * as `image: { image: '...' }`, with no `plugins`.
 */
export class ConnectorPlugin {
  /**
   * A Confluent Hub component, e.g. `confluentinc/kafka-connect-jdbc:10.7.6` (version
   * required: `latest` would change what runs on every restart).
   *
   * @param coordinates `owner/name:version`
   * @param sha256 SHA-256 of the component's zip: without it, whatever the Hub serves at
   * that address runs on the workers (synth warns)
   */
  public static confluentHub(coordinates: string, sha256?: string): ConnectorPlugin {
    checkArguments('ConnectorPlugin.confluentHub', [['coordinates', coordinates, HUB_COORDINATES], ['sha256', sha256, Expect.optional(SHA256)]]);
    return new ConnectorPlugin(PluginSource.CONFLUENT_HUB, coordinates, sha256, undefined);
  }

  /** An archive or jar from a URL, verified against its SHA-256 before it is installed. */
  public static url(options: UrlPluginOptions): ConnectorPlugin {
    checkArguments('ConnectorPlugin.url', [['options', options, URL_PLUGIN_OPTIONS]]);
    return new ConnectorPlugin(PluginSource.URL, options.url, options.sha256, options.name);
  }

  /** @internal */
  public readonly _source: PluginSource;
  /** @internal */
  public readonly _location: string;
  /** @internal */
  public readonly _sha256: string | undefined;
  /** @internal */
  public readonly _name: string | undefined;

  private constructor(source: PluginSource, location: string, sha256: string | undefined, name: string | undefined) {
    madeByFactory(this);
    this._source = source;
    this._location = location;
    this._sha256 = sha256;
    this._name = name;
  }
}

/** A ConnectorPlugin prop (src/core/input-shape.ts). */
export const connectorPlugin = Expect.made('ConnectorPlugin', () => ConnectorPlugin, "ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6')");

/** A plugin after checks. */
export interface ResolvedPlugin {
  readonly source: PluginSource;
  /** Directory under the plugin volume. */
  readonly directory: string;
  /** Download URL. */
  readonly url: string;
  readonly sha256?: string;
  /** How to unpack the download. */
  readonly format: 'zip' | 'tar' | 'jar';
}

const HUB = /^([a-z0-9][a-z0-9_.-]*)\/([a-z0-9][a-z0-9_.-]*):([0-9A-Za-z][0-9A-Za-z_.-]*)$/;
/**
 * Where the Hub serves a component version's zip (the download links of its pages, used
 * by Confluent's and many public Dockerfiles:
 * `hub-downloads.confluent.io/api/plugins/<owner>/<name>/versions/<version>/<owner>-<name>-<version>.zip`).
 */
export function confluentHubArchiveUrl(owner: string, name: string, version: string): string {
  return `https://hub-downloads.confluent.io/api/plugins/${owner}/${name}/versions/${version}/${owner}-${name}-${version}.zip`;
}

function checkSha256(scope: ErrorScope, prop: string, sha256: unknown): void {
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
    raise(scope, prop, sha256, 'a plugin download needs its SHA-256 (64 lower-case hex digits), so a changed or tampered file is refused',
      'Compute it with `sha256sum <file>` and pass it as sha256');
  }
}

/** Checks plugins together: well-formed, pinned, checksummed, one directory each. */
export function resolvePlugins(scope: ErrorScope, plugins: readonly ConnectorPlugin[] | undefined): ResolvedPlugin[] {
  if (plugins === undefined) return [];
  if (!Array.isArray(plugins)) raise(scope, 'plugins', plugins, 'it must be a list of ConnectorPlugin', 'Use [ConnectorPlugin.confluentHub(...), ...]');
  const seen = new Map<string, number>();
  return plugins.map((plugin, i) => {
    const prop = `plugins[${i}]`;
    if (!(plugin instanceof ConnectorPlugin)) {
      raise(scope, prop, plugin, 'it is not a ConnectorPlugin', 'Use ConnectorPlugin.confluentHub(...) or ConnectorPlugin.url(...)');
    }
    let resolved: ResolvedPlugin;
    if (plugin._source === PluginSource.CONFLUENT_HUB) {
      const m = HUB.exec(plugin._location);
      if (!m || m[3] === 'latest') {
        raise(scope, prop, plugin._location, 'Confluent Hub coordinates are owner/name:version with a fixed version',
          'Write them like "confluentinc/kafka-connect-jdbc:10.7.6"');
      }
      if (plugin._sha256 !== undefined) checkSha256(scope, `${prop}.sha256`, plugin._sha256);
      resolved = { source: plugin._source, directory: `${m[1]}-${m[2]}`, url: confluentHubArchiveUrl(m[1], m[2], m[3]), sha256: plugin._sha256, format: 'zip' };
    } else {
      checkSha256(scope, `${prop}.sha256`, plugin._sha256);
      if (typeof plugin._location !== 'string' || !HTTPS_URL.test(plugin._location)) {
        raise(scope, `${prop}.url`, plugin._location, 'a plugin URL must be https and contain no quotes, spaces or shell characters',
          'Use an https:// URL of the archive');
      }
      if (typeof plugin._name !== 'string' || !DIRECTORY.test(plugin._name)) {
        raise(scope, `${prop}.name`, plugin._name, 'it names the plugin\'s directory: lower-case letters, digits, "-", "_" and "."', 'Use e.g. "debezium-postgres"');
      }
      const path = plugin._location.split(/[?#]/)[0];
      const format = /\.zip$/i.test(path) ? 'zip' : /\.(tar\.gz|tgz)$/i.test(path) ? 'tar' : /\.jar$/i.test(path) ? 'jar' : undefined;
      if (format === undefined) {
        raise(scope, `${prop}.url`, plugin._location, 'the URL must end in .zip, .tar.gz, .tgz or .jar, so the installer knows how to unpack it',
          'Use the URL of the archive file itself');
      }
      resolved = { source: plugin._source, directory: plugin._name, url: plugin._location, sha256: plugin._sha256, format };
    }
    const previous = seen.get(resolved.directory);
    if (previous !== undefined) {
      raise(scope, prop, plugin._location, `plugins[${previous}] installs into the same directory ${resolved.directory}`, 'List each plugin once');
    }
    seen.set(resolved.directory, i);
    return resolved;
  });
}
