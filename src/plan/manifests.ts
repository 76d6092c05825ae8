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
    .sort((a, b) => a.name.localeCompare(b.name))
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
      objects.set(objectKey(o), o);
      const text = o.metadata.annotations?.[MODEL_ANNOTATION];
      if (text === undefined) continue;
      let model: Model;
      try {
        model = JSON.parse(text) as Model;
      } catch {
        return refuse(file, `${objectKey(o)} has a ${MODEL_ANNOTATION} annotation that is not JSON`, 'Give the output of cdk8s synth, unedited');
      }
      if (typeof model.v !== 'number' || model.v > MODEL_VERSION) {
        refuse(file, `${objectKey(o)} has a model of format ${model.v}, newer than this cdk8s-kafka reads (${MODEL_VERSION})`, 'Run the plan of the cdk8s-kafka version that synthesized it');
      }
      if (model.kind === 'KafkaCluster') clusters.set(modelKey(model), model);
      else components.set(modelKey(model), model);
    }
  }
  return { objects, clusters, components };
}
