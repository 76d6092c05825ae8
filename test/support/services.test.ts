import { kafkaSet, mutated } from './fixtures';
import { findProblems } from './validate';

const SVC = 'v1 Service default/kafka-headless';
const withService = (change: (svc: any) => void): any[] => mutated(kafkaSet(), 'Service', 'kafka-headless', change);

describe('Service ports', () => {
  test('the unmutated fixture passes', () => {
    expect(findProblems(kafkaSet())).toEqual([]);
  });

  test('names are required when there is more than one port', () => {
    const objects = withService((svc) => { delete svc.spec.ports[1].name; });
    expect(findProblems(objects)).toEqual([{ object: SVC, path: 'spec.ports[1].name', message: 'required when a Service has more than one port' }]);
  });

  test('a single port may be unnamed', () => {
    const objects = withService((svc) => { svc.spec.ports = [{ port: 9092, targetPort: 'client' }]; });
    expect(findProblems(objects)).toEqual([]);
  });

  test('duplicate port names', () => {
    const objects = withService((svc) => { svc.spec.ports[1].name = 'client'; });
    expect(findProblems(objects)).toEqual([{ object: SVC, path: 'spec.ports[1].name', message: 'duplicate Service port name "client" (also spec.ports[0])' }]);
  });

  test('duplicate port and protocol', () => {
    const objects = withService((svc) => { svc.spec.ports[1].port = 9092; });
    expect(findProblems(objects)).toEqual([{ object: SVC, path: 'spec.ports[1].port', message: 'duplicate port 9092/TCP (also spec.ports[0])' }]);
  });

  test('the same port number on two protocols is fine', () => {
    const objects = withService((svc) => { svc.spec.ports[1].port = 9092; svc.spec.ports[1].protocol = 'UDP'; });
    expect(findProblems(objects)).toEqual([]);
  });

  test('Service port names are DNS labels, so longer than 15 characters is fine', () => {
    const objects = withService((svc) => { svc.spec.ports[1].name = 'controller-listener'; });
    expect(findProblems(objects)).toEqual([]);
    const bad = withService((svc) => { svc.spec.ports[1].name = 'Controller'; });
    expect(findProblems(bad)).toEqual([expect.objectContaining({ path: 'spec.ports[1].name', message: expect.stringContaining('invalid Service port name "Controller"') })]);
  });

  test('a named targetPort must be an IANA_SVC_NAME and exist in the selected pods', () => {
    const objects = withService((svc) => { svc.spec.ports[0].targetPort = 'kafka-client-port'; });
    expect(findProblems(objects)).toEqual([
      { object: SVC, path: 'spec.ports[0].targetPort', message: 'invalid named targetPort "kafka-client-port": must be no more than 15 characters (is 17)' },
      { object: SVC, path: 'spec.ports[0].targetPort', message: 'named targetPort "kafka-client-port" is not a container port name in StatefulSet/kafka (has: client, controller)' },
    ]);
  });
});
