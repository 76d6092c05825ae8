import { envPropertyName } from '../../src/core/image-env';

/**
 * The checks Kafka's own KafkaConfig makes at start (apache/kafka KafkaConfig
 * validateValues, 3.9-4.1) that a rendered configuration can fail, applied to what a
 * StatefulSet's pods will run with: the ConfigMap's KAFKA_* variables, the container's
 * env and the node ids and advertised listeners its start script derives (from the
 * script's CDK8S_* variables, node-start.sh). A config the broker would reject at start
 * fails here, at test time.
 */
export function kafkaConfigProblems(objects: any[]): string[] {
  // One check per cluster: an app may hold several (each chart its namespace).
  const clusters = new Map<string, any[]>();
  for (const o of objects) {
    const key = `${o.metadata?.namespace ?? ''}/${o.kind === 'StatefulSet' ? o.spec.template.metadata.labels['app.kubernetes.io/instance'] ?? '' : ''}`;
    if (o.kind === 'StatefulSet') clusters.set(key, [...clusters.get(key) ?? [], o]);
  }
  return [...clusters.values()].flatMap(statefulSets => {
    const namespace = statefulSets[0].metadata?.namespace;
    return clusterConfigProblems([...statefulSets, ...objects.filter(o => o.kind === 'ConfigMap' && o.metadata?.namespace === namespace)]);
  });
}

/** kafkaConfigProblems for one cluster: its StatefulSets and the ConfigMaps of its namespace. */
function clusterConfigProblems(objects: any[]): string[] {
  const problems: string[] = [];
  const nodes: Array<{ sts: string; id: number; roles: string[] }> = [];
  let voterIds: number[] | undefined;

  const kafkaNodes = objects.filter(o => o.kind === 'StatefulSet' && o.spec.template.metadata.labels['app.kubernetes.io/name'] === 'kafka');
  for (const sts of kafkaNodes) {
    const name = sts.metadata.name;
    const container = sts.spec.template.spec.containers[0];
    const cm = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === container.envFrom[0].configMapRef.name);
    const env: Record<string, string> = { ...cm.data };
    for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) if (k.startsWith('KAFKA_') && k !== 'KAFKA_HEAP_OPTS') props[envPropertyName('KAFKA_', k)] = v;

    const fail = (msg: string) => problems.push(`${name}: ${msg}`);
    const roles = (props['process.roles'] ?? '').split(',');
    const broker = roles.includes('broker');
    const controller = roles.includes('controller');
    if (!(broker || controller) || roles.some(r => r !== 'broker' && r !== 'controller')) fail(`process.roles = ${props['process.roles']}`);
    if (!env.CLUSTER_ID) fail('CLUSTER_ID missing');

    const map = new Map((props['listener.security.protocol.map'] ?? '').split(',').filter(Boolean).map(e => e.split(':') as [string, string]));
    const listeners = (props.listeners ?? '').split(',').filter(Boolean).map(l => {
      const m = /^([A-Z0-9_]+):\/\/([^:]*):(\d+)$/.exec(l);
      if (!m) fail(`listener ${l} is malformed`);
      return { name: m?.[1] ?? l, host: m?.[2] ?? '', port: Number(m?.[3]) };
    });
    const controllerNames = (props['controller.listener.names'] ?? '').split(',').filter(Boolean);
    if (controllerNames.length === 0) fail('controller.listener.names is empty');
    for (const n of controllerNames) if (!map.has(n)) fail(`controller listener ${n} is not in listener.security.protocol.map`);
    for (const l of listeners) if (!map.has(l.name)) fail(`listener ${l.name} is not in listener.security.protocol.map`);
    if (new Set(listeners.map(l => l.name)).size !== listeners.length) fail('listener names repeat');
    if (new Set(listeners.map(l => l.port)).size !== listeners.length) fail('listener ports repeat');
    if (controller) {
      for (const n of controllerNames) if (!listeners.some(l => l.name === n)) fail(`controller listener ${n} is not in listeners`);
      if (listeners.some(l => l.host === '0.0.0.0' && controllerNames.includes(l.name))) fail('controller listener binds 0.0.0.0 (rejected by 3.9.0, KAFKA-18281)');
    }
    if (controller && !broker && listeners.some(l => !controllerNames.includes(l.name))) fail('controller-only node has non-controller listeners');
    if (broker) {
      const ibl = props['inter.broker.listener.name'];
      if (!listeners.some(l => l.name === ibl)) fail(`inter.broker.listener.name ${ibl} is not in listeners`);
      if (controllerNames.includes(ibl)) fail('inter-broker listener is a controller listener');
      // One listener a line, its name first; the script advertises them all.
      const advertised = env.CDK8S_ADVERTISED;
      if (!advertised) fail('broker has no advertised listeners');
      for (const a of (advertised ?? '').split('\n')) {
        const n = a.split(' ')[0];
        if (!listeners.some(l => l.name === n)) fail(`advertised listener ${n} is not in listeners`);
        if (controllerNames.includes(n)) fail(`advertised listener ${n} is a controller listener`);
      }
    } else if (env.CDK8S_ADVERTISED) {
      fail('controller-only node sets KAFKA_ADVERTISED_LISTENERS (the images refuse it)');
    }

    securityProblems(props, listeners.map(l => l.name), controllerNames, broker, env).forEach(fail);

    const voters = (props['controller.quorum.voters'] ?? '').split(',').filter(Boolean).map(v => {
      const m = /^(\d+)@([^:]+):(\d+)$/.exec(v);
      if (!m) fail(`voter ${v} is malformed`);
      return { id: Number(m?.[1]), port: Number(m?.[3]) };
    });
    if (voters.length === 0) fail('controller.quorum.voters is empty');
    const ids = voters.map(v => v.id);
    if (voterIds === undefined) voterIds = ids;
    else if (JSON.stringify(voterIds) !== JSON.stringify(ids)) fail('controller.quorum.voters differs between StatefulSets');

    const base = Number(container.env.find((e: any) => e.name === 'NODE_ID_BASE').value);
    const stride = Number(container.env.find((e: any) => e.name === 'NODE_ID_STRIDE').value);
    for (let ordinal = 0; ordinal < sts.spec.replicas; ordinal++) {
      const id = base + ordinal * stride;
      nodes.push({ sts: name, id, roles });
      if (controller && !ids.includes(id)) fail(`controller node ${id} is not a voter`);
      if (!controller && ids.includes(id)) fail(`broker-only node ${id} is in controller.quorum.voters`);
    }
    const rf = Number(props['default.replication.factor']);
    const minIsr = Number(props['min.insync.replicas']);
    if (!(minIsr >= 1 && (minIsr < rf || rf === 1))) fail(`min.insync.replicas ${minIsr} vs default.replication.factor ${rf}`);
  }
  const seen = new Map<number, string>();
  for (const n of nodes) {
    if (seen.has(n.id)) problems.push(`node id ${n.id} is used by ${seen.get(n.id)} and ${n.sts}`);
    seen.set(n.id, n.sts);
  }
  return problems;
}

/**
 * What Kafka's channel builders need per listener protocol (apache/kafka
 * ChannelBuilders, DefaultSslEngineFactory, JaasContext, 3.9-4.1), for every listener a
 * node uses, as server and as client (the inter-broker and controller listeners):
 * - SSL and SASL_SSL: a keystore and truststore; PEM stores take no store password, and
 *   no key password with an unencrypted key; a PEM keystore the start script writes;
 * - SASL: the listener enables mechanisms and has a server JAAS entry for each; SCRAM is
 *   not used on a controller listener (KRaft cannot bootstrap controllers with it);
 * - an authorizer needs super users, or nothing could administer the cluster.
 */
function securityProblems(
  props: Record<string, string>, listeners: string[], controllerNames: string[], broker: boolean, env: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const map = new Map((props['listener.security.protocol.map'] ?? '').split(',').filter(Boolean).map(e => e.split(':') as [string, string]));
  const used = new Set([...listeners, ...controllerNames, ...(broker ? [props['inter.broker.listener.name']] : [])]);
  const setting = (listener: string, key: string) => props[`listener.name.${listener.toLowerCase()}.${key}`] ?? props[key];
  for (const name of used) {
    const protocol = map.get(name);
    if (protocol === undefined) continue;
    if (protocol.endsWith('SSL')) {
      for (const key of ['ssl.keystore.location', 'ssl.truststore.location']) if (!setting(name, key)) problems.push(`${name} (${protocol}) has no ${key}`);
      if (setting(name, 'ssl.keystore.type') === 'PEM') {
        for (const key of ['ssl.keystore.password', 'ssl.key.password']) if (setting(name, key) !== undefined) problems.push(`${name}: ${key} with an unencrypted PEM keystore`);
        // The start script writes CDK8S_KEYSTORE_FILE when it has a certificate
        // (CDK8S_TLS_DIR), and CDK8S_LISTENER_KEYSTORE_FILE from CDK8S_LISTENER_TLS_DIR.
        const location = setting(name, 'ssl.keystore.location');
        const written = [
          env.CDK8S_TLS_DIR ? env.CDK8S_KEYSTORE_FILE : undefined,
          env.CDK8S_TLS_DIR && env.CDK8S_LISTENER_TLS_DIR ? env.CDK8S_LISTENER_KEYSTORE_FILE : undefined,
        ];
        if (!written.includes(location)) problems.push(`${name}: nothing writes the PEM keystore ${location}`);
      }
      if (setting(name, 'ssl.truststore.type') === 'PEM' && setting(name, 'ssl.truststore.password') !== undefined) problems.push(`${name}: ssl.truststore.password with a PEM truststore`);
    }
    if (protocol.startsWith('SASL_')) {
      const mechanisms = (setting(name, 'sasl.enabled.mechanisms') ?? 'GSSAPI').split(',');
      for (const mechanism of mechanisms) {
        const key = `listener.name.${name.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`;
        // PLAIN's entry holds passwords: the start script writes it into the rendered
        // properties from the mounted Secrets, for each listener of CDK8S_PLAIN_LISTENERS.
        const exported = mechanism === 'PLAIN' && (env.CDK8S_PLAIN_LISTENERS ?? '').split('\n').includes(name);
        if (!props[key] && !exported) problems.push(`${name}: no server JAAS entry for ${mechanism}`);
        if (controllerNames.includes(name) && mechanism.startsWith('SCRAM')) problems.push(`${name}: SCRAM on a controller listener`);
      }
    }
  }
  if (props['authorizer.class.name'] !== undefined && !(props['super.users'] ?? '').split(';').some(u => /^User:.+/.test(u))) {
    problems.push('an authorizer without super users');
  }
  return problems;
}
