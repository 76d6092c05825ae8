import { kafkaSet, mutated } from './fixtures';
import { findProblems } from './validate';

const STS = 'apps/v1 StatefulSet default/kafka';
const withPod = (change: (spec: any) => void): any[] => mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => change(s.spec.template.spec));

describe('containers and ports', () => {
  test('the unmutated fixture passes', () => {
    expect(findProblems(kafkaSet())).toEqual([]);
  });

  test('a container port name over 15 characters', () => {
    const objects = withPod((spec) => { spec.containers[0].ports[1].name = 'controller-plane'; });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.containers[0].ports[1].name',
      message: 'invalid port name "controller-plane": must be no more than 15 characters (is 16)',
    }]);
  });

  test('duplicate container names across initContainers and containers', () => {
    const objects = withPod((spec) => { spec.initContainers = [{ name: 'kafka', image: 'busybox' }]; });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.containers[0].name',
      message: 'duplicate container name "kafka" (also spec.template.spec.initContainers[0]); names must be unique across initContainers, containers and ephemeralContainers',
    }]);
  });

  test('a container name that is not a DNS label', () => {
    const objects = withPod((spec) => { spec.containers[0].name = 'Kafka'; });
    expect(findProblems(objects)).toContainEqual(expect.objectContaining({
      path: 'spec.template.spec.containers[0].name',
      message: expect.stringContaining('invalid container name "Kafka"'),
    }));
  });

  test('duplicate port names in one container', () => {
    const objects = withPod((spec) => { spec.containers[0].ports[1].name = 'client'; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'spec.template.spec.containers[0].ports[1].name',
      message: 'duplicate port name "client" in container "kafka"',
    })]);
  });

  test('duplicate port names across containers (an API server warning, still a bug)', () => {
    const objects = withPod((spec) => { spec.containers.push({ name: 'exporter', image: 'jmx', ports: [{ name: 'client', containerPort: 5556 }] }); });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'spec.template.spec.containers[1].ports[0].name',
      message: 'duplicate port name "client" with spec.template.spec.containers[0].ports[0]; Services and probes selecting it by name will use that one',
    })]);
  });

  test('a probe on a port name the container does not declare', () => {
    const objects = withPod((spec) => { spec.containers[0].readinessProbe.tcpSocket.port = 'kafka'; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'spec.template.spec.containers[0].readinessProbe.tcpSocket.port',
      message: 'probe uses port name "kafka", which container "kafka" does not declare (ports: client, controller)',
    })]);
  });
});

describe('volumes and mounts', () => {
  test('a volumeMount without a volume', () => {
    const objects = withPod((spec) => { spec.containers[0].volumeMounts.push({ name: 'logs', mountPath: '/var/log/kafka' }); });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.containers[0].volumeMounts[2].name',
      message: 'volumeMount "logs" in container "kafka" refers to no volume or volumeClaimTemplate (declared: config, data)',
    }]);
  });

  test('a StatefulSet volumeClaimTemplate counts as a volume', () => {
    expect(findProblems(kafkaSet())).toEqual([]); // 'data' is only a claim template in the fixture
  });

  test('a volume no container mounts', () => {
    const objects = withPod((spec) => { spec.volumes.push({ name: 'scratch', emptyDir: {} }); });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.volumes[1]',
      message: 'volume "scratch" is not mounted by any container',
    }]);
  });

  test('the same mountPath twice in a container', () => {
    const objects = withPod((spec) => { spec.containers[0].volumeMounts[1].mountPath = '/var/lib/kafka/data'; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'spec.template.spec.containers[0].volumeMounts[1].mountPath',
      message: 'mountPath "/var/lib/kafka/data" is mounted twice in container "kafka"',
    })]);
  });

  test('duplicate volume names', () => {
    const objects = withPod((spec) => { spec.volumes.push({ name: 'config', emptyDir: {} }); });
    expect(findProblems(objects)).toEqual([expect.objectContaining({ path: 'spec.template.spec.volumes[1].name', message: 'duplicate volume name "config"' })]);
  });
});
