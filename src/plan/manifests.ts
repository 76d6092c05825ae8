import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { raise } from '../core/errors';
import { MANAGED_BY } from '../core/labels';
import { ClusterModel, ComponentModel, Model, MODEL_ANNOTATION, MODEL_VERSION } from '../core/model-annotation';

// One synth output folder as the plan reads it: every Kubernetes object of its YAML
// files, the library's own objects by kind, namespace and name, and the model each
// construct left in its annotation (core/model-annotation.ts).


/** A Kubernetes object as synthesized. */
export interface ManifestObject {
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec?: any;
  readonly [key: string]: unknown;
}

/** One synth output folder, read. */
export interface Manifests {
  /** The library's own objects, by `kind namespace/name`. */
  readonly objects: ReadonlyMap<string, ManifestObject>;
  readonly clusters: ReadonlyMap<string, ClusterModel>;
  readonly components: ReadonlyMap<string, ComponentModel>;
}

/** `Kind namespace/name` (the namespace empty when the object has none). */
export function objectKey(o: Pick<ManifestObject, 'kind' | 'metadata'>): string {
  return `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** `namespace/name` of a model, how the plan matches a construct across the two folders. */
export function modelKey(m: Pick<Model, 'kind' | 'name' | 'namespace'>): string {
  return `${m.kind} ${m.namespace ?? ''}/${m.name}`;
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

/**
 * Reads every `*.yaml`/`*.yml` file under `dir`. Objects other tools made (without the
 * library's `managed-by` label) are skipped; a model of a newer format than this
 * library reads is refused.
 */
export function readManifests(dir: string, prop: string): Manifests {
  const refuse = (value: string, why: string, fix: string): never => raise('Plan.between', prop, value, why, fix);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) refuse(dir, 'it is not a folder', 'Give the synth output folder (cdk8s synth writes dist/)');
  const files = yamlFiles(dir);
  if (files.length === 0) refuse(dir, 'it holds no YAML file', 'Give the synth output folder (cdk8s synth writes dist/)');
  const objects = new Map<string, ManifestObject>();
  const clusters = new Map<string, ClusterModel>();
  const components = new Map<string, ComponentModel>();
  for (const file of files) {
    const parsed = parseAllDocuments(fs.readFileSync(file, 'utf8'));
    const failed = (Array.isArray(parsed) ? parsed : [parsed]).find(d => d.errors.length > 0);
    if (failed !== undefined) refuse(file, `it is not YAML (${failed.errors[0].message.split('\n')[0]})`, 'Give the output of cdk8s synth');
    const docs: unknown[] = (Array.isArray(parsed) ? parsed : [parsed]).map(d => d.toJS());
    for (const doc of docs) {
      const o = doc as ManifestObject | null;
      if (o === null || typeof o !== 'object' || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') continue;
      if (o.metadata.labels?.['app.kubernetes.io/managed-by'] !== MANAGED_BY) continue;
      // Two charts without a namespace may name the same object: one folder per environment.
      if (objects.has(objectKey(o))) refuse(file, `${objectKey(o)} appears twice in the folder`, 'Give each chart its namespace, or plan each environment from its own folder');
      objects.set(objectKey(o), o);
      const text = o.metadata.annotations?.[MODEL_ANNOTATION];
      if (text === undefined) continue;
      let model: Model;
      try {
        model = JSON.parse(text) as Model;
      } catch {
        return refuse(file, `${objectKey(o)} has a ${MODEL_ANNOTATION} annotation that is not JSON`, 'Give the output of cdk8s synth, unedited');
      }
      if (model === null || typeof model !== 'object' || typeof model.v !== 'number') {
        refuse(file, `${objectKey(o)} has a ${MODEL_ANNOTATION} annotation without a format version`, 'Give the output of cdk8s synth, unedited');
      }
      if (model.v > MODEL_VERSION) {
        refuse(file, `${objectKey(o)} has a model of format ${model.v}, newer than this cdk8s-kafka reads (${MODEL_VERSION})`, 'Run the plan of the cdk8s-kafka version that synthesized it');
      }
      if (!wellFormed(model)) refuse(file, `${objectKey(o)} has a ${MODEL_ANNOTATION} annotation that lacks fields of format ${model.v}`, 'Give the output of cdk8s synth, unedited');
      if (model.kind === 'KafkaCluster') clusters.set(modelKey(model), model);
      else components.set(modelKey(model), model);
    }
  }
  // A cluster synthesized by a version without models (the first plan after an upgrade of
  // cdk8s-kafka) would look new, and every change safe: refuse it instead.
  for (const o of objects.values()) {
    const instance = o.metadata.labels?.['app.kubernetes.io/instance'];
    if (o.kind === 'StatefulSet' && o.metadata.labels?.['app.kubernetes.io/name'] === 'kafka'
      && ![...clusters.values()].some(c => c.name === instance && (c.namespace ?? '') === (o.metadata.namespace ?? ''))) {
      refuse(dir, `${objectKey(o)} belongs to Kafka cluster ${instance}, which has no ${MODEL_ANNOTATION} annotation (synthesized by a cdk8s-kafka without plan models)`,
        'Synthesize both sides with this version of cdk8s-kafka (e.g. main after upgrading it), then plan');
    }
  }
  return { objects, clusters, components };
}

/** Whether a model has the fields its kind needs (format 1). */
function wellFormed(model: Model): boolean {
  if (typeof model.name !== 'string' || typeof model.version !== 'string') return false;
  if (model.kind === 'KafkaCluster') {
    return typeof model.clusterId === 'string' && Array.isArray(model.voters) && Array.isArray(model.listeners) && Array.isArray(model.topics)
      && Array.isArray(model.pools)
      && model.pools.every(p => Array.isArray(p.nodeIds) && Array.isArray(p.draining) && Array.isArray(p.disks) && Array.isArray(p.statefulSets));
  }
  return ['SchemaRegistry', 'Connect', 'KsqlDb'].includes(model.kind) && typeof model.identity === 'string' && typeof model.kafka === 'string';
}
