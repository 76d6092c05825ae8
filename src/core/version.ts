import { raise } from './errors';
import { checkArguments, Expect, madeByFactory } from './input-shape';

interface ReleaseLine {
  /** Apache Kafka minor line the CP line carries. */
  readonly kafkaLine: string;
  /** Newest patch release confirmed when the catalog was last updated. */
  readonly newestPatch: string;
}

// CP release lines the library supports: KRaft-only, with Kafka's config definitions in
// ./config-keys. CP x.y carries Apache Kafka (x-4).y (platform streams upgrade guide,
// e.g. 8.3.0 <-> Kafka 4.3.0). Newest patches from the Confluent Platform changelogs
// (docs.confluent.io/platform/<line>/changelog.html). Base images from
// confluentinc/kafka-images Dockerfiles: 7.9.x and 8.0.x build FROM cp-base-new (curl
// installed), 8.1.x and later FROM cp-base-java (no curl, wget or netcat), which is why
// the nodes' probes and gates read metrics with bash alone.
const LINES: Readonly<Record<string, ReleaseLine>> = {
  '7.9': { kafkaLine: '3.9', newestPatch: '7.9.11' },
  '8.0': { kafkaLine: '4.0', newestPatch: '8.0.4' },
  '8.1': { kafkaLine: '4.1', newestPatch: '8.1.1' },
};

// Image tags are X.Y.Z, optionally with Confluent's build suffix (7.9.1-1-ubi8).
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z]([0-9A-Za-z.-]*[0-9A-Za-z])?)?$/;

/**
 * A Confluent Platform release: the version catalog every component takes its image
 * tag, Apache Kafka line and valid configuration keys from.
 *
 * Only KRaft-capable lines whose configuration the library knows are accepted:
 * 7.9 (Kafka 3.9), 8.0 (Kafka 4.0) and 8.1 (Kafka 4.1).
 */
export class ConfluentVersion {
  /** Confluent Platform 7.9 (Apache Kafka 3.9), the last line that also had ZooKeeper. */
  public static readonly V7_9 = ConfluentVersion.of(LINES['7.9'].newestPatch);
  /** Confluent Platform 8.0 (Apache Kafka 4.0), the first KRaft-only line. */
  public static readonly V8_0 = ConfluentVersion.of(LINES['8.0'].newestPatch);
  /** Confluent Platform 8.1 (Apache Kafka 4.1). */
  public static readonly V8_1 = ConfluentVersion.of(LINES['8.1'].newestPatch);

  /** The default for new clusters: the newest supported line. */
  public static readonly LATEST = ConfluentVersion.V8_1;

  /**
   * A specific release, e.g. `ConfluentVersion.of('8.0.2')`. The patch is taken as
   * given (it becomes the image tag); the line must be one the catalog supports.
   */
  public static of(version: string): ConfluentVersion {
    // It is the image tag and the app.kubernetes.io/version label value: at most 63 characters.
    const match = typeof version === 'string' && version.length <= 63 ? VERSION.exec(version) : null;
    if (!match) {
      raise('ConfluentVersion.of', 'version', version, 'it is not a Confluent Platform release number',
        `Write it as major.minor.patch, e.g. "${LINES['8.0'].newestPatch}"`);
    }
    const [, major, minor] = match;
    const line = `${Number(major)}.${Number(minor)}`;
    const release = LINES[line];
    if (!release) {
      raise('ConfluentVersion.of', 'version', version, unsupportedReason(Number(major), Number(minor)),
        `Use one of ${supportedLines()} (e.g. ConfluentVersion.V8_0), or ConfluentVersion.of("<line>.<patch>") for another patch of those lines`);
    }
    return new ConfluentVersion(version, line, release);
  }

  /** The release as given, also the image tag (`8.0.4`). */
  public readonly version: string;
  /** The release line (`8.0`). */
  public readonly line: string;
  /** The Apache Kafka minor line this release carries (`4.0`). */
  public readonly kafkaVersion: string;

  private constructor(version: string, line: string, release: ReleaseLine) {
    madeByFactory(this);
    this.version = version;
    this.line = line;
    this.kafkaVersion = release.kafkaLine;
  }

  /** Negative, zero or positive as this release is older than, the same as, or newer than `other`. */
  public compareTo(other: ConfluentVersion): number {
    checkArguments('ConfluentVersion.compareTo', [['other', other, confluentVersion]]);
    const a = numericParts(this.version);
    const b = numericParts(other.version);
    for (let i = 0; i < 3; i++) {
      if (a[i] !== b[i]) return a[i] - b[i];
    }
    return 0;
  }

  /** Whether this release is `other` or newer. */
  public isAtLeast(other: ConfluentVersion): boolean {
    checkArguments('ConfluentVersion.isAtLeast', [['other', other, confluentVersion]]);
    return this.compareTo(other) >= 0;
  }

  /**
   * Whether a component of this release is supported against brokers of `brokers`:
   * the same line or an older one. Confluent's upgrade order is brokers first, then the
   * components, so a component newer than its brokers is a combination nobody tests.
   */
  public supportsBrokers(brokers: ConfluentVersion): boolean {
    checkArguments('ConfluentVersion.supportsBrokers', [['brokers', brokers, confluentVersion]]);
    return compareLines(this.line, brokers.line) <= 0;
  }

  /** The release number, for messages. */
  public toString(): string {
    return this.version;
  }

}

function compareLines(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

function numericParts(version: string): number[] {
  return version.split(/[.-]/).slice(0, 3).map(Number);
}

/** The supported release lines, oldest first (`7.9`, `8.0`, ...). */
export function releaseLines(): string[] {
  return Object.keys(LINES).sort((a, b) => Number(a.split('.')[0]) - Number(b.split('.')[0]) || Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

function supportedLines(): string {
  return Object.keys(LINES).join(', ');
}

function unsupportedReason(major: number, minor: number): string {
  // CP 7.4 was the first line with production KRaft; before it only ZooKeeper mode was supported.
  if (major < 7 || (major === 7 && minor < 4)) {
    return `Confluent Platform ${major}.${minor} runs Kafka only with ZooKeeper, and this library deploys KRaft clusters only`;
  }
  if (major === 7) {
    return `Confluent Platform ${major}.${minor} is not in the catalog: its KRaft support predates KIP-853 and its configuration keys are not recorded`;
  }
  return `Confluent Platform ${major}.${minor} is not in the catalog yet (its configuration keys are not recorded)`;
}

/** A ConfluentVersion prop (src/core/input-shape.ts). */
export const confluentVersion = Expect.made('ConfluentVersion', () => ConfluentVersion, 'ConfluentVersion.V8_0');
