import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClientPeer, ClientPeerKind } from './client-peer';
import { formatViolation } from '../core/errors';

/** Where a pod template sits in each workload kind. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

interface PodTemplateLabels {
  readonly namespace: string | undefined;
  readonly labels: Record<string, string>;
}

// One synth validates every component with pod peers, and each would render every
// workload of the app again (a StatefulSet's toJson resolves its scripts): the templates
// are kept for the rest of the synchronous run that read them, as long as the tree has the
// same constructs, and dropped at the next turn of the event loop.
const TEMPLATES = new WeakMap<IConstruct, { readonly constructs: number; readonly templates: PodTemplateLabels[] }>();

/** Labels and namespace of every pod template the app defines. */
function podTemplates(root: IConstruct): PodTemplateLabels[] {
  const constructs = root.node.findAll();
  const cached = TEMPLATES.get(root);
  if (cached !== undefined && cached.constructs === constructs.length) return cached.templates;
  const found: PodTemplateLabels[] = [];
  for (const c of constructs) {
    if (!ApiObject.isApiObject(c) || TEMPLATE_PATHS[c.kind] === undefined) continue;
    const json = c.toJson();
    const template = TEMPLATE_PATHS[c.kind].reduce((o: any, key) => o?.[key], json);
    found.push({ namespace: json.metadata?.namespace ?? Chart.of(c).namespace, labels: template?.metadata?.labels ?? {} });
  }
  if (cached === undefined) setImmediate(() => TEMPLATES.delete(root));
  TEMPLATES.set(root, { constructs: constructs.length, templates: found });
  return found;
}

/**
 * Violations for `ClientPeer.pods` peers that select no pod of the app in `namespace`:
 * a selector with a typo admits nobody, and the clients it meant would fail to connect
 * with nothing in the manifests to say why.
 */
export function unmatchedPeerViolations(
  scope: IConstruct, namespace: string | undefined, checks: ReadonlyArray<{ prop: string; peers: readonly ClientPeer[] }>,
): string[] {
  const toCheck = checks.flatMap(c => c.peers.map((peer, i) => ({ prop: `${c.prop}[${i}]`, peer }))).filter(c => c.peer._kind === ClientPeerKind.PODS);
  if (toCheck.length === 0) return [];
  const templates = podTemplates(scope.node.root).filter(t => t.namespace === namespace);
  return toCheck
    .filter(({ peer }) => !templates.some(t => Object.entries(peer._podLabels!).every(([k, v]) => t.labels[k] === v)))
    .map(({ prop, peer }) => formatViolation({
      path: scope.node.path,
      prop,
      value: `ClientPeer.pods(${JSON.stringify(peer._podLabels)})`,
      why: `no workload of this app in namespace ${namespace ?? '(none)'} has pods with these labels, so the rule would admit nobody`,
      fix: 'Fix the labels, or use ClientPeer.podsElsewhere(...) for pods another tool deploys, or ClientPeer.namespace(...) for another namespace',
    }));
}
