import { childPath } from './json-path';
import { JsonObject, obj } from './loose';

/**
 * Where each pod-bearing kind keeps its pod template, so checks can treat a
 * Pod, a StatefulSet and a CronJob alike.
 */

/** Path (from the object root) of the pod template's `metadata` and `spec`, per kind. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const POD_BEARING_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

export interface PodTemplate {
  /** The pod template's `metadata` (for a Pod: the Pod's own metadata). */
  readonly metadata: JsonObject;
  readonly spec: JsonObject;
  /** Dotted path of `metadata` within the owning object, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
  /** Dotted path of `spec` within the owning object, e.g. `spec.template.spec`. */
  readonly specPath: string;
}

/** The pod template of a pod-bearing object, or `undefined` for any other kind. */
export function podTemplateOf(manifest: unknown): PodTemplate | undefined {
  const object = obj(manifest);
  const segments = TEMPLATE_PATHS[String(object.kind)];
  if (segments === undefined) {
    return undefined;
  }
  const template = segments.reduce<JsonObject>((node, key) => obj(node[key]), object);
  return {
    metadata: obj(template.metadata),
    spec: obj(template.spec),
    metadataPath: childPath(childPath('', ...segments), 'metadata'),
    specPath: childPath(childPath('', ...segments), 'spec'),
  };
}

/** Which container list a container came from; all three share one name space in a pod. */
export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface ContainerRef {
  readonly list: ContainerList;
  readonly index: number;
  readonly container: JsonObject;
  readonly name: string | undefined;
}

/** Every container of a pod spec, init containers first, in declaration order. */
export function containersOf(podSpec: JsonObject): ContainerRef[] {
  const lists: ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];
  return lists.flatMap((list) => {
    const items = Array.isArray(podSpec[list]) ? (podSpec[list] as unknown[]) : [];
    return items.map((item, index) => {
      const container = obj(item);
      return {
        list,
        index,
        container,
        name: typeof container.name === 'string' ? container.name : undefined,
      };
    });
  });
}
