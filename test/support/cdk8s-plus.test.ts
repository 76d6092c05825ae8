import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { find, findAll, podSpecOf } from './objects';
import { restrictedViolations } from './restricted';
import { expectValidChart, findProblems, synthObjects } from './validate';

/**
 * End to end: a small real cdk8s-plus-27 chart through the whole harness.
 *
 * cdk8s-plus-27 defaults worth knowing: containers run as user 25000 / group
 * 26000 with a read-only root filesystem unless told otherwise, get default
 * resources (cpu 1000m-1500m, memory 512Mi-2048Mi), and it cannot express
 * `capabilities.drop: [ALL]` (its Capability enum has no ALL) or a seccomp
 * profile, so those need a JSON patch for the restricted profile.
 */
function kafkaChart(stsId = 'broker'): { app: App; chart: Chart } {
  const app = new App();
  const chart = new Chart(app, 'kafka', { namespace: 'kafka' });
  const config = new kplus.ConfigMap(chart, 'config', { data: { 'server.properties': 'num.partitions=3\n' } });
  const service = new kplus.Service(chart, 'headless', { clusterIP: 'None', ports: [{ name: 'client', port: 9092, targetPort: 9092 }] });
  const sts = new kplus.StatefulSet(chart, stsId, {
    service,
    replicas: 3,
    securityContext: { user: 1000, group: 1000, fsGroup: 1000, ensureNonRoot: true },
    containers: [{
      name: 'kafka',
      image: 'confluentinc/cp-kafka:7.9.0',
      portNumber: 9092,
      securityContext: { user: 1000, group: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
      resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } },
      volumeMounts: [{ path: '/etc/kafka', volume: kplus.Volume.fromConfigMap(chart, 'config-volume', config) }],
    }],
  });
  ApiObject.of(sts).addJsonPatch(
    JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
    JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
  );
  return { app, chart };
}

describe('a real cdk8s-plus-27 chart', () => {
  test('StatefulSet + headless Service + ConfigMap volume passes every check', () => {
    const objects = expectValidChart(kafkaChart().app);
    expect(findAll(objects, 'StatefulSet')).toHaveLength(1);
    const sts = findAll(objects, 'StatefulSet')[0];
    expect(sts.spec.serviceName).toBe(find(objects, 'Service', 'kafka-headless-c8054043').metadata.name);
    expect(podSpecOf(sts).volumes[0].configMap.name).toBe(findAll(objects, 'ConfigMap')[0].metadata.name);
    expect(restrictedViolations(podSpecOf(sts), sts.spec.template.metadata)).toEqual([]);
  });

  test('a chart and its app synthesize the same objects', () => {
    const { app, chart } = kafkaChart();
    expect(synthObjects(chart)).toEqual(synthObjects(app));
  });

  test('a construct id long enough to push the StatefulSet name past 52 characters is caught', () => {
    const objects = synthObjects(kafkaChart('broker-with-a-really-quite-long-descriptive-id').app);
    const name = String(findAll(objects, 'StatefulSet')[0].metadata.name);
    expect(name.length).toBeGreaterThan(52);
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      object: `apps/v1 StatefulSet kafka/${name}`,
      path: 'metadata.name',
      message: expect.stringContaining('must be no more than 52 characters'),
    })]);
  });
});
