import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { kafkaSet, mutated } from './fixtures';
import { expectValidChart, synthObjects, validateManifests } from './validate';

describe('validateManifests', () => {
  test('returns quietly for a valid set', () => {
    expect(() => validateManifests(kafkaSet())).not.toThrow();
  });

  test('throws one Error listing every problem, one per line', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => {
      s.spec.replicaz = 3;
      s.spec.template.spec.containers[0].ports[0].name = 'kafka-client-listener';
    });
    expect(() => validateManifests(objects)).toThrow(
      '4 problems in 8 synthesized objects:\n' +
      'apps/v1 StatefulSet default/kafka spec.replicaz: unknown field (rejected by the Kubernetes 1.27.0 and 1.32.0 schemas)\n' +
      'apps/v1 StatefulSet default/kafka spec.template.spec.containers[0].ports[0].name: invalid port name "kafka-client-listener": must be no more than 15 characters (is 21)\n' +
      'apps/v1 StatefulSet default/kafka spec.template.spec.containers[0].readinessProbe.tcpSocket.port: ' +
      'probe uses port name "client", which container "kafka" does not declare (ports: kafka-client-listener, controller)\n' +
      'v1 Service default/kafka-headless spec.ports[0].targetPort: ' +
      'named targetPort "client" is not a container port name in StatefulSet/kafka (has: kafka-client-listener, controller)');
  });
});

describe('charts and apps', () => {
  // Declared second-then-first, but 'second' depends on 'first', so synth order is first, second.
  function twoCharts(): App {
    const app = new App();
    const second = new Chart(app, 'second');
    new kplus.ConfigMap(second, 'b', { data: { k: 'v' } });
    const first = new Chart(app, 'first');
    new kplus.ConfigMap(first, 'a', { data: { k: 'v' } });
    second.addDependency(first);
    return app;
  }

  test('synthObjects of an app concatenates its charts in synth (dependency) order', () => {
    expect(synthObjects(twoCharts()).map((o) => o.metadata.name)).toEqual([expect.stringMatching(/^first-a-/), expect.stringMatching(/^second-b-/)]);
  });

  test('expectValidChart synthesizes, validates and returns the objects', () => {
    expect(expectValidChart(twoCharts())).toHaveLength(2);
    const app = new App();
    const chart = new Chart(app, 'broken');
    new kplus.ConfigMap(chart, 'cm', { data: { 'bad key': 'v' } });
    expect(() => expectValidChart(chart)).toThrow(/data\["bad key"\]: invalid key "bad key"/);
  });
});
