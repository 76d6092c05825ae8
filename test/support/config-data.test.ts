import { kafkaSet, mutated } from './fixtures';
import { findProblems } from './validate';

const secret = (type: string, data: Record<string, string>, stringData: Record<string, string> = {}): any =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type, data, stringData });
const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('ConfigMap and Secret payloads', () => {
  test('the fixture passes', () => {
    expect(findProblems(kafkaSet())).toEqual([]);
  });

  test('keys must be usable as file names', () => {
    const objects = mutated(kafkaSet(), 'ConfigMap', 'kafka-config', (c) => { c.data['conf/server.properties'] = 'x'; });
    expect(findProblems(objects)).toEqual([{
      object: 'v1 ConfigMap default/kafka-config',
      path: 'data["conf/server.properties"]',
      message: 'invalid key "conf/server.properties": must consist of alphanumerics, \'-\', \'_\' or \'.\'',
    }]);
  });

  test('a key in both data and binaryData', () => {
    const objects = mutated(kafkaSet(), 'ConfigMap', 'kafka-config', (c) => { c.binaryData = { 'server.properties': b64('x') }; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({ path: 'binaryData["server.properties"]', message: 'key "server.properties" is also in data' })]);
  });

  test('more than 1 MiB in one ConfigMap', () => {
    const objects = mutated(kafkaSet(), 'ConfigMap', 'kafka-config', (c) => { c.data.big = 'x'.repeat(1024 * 1024); });
    expect(findProblems(objects)).toEqual([expect.objectContaining({ path: '', message: expect.stringMatching(/^ConfigMap payload is 1048593 bytes, more than the 1048576-byte limit/) })]);
  });

  test('typed Secrets need their keys (stringData counts)', () => {
    expect(findProblems([secret('kubernetes.io/tls', { 'tls.crt': b64('c') }, { 'tls.key': 'k' })])).toEqual([]);
    expect(findProblems([secret('kubernetes.io/tls', { 'tls.crt': b64('c') })])).toEqual([
      { object: 'v1 Secret default/s', path: 'data["tls.key"]', message: 'required for a Secret of type kubernetes.io/tls' },
    ]);
    expect(findProblems([secret('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{not json') })])).toEqual([
      expect.objectContaining({ path: 'data[".dockerconfigjson"]', message: 'must be well-formed JSON for a Secret of type kubernetes.io/dockerconfigjson' }),
    ]);
    expect(findProblems([secret('kubernetes.io/basic-auth', {}, { user: 'x' })])).toEqual([
      expect.objectContaining({ path: 'data', message: 'needs username or password for a Secret of type kubernetes.io/basic-auth' }),
    ]);
  });
});
