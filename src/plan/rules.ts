import { ManifestObject, Manifests } from './manifests';
import { ClusterModel, ComponentModel, PoolModel } from '../core/model-annotation';
import { releaseLines } from '../core/version';

// The rules of the change-safety plan: each compares one construct's model (or one of
// the library's objects) before and after, and says what the change does in Kafka terms
// and how to make it safely. Pure functions of the two folders' contents.

/** How far a change reaches. */
export enum ChangeClass {
  /** Rides a rolling restart one node at a time, or changes no pod. */
  SAFE = 'safe',
  /** Clients reconnect or a component restarts at once; no data is lost. */
  DISRUPTIVE = 'disruptive',
  /** Can lose data or availability. */
  DANGEROUS = 'dangerous',
  /** The API server refuses the apply as it is. */
  BLOCKED = 'blocked',
}

/** One change of the plan. */
export interface PlannedChange {
  /** How far it reaches. */
  readonly classification: ChangeClass;
  /** What changes: a construct (`KafkaCluster kafka/events`) or an object (`StatefulSet kafka/events-brokers`). */
  readonly subject: string;
  /** What the change does, in Kafka terms. */
  readonly description: string;
  /** How to make it safely, or the recipe that gets it applied; absent when nothing is to do. */
  readonly procedure?: string;
  /**
   * Which rule found it (`topic-deleted`, `brokers-removed`...), for a dangerous or
   * blocked change: `--accept '<subject>#<rule>'` says a pull request means it.
   */
  readonly rule?: string;
}

type Change = PlannedChange;

const OPS = 'docs/operations.md';

function change(classification: ChangeClass, subject: string, description: string, procedure?: string, rule?: string): Change {
  return { classification, subject, description, procedure, rule };
}

/** A dangerous change, found by `rule`. */
function danger(rule: string, subject: string, description: string, procedure: string): Change {
  return change(ChangeClass.DANGEROUS, subject, description, procedure, rule);
}

/** `Kind namespace/name`, or `Kind name` without a namespace. */
function subjectOf(kind: string, m: { readonly name: string; readonly namespace?: string }): string {
  return m.namespace === undefined ? `${kind} ${m.name}` : `${kind} ${m.namespace}/${m.name}`;
}

function ids(list: readonly number[]): string {
  return list.length === 0 ? 'none' : list.join(', ');
}

function minus(a: readonly number[], b: readonly number[]): number[] {
  return a.filter(x => !b.includes(x));
}

function bytes(n: number): string {
  const gib = n / 2 ** 30;
  return Number.isInteger(gib) ? `${gib}Gi` : `${n} bytes`;
}

/** `{ line index, patch }` of a `major.minor.patch[-build]` release, or undefined for an unknown line. */
function release(version: string): { line: number; patch: number; text: string } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (m === null) return undefined;
  const line = releaseLines().indexOf(`${Number(m[1])}.${Number(m[2])}`);
  return line < 0 ? undefined : { line, patch: Number(m[3]), text: version };
}

/** A release change: a downgrade or a jump over a line is dangerous, the rest rolls. */
function versionChange(subject: string, what: string, before: string, after: string, rolls: string, finalize: boolean): Change | undefined {
  if (before === after) return undefined;
  const b = release(before);
  const a = release(after);
  if (b === undefined || a === undefined) {
    return danger('version-unknown', subject, `${what} changes from ${before} to ${after}, a line this plan does not know`, 'Use a supported release line');
  }
  if (a.line < b.line || (a.line === b.line && a.patch < b.patch)) {
    return danger('downgrade', subject, `${what} goes back from ${before} to ${after}: Kafka does not support a downgrade once the new release has written its metadata or features`,
      `Keep ${before}; ${OPS} "Upgrading to a new release" says what can be undone before finalizedVersion`);
  }
  if (a.line - b.line > 1) {
    return danger('version-jump', subject, `${what} jumps from ${before} to ${after}, over a release line: Confluent supports upgrades one line at a time`,
      `Upgrade to ${releaseLines()[b.line + 1]} first, let every node run it, then to ${after} (${OPS} "Upgrading to a new release")`);
  }
  return change(ChangeClass.SAFE, subject, `${what} changes from ${before} to ${after}: ${rolls}`,
    finalize && a.line > b.line ? `Once every node runs it, set finalizedVersion to turn on its features (${OPS} "Upgrading to a new release")` : undefined);
}

/** The changes of one Kafka cluster. */
export function clusterChanges(before: ClusterModel | undefined, after: ClusterModel | undefined): Change[] {
  const subject = subjectOf('KafkaCluster', (after ?? before)!);
  if (before === undefined) return [change(ChangeClass.SAFE, subject, 'a new cluster is created')];
  if (after === undefined) {
    return [danger('cluster-removed', subject, 'the cluster leaves the manifests: an apply that prunes deletes its nodes and Services (their volume claims stay, retained)',
      'Keep it in the program; to retire it, move its clients and topics off first, then remove it on purpose')];
  }
  const out: Change[] = [];
  if (before.clusterId !== after.clusterId) {
    out.push(danger('cluster-id', subject, `the KRaft cluster id changes (${before.clusterId} → ${after.clusterId}): nodes whose disks were formatted for the old id refuse to start, new ones start an empty cluster`,
      'Keep clusterId as it was; it is fixed for the life of the cluster'));
  }
  if (before.voters.join() !== after.voters.join()) {
    out.push(danger('voters', subject, `the KRaft voter set changes (${ids(before.voters)} → ${ids(after.voters)}): with a static quorum the voters' configuration no longer agrees, and the quorum can lose its majority`,
      `Follow ${OPS} "Changing the controllers"`));
  }
  const version = versionChange(subject, 'the Kafka release', before.version, after.version, 'the roll restarts the nodes onto it one at a time, voters first', true);
  if (version !== undefined) out.push(version);
  if (after.finalizedVersion !== undefined && after.finalizedVersion !== before.finalizedVersion) {
    out.push(change(ChangeClass.SAFE, subject, `the features Job turns on the features of ${after.finalizedVersion}: no pod restarts, and from then on the release cannot go back`));
  }
  if (after.replicationFactor < before.replicationFactor) {
    out.push(danger('replication-factor', subject, `the default replication factor drops (${before.replicationFactor} → ${after.replicationFactor}): new topics keep fewer copies and survive fewer lost brokers`,
      'Keep the replication factor; lower it only for a dev cluster'));
  }
  if (after.minInSyncReplicas < before.minInSyncReplicas) {
    out.push(danger('min-isr', subject, `min.insync.replicas drops (${before.minInSyncReplicas} → ${after.minInSyncReplicas}): an acks=all write is acknowledged with fewer copies, so a broker loss can lose it`,
      'Keep min.insync.replicas'));
  }
  if ((before.nodesIssuer === undefined) !== (after.nodesIssuer === undefined)) {
    out.push(danger('tls-toggled', subject, `TLS is turned ${after.nodesIssuer === undefined ? 'off' : 'on'} between the nodes: the replication and controller listeners change protocol, and during the roll nodes on the old and new protocol cannot reach each other, so the quorum and replication stop`,
      'Plan a full restart window: apply, then restart every node together (data is kept); or build a new cluster and mirror to it'));
  }
  if (!before.pruneTopics && after.pruneTopics) {
    out.push(danger('prune-topics-on', subject, 'prune.topics turns on: the topics Job deletes every topic it made that the program no longer declares, including ones removed from code long ago, with their records',
      `Read the topics Job's last log ("kept" lines) and declare what must stay first (${OPS} "Removing topics, users, ACLs and quotas")`));
  }
  if (!before.pruneAccess && after.pruneAccess) {
    out.push(danger('prune-access-on', subject, 'pruning of users, ACLs or quotas turns on: the access Job deletes every one it made that the program no longer declares, and clients that still use them are refused',
      `Read the access Job's last log and declare what must stay first (${OPS} "Removing topics, users, ACLs and quotas")`));
  }
  for (const [which, b, a] of [['nodes\'', before.nodesIssuer, after.nodesIssuer], ['clients\'', before.clientsIssuer, after.clientsIssuer]] as const) {
    if (b !== undefined && a !== undefined && b !== a) {
      out.push(danger('ca-replaced', subject, `the ${which} certificate authority is replaced (${b} → ${a}): until every node has restarted, nodes or clients on the old and new CA do not trust each other`,
        `Follow ${OPS} "Certificates: whose CA signs what, and changing it"`));
    }
  }
  out.push(...poolChanges(subject, before, after), ...listenerChanges(subject, before, after), ...topicChanges(subject, before, after));
  return out;
}

function poolChanges(subject: string, before: ClusterModel, after: ClusterModel): Change[] {
  const out: Change[] = [];
  for (const b of before.pools) {
    const a = after.pools.find(p => p.name === b.name);
    const pool = `${subject}, pool ${b.name}`;
    const broker = b.roles.includes('broker');
    if (a === undefined) {
      if (broker && minus(b.nodeIds, b.draining).length > 0) {
        out.push(danger('pool-removed', pool, `the pool is removed with brokers ${ids(minus(b.nodeIds, b.draining))}, which were not drained: the partition replicas they hold are lost`,
          `Set drainTo: 0 on the pool, apply and wait for the drain Job, then remove it (${OPS} "Scaling in: removing brokers")`));
      } else {
        out.push(change(ChangeClass.SAFE, pool, broker ? 'the drained pool is removed; the unregister Job removes its brokers from the metadata' : 'the pool is removed'));
      }
      continue;
    }
    const removed = minus(b.nodeIds, a.nodeIds);
    const added = minus(a.nodeIds, b.nodeIds);
    if (removed.length > 0 && added.length > 0) {
      out.push(danger('node-ids', pool, `the pool's node ids move (${ids(removed)} → ${ids(added)}): its pods keep their disks but come back as other nodes, whose data Kafka does not know`,
        'Keep nodeIdBase (and the zones) as they were'));
    } else if (removed.length > 0) {
      const undrained = broker ? minus(removed, b.draining) : [];
      if (undrained.length > 0) {
        out.push(danger('brokers-removed', pool, `brokers ${ids(undrained)} are removed without a drain: the partition replicas they hold are lost, and partitions with fewer copies than min.insync.replicas stop taking writes`,
          `Set drainTo: ${a.nodeIds.length} first, apply and wait for the drain Job, then lower replicas (${OPS} "Scaling in: removing brokers")`));
      } else {
        out.push(change(ChangeClass.SAFE, pool, `nodes ${ids(removed)} are removed${broker ? ' (drained); the unregister Job removes them from the metadata' : ''}`));
      }
    } else if (added.length > 0) {
      out.push(change(ChangeClass.SAFE, pool, `nodes ${ids(added)} are added${broker ? '; the balance Job moves partitions onto them' : ''}`));
    }
    const draining = minus(a.draining, b.draining);
    if (draining.length > 0) {
      out.push(change(ChangeClass.SAFE, pool, `brokers ${ids(draining)} are drained: the drain Job moves their partition replicas to the other brokers, throttled; they keep running, empty`,
        `Once the drain Job has succeeded, lower replicas to ${a.nodeIds.length - a.draining.length} (${OPS} "Scaling in: removing brokers")`));
    }
    out.push(...statefulSetChanges(pool, b, a), ...diskChanges(pool, b, a));
  }
  for (const a of after.pools.filter(p => !before.pools.some(b => b.name === p.name))) {
    out.push(change(ChangeClass.SAFE, `${subject}, pool ${a.name}`, `a new pool with nodes ${ids(a.nodeIds)}`));
  }
  return out;
}

/**
 * A pod's claims carry its StatefulSet's name: a StatefulSet that goes (zones changed)
 * leaves its claims behind, and a node id that moves to another StatefulSet (zones
 * reordered) comes back on another pod's disk.
 */
function statefulSetChanges(pool: string, b: PoolModel, a: PoolModel): Change[] {
  const out: Change[] = [];
  const home = (p: PoolModel) => new Map(p.statefulSets.flatMap(sts => sts.nodeIds.map(id => [id, sts.name] as const)));
  const before = home(b);
  const after = home(a);
  for (const sts of b.statefulSets) {
    if (a.statefulSets.some(x => x.name === sts.name)) continue;
    const kept = sts.nodeIds.filter(id => after.has(id) && !b.draining.includes(id));
    if (kept.length > 0) {
      out.push(danger('statefulset-removed', pool, `StatefulSet ${sts.name}${sts.zone === undefined ? '' : ` (zone ${sts.zone})`} goes while nodes ${ids(kept)} stay: they come back in another StatefulSet, on new empty claims`,
        'Keep the pool\'s zones as they are (their order too); move to a new pool to change zones'));
    }
  }
  const moved = [...after].filter(([id, sts]) => before.has(id) && before.get(id) !== sts && b.statefulSets.some(x => x.name === sts));
  if (moved.length > 0) {
    out.push(danger('node-moved', pool, `nodes ${ids(moved.map(([id]) => id))} move to another StatefulSet (zones reordered): each comes back on another pod's disk, whose data belongs to another node`,
      'Keep the order of the zones'));
  }
  return out;
}

function diskChanges(pool: string, b: PoolModel, a: PoolModel): Change[] {
  const out: Change[] = [];
  if (b.storage === 'persistent' && a.storage === 'ephemeral') {
    return [danger('ephemeral', pool, 'storage becomes ephemeral: the nodes restart on empty disks and their data is gone (from every node, as the roll goes)',
      'Keep Storage.persistent(...); move to a new pool to change storage')];
  }
  b.disks.forEach((bd, i) => {
    const ad = a.disks[i];
    if (ad === undefined) {
      out.push(danger('disk-removed', pool, `disk ${i} is removed: the log directory on it, and the partitions in it, are gone`, 'Keep the disk; move to a new pool to change disks'));
      return;
    }
    if (ad.sizeBytes < bd.sizeBytes) {
      out.push(danger('disk-shrink', pool, `disk ${i} shrinks (${bytes(bd.sizeBytes)} → ${bytes(ad.sizeBytes)}): Kubernetes cannot shrink a claim, and a smaller disk may not hold the data`,
        'Keep the size; move to a new pool with smaller disks to shrink'));
    } else if (ad.sizeBytes > bd.sizeBytes) {
      out.push(change(ChangeClass.SAFE, pool, `disk ${i} grows (${bytes(bd.sizeBytes)} → ${bytes(ad.sizeBytes)}): the claims are expanded in place`, `Follow ${OPS} "Growing disks" (initialSize keeps the claim template)`));
    }
    if ((ad.storageClass ?? '') !== (bd.storageClass ?? '')) {
      out.push(danger('storage-class', pool, `disk ${i} changes storage class (${bd.storageClass ?? 'default'} → ${ad.storageClass ?? 'default'}): existing claims keep their class, new nodes get the other one`,
        'Keep the storage class; move to a new pool to change it'));
    }
  });
  return out;
}

function listenerChanges(subject: string, before: ClusterModel, after: ClusterModel): Change[] {
  const out: Change[] = [];
  for (const b of before.listeners) {
    const a = after.listeners.find(l => l.name === b.name);
    const listener = `${subject}, listener ${b.name}`;
    if (a === undefined) {
      out.push(change(ChangeClass.DISRUPTIVE, listener, 'the listener is removed: its clients are disconnected as the brokers roll', 'Move its clients to another listener first'));
    } else if (a.port !== b.port || a.protocol !== b.protocol || a.authentication !== b.authentication) {
      out.push(change(ChangeClass.DISRUPTIVE, listener, `the listener changes (${b.port} ${b.protocol} ${b.authentication} → ${a.port} ${a.protocol} ${a.authentication}): each client must switch as the brokers roll`,
        'Add a new listener next to it, move the clients, then remove the old one'));
    }
  }
  for (const a of after.listeners.filter(l => !before.listeners.some(b => b.name === l.name))) {
    out.push(change(ChangeClass.SAFE, `${subject}, listener ${a.name}`, `a new listener on ${a.port} (${a.protocol}); the brokers roll to open it`));
  }
  return out;
}

function topicChanges(subject: string, before: ClusterModel, after: ClusterModel): Change[] {
  const out: Change[] = [];
  for (const b of before.topics) {
    const a = after.topics.find(t => t.name === b.name);
    const topic = `${subject}, topic ${b.name}`;
    if (a === undefined) {
      out.push(after.pruneTopics
        ? danger('topic-deleted', topic, 'the topic is no longer declared and prune.topics is on: the topics Job deletes it with all its records', 'Keep the addTopic, or turn prune.topics off to leave it in Kafka')
        : change(ChangeClass.SAFE, topic, 'the topic is no longer declared: it stays in Kafka, unmanaged'));
      continue;
    }
    if (a.partitions < b.partitions) {
      out.push(danger('partitions-decreased', topic, `partitions decrease (${b.partitions} → ${a.partitions}): Kafka cannot remove partitions; the topics Job refuses and fails`,
        'Keep the partitions; to have fewer, create a new topic and move the producers and consumers'));
    } else if (a.partitions > b.partitions) {
      out.push(change(ChangeClass.SAFE, topic, `partitions increase (${b.partitions} → ${a.partitions}): keys map to other partitions from then on`));
    }
    if (a.minInSyncReplicas < b.minInSyncReplicas) {
      out.push(danger('topic-min-isr', topic, `min.insync.replicas drops (${b.minInSyncReplicas} → ${a.minInSyncReplicas}): an acks=all write is acknowledged with fewer copies, so a broker loss can lose it`,
        'Keep the topic\'s minInSyncReplicas'));
    }
    if (a.replicationFactor !== b.replicationFactor) {
      out.push(danger('topic-replication-factor', topic, `the replication factor changes (${b.replicationFactor} → ${a.replicationFactor}): the topics Job does not reassign replicas and fails`,
        'Keep it; change it with a partition reassignment (kafka-reassign-partitions) first'));
    }
  }
  for (const a of after.topics.filter(t => !before.topics.some(b => b.name === t.name))) {
    out.push(change(ChangeClass.SAFE, `${subject}, topic ${a.name}`, `a new topic (${a.partitions} partitions, ${a.replicationFactor} copies)`));
  }
  return out;
}

const IDENTITY: Record<ComponentModel['kind'], { what: string; classification: ChangeClass; why: string; procedure: string }> = {
  SchemaRegistry: {
    what: 'schemas topic',
    classification: ChangeClass.DANGEROUS,
    why: 'the registry starts on an empty topic: every schema and id clients know is gone from it',
    procedure: 'Keep the topic; copy the schemas to a new one before moving',
  },
  Connect: {
    what: 'group id',
    classification: ChangeClass.DISRUPTIVE,
    why: 'the workers form a new Connect cluster: connectors, their configs and source offsets of the old group are not carried over',
    procedure: 'Keep groupId; connectors are re-created by their apply Jobs, source offsets are not',
  },
  KsqlDb: {
    what: 'service id',
    classification: ChangeClass.DISRUPTIVE,
    why: 'the servers start as a new ksqlDB cluster: the queries of the old one are not run, and their state is rebuilt from scratch',
    procedure: 'Keep serviceId',
  },
};

/** The changes of one component. */
export function componentChanges(before: ComponentModel | undefined, after: ComponentModel | undefined): Change[] {
  const m = (after ?? before)!;
  const subject = subjectOf(m.kind, m);
  if (before === undefined) return [change(ChangeClass.SAFE, subject, 'a new component is created')];
  if (after === undefined) return [change(ChangeClass.DISRUPTIVE, subject, 'the component leaves the manifests: an apply that prunes stops it, and its callers fail')];
  const out: Change[] = [];
  const identity = IDENTITY[after.kind];
  if (before.identity !== after.identity) {
    out.push(change(identity.classification, subject, `the ${identity.what} changes (${before.identity} → ${after.identity}): ${identity.why}`, identity.procedure, 'identity'));
  }
  if (before.kafka !== after.kafka) {
    out.push(change(identity.classification, subject, `it moves to another Kafka cluster (${before.kafka} → ${after.kafka}), where its ${identity.what} ${after.identity} starts anew: ${identity.why}`,
      'Keep it on its cluster; to move, copy its topics first (Connect.addMirror)', 'cluster-moved'));
  }
  if (before.scheme !== after.scheme || before.authenticated !== after.authenticated) {
    const show = (c: ComponentModel) => `${c.scheme}${c.authenticated ? ' with HTTP basic' : ''}`;
    out.push(change(ChangeClass.DISRUPTIVE, subject, `the REST API changes (${show(before)} → ${show(after)}): every caller must switch at the same apply`,
      `Add the callers first, then switch (${OPS} "The components' REST APIs")`));
  }
  const version = versionChange(subject, 'the release', before.version, after.version, 'the component rolls onto it', false);
  if (version !== undefined) out.push(version);
  return out;
}

const STATEFUL_SET_IMMUTABLE = ['selector', 'serviceName', 'volumeClaimTemplates', 'podManagementPolicy'];

/** Deep equality whatever the order of keys (another tool may have rewritten the YAML). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map(k => [k, canonical((value as Record<string, unknown>)[k])]));
}

/** The changes of one of the library's objects the API server would refuse, or that roll pods. */
export function objectChanges(key: string, before: ManifestObject | undefined, after: ManifestObject | undefined): Change[] {
  if (after === undefined) return [];
  // A new StatefulSet is checked too, for what would delete its data later.
  if (before === undefined) return retentionChanges(key, undefined, after);
  const [kind, where] = key.split(' ');
  const [namespace, name] = where.split('/');
  const ns = namespace === '' ? '' : ` -n ${namespace}`;
  const out: Change[] = [];
  if (kind === 'StatefulSet') {
    const fields = STATEFUL_SET_IMMUTABLE.filter(f => !same(before.spec?.[f], after.spec?.[f]));
    if (fields.length > 0) {
      out.push(change(ChangeClass.BLOCKED, key, `${fields.join(', ')} cannot change on a StatefulSet: the API server refuses the apply`,
        `kubectl${ns} delete statefulset ${name} --cascade=orphan (the pods and their claims stay), then apply: the new StatefulSet adopts the pods`, 'immutable-statefulset'));
    }
    out.push(...retentionChanges(key, before, after));
  }
  if (kind === 'Deployment' && !same(before.spec?.selector, after.spec?.selector)) {
    out.push(change(ChangeClass.BLOCKED, key, 'the selector cannot change on a Deployment: the API server refuses the apply', `kubectl${ns} delete deployment ${name}, then apply (its pods restart)`, 'deployment-selector'));
  }
  if (kind === 'Job' && !same(before.spec?.template, after.spec?.template)) {
    out.push(change(ChangeClass.BLOCKED, key, 'a Job\'s pod template cannot change: the API server refuses the apply', `kubectl${ns} delete job ${name}, then apply`, 'job-template'));
  }
  return out;
}

/** A StatefulSet whose claims become deleted with it or on scale-down (absent counts as Retain, the default). */
function retentionChanges(key: string, before: ManifestObject | undefined, after: ManifestObject): Change[] {
  if (after.kind !== 'StatefulSet') return [];
  const was = before?.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const is = after.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  if (!(['whenDeleted', 'whenScaled'] as const).some(f => is[f] === 'Delete' && was[f] !== 'Delete')) return [];
  return [danger('pvc-retention', key, 'its volume claims are deleted with it (PVC retention Delete): deleting or scaling the StatefulSet deletes their data',
    'Keep whenDeleted and whenScaled Retain')];
}

/** A workload whose kind changed under the same name (Connect's Deployment became a StatefulSet). */
export function kindChanges(before: Manifests, after: Manifests): Change[] {
  const workloads = ['Deployment', 'StatefulSet'];
  const out: Change[] = [];
  for (const [key, o] of before.objects) {
    if (!workloads.includes(o.kind) || after.objects.has(key)) continue;
    const other = workloads.find(k => k !== o.kind)!;
    const replacement = [...after.objects.keys()].find(k => k === key.replace(o.kind, other));
    if (replacement !== undefined) {
      out.push(change(ChangeClass.DISRUPTIVE, key, `becomes a ${other}: until the ${o.kind} is deleted, its pods run beside the new ones behind the same Service`,
        `Delete the ${o.kind} in the same change (a pruning apply does), or first (${OPS} "The components' REST APIs")`));
    }
  }
  return out;
}

/** Whether a workload's pod template changes: its pods roll. */
export function rollChanges(key: string, before: ManifestObject | undefined, after: ManifestObject | undefined): Change[] {
  if (before === undefined || after === undefined || !['StatefulSet', 'Deployment'].includes(after.kind)) return [];
  if (same(before.spec?.template, after.spec?.template)) return [];
  const kafka = after.metadata.labels?.['app.kubernetes.io/name'] === 'kafka';
  return [change(ChangeClass.SAFE, key, kafka
    ? 'its pod template changes: the roll restarts its nodes one at a time, each only when Kafka says it is safe'
    : 'its pod template changes: its rolling update restarts the pods one at a time')];
}
