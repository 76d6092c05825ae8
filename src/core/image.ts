import { ErrorScope, raise } from './errors';

/**
 * Where a component's container image comes from.
 */
export interface ImageOptions {
  /**
   * Registry and organisation that serve the Confluent images under their usual
   * names (`<registry>/cp-kafka:<tag>`), for a private mirror or a pull-through cache.
   *
   * @default "docker.io/confluentinc" — fully qualified, because CRI-O and Podman
   * refuse short names unless the node configures a search registry.
   */
  readonly registry?: string;

  /**
   * A complete image reference that replaces the catalog's image, for a custom build
   * (for example Connect with plugins baked in). It must carry a tag or a digest. The
   * component's `version` still decides configuration, so keep them in step.
   *
   * @default - the catalog image of the version
   */
  readonly image?: string;
}

/** The default registry: Docker Hub's `confluentinc` organisation, fully qualified. */
export const DEFAULT_REGISTRY = 'docker.io/confluentinc';

// Distribution reference grammar (github.com/distribution/reference, regexp.go), reduced:
// optional host[:port]/, lower-case path components, then :tag and/or @digest.
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{64}';
const REFERENCE = new RegExp(`^(?:${HOST}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const REGISTRY = new RegExp(`^${HOST}(?:/${PATH_COMPONENT})*$`);

/**
 * Checks an image reference: it must parse and be pinned by a tag or a digest, since an
 * untagged image means `:latest`, which changes under a running cluster and makes the
 * same manifest deploy different software on different days.
 */
export function checkImageReference(scope: ErrorScope, prop: string, image: string): string {
  const match = typeof image === 'string' ? REFERENCE.exec(image) : null;
  if (!match) {
    raise(scope, prop, image, 'it is not a container image reference',
      'Write it as [registry/]repository:tag or [registry/]repository@sha256:<digest>, e.g. "registry.example.com/confluentinc/cp-kafka:8.0.0"');
  }
  const [, tag, digest] = match;
  if (!tag && !digest) {
    raise(scope, prop, image, 'it has no tag or digest, so it means ":latest", which changes without notice',
      'Pin it with a tag or a digest, e.g. "cp-kafka:8.0.0"');
  }
  if (tag === 'latest' && !digest) {
    raise(scope, prop, image, 'the ":latest" tag changes without notice, so the same manifest would deploy different software',
      'Pin a release tag (e.g. ":8.0.0") or a digest');
  }
  return image;
}

/** Checks a registry prefix (`registry.example.com:5000/mirror/confluentinc`) and drops a trailing '/'. */
export function checkRegistry(scope: ErrorScope, prop: string, registry: string): string {
  const trimmed = typeof registry === 'string' ? registry.replace(/\/+$/, '') : registry;
  if (typeof trimmed !== 'string' || !REGISTRY.test(trimmed)) {
    raise(scope, prop, registry, 'it is not a registry host with an optional path',
      'Write it like "registry.example.com/confluentinc" (no scheme, no tag)');
  }
  return trimmed;
}

/**
 * The image a component runs: `options.image` when given (checked), otherwise
 * `<registry>/<repository>:<version>` from the catalog.
 */
export function resolveImage(scope: ErrorScope, prop: string, repository: string, tag: string, options: ImageOptions = {}): string {
  if (options.image !== undefined) {
    if (options.registry !== undefined) {
      raise(scope, `${prop}.registry`, options.registry, `image is a complete reference (${String(options.image)}), so the registry would be ignored`,
        'Put the registry in the image reference and remove registry, or remove image to use the catalog image from the registry');
    }
    return checkImageReference(scope, `${prop}.image`, options.image);
  }
  const registry = options.registry === undefined ? DEFAULT_REGISTRY : checkRegistry(scope, `${prop}.registry`, options.registry);
  return checkImageReference(scope, prop, `${registry}/${repository}:${tag}`);
}
