import { App, Chart, Size, Testing } from 'cdk8s';
import {
  ClientPeer, ConfluentVersion, Connect, ExternalAccess, KafkaCluster, KafkaClusterProps, Listener, SchemaRegistry, Storage,
} from '../../src';
import { KafkaConfigError } from '../../src/core/errors';
import { PLAINTEXT_LISTENERS } from '../kafka/fixture';

// Inputs an independent review found past the checks, beyond what the fuzz test tries:
// the images' way of passing properties, sparse lists, objects that only look like the
// library's, combinations that collide, values Java reads differently from JavaScript.

function chart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'kafka' });
}

function cluster(props: KafkaClusterProps): KafkaCluster {
  return new KafkaCluster(chart(), 'events', props);
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect((e as Error).name).toBe('KafkaConfigError');
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('properties survive the images\' environment-variable round trip', () => {
  test.each(['PRINCIPAL.BUILDER.CLASS', 'Metadata.Log.Dir', 'confluent.myPlugin.setting', 'my__plugin.x'])('key %p is refused: it would arrive as another key', key => {
    expect(errorOf(() => cluster({ customProperties: { [key]: 'x' } }))).toContain(`customProperties['${key}'] = "x" is invalid: the image receives settings as environment variables and turns them back into keys, and ${key} would arrive as`);
  });

  test.each([
    ['x\\', 'a trailing backslash joins the next line, another setting, to this value'],
    ['C:\\users', 'a backslash before "u" must start a \\uXXXX escape'],
    ['\\d+', 'the backslash before "d" would be dropped'],
  ])('value %p is refused: a Java properties file would read it differently', (value, why) => {
    expect(errorOf(() => cluster({ customProperties: { 'plugin.pattern': value } }))).toContain(why);
    expect(errorOf(() => cluster({ properties: { 'ssl.trustmanager.algorithm': value } }))).toContain(why);
  });

  test('escaped backslashes and escapes Java reads are fine', () => {
    expect(() => cluster({ customProperties: { 'plugin.pattern': '\\\\d+', 'plugin.unicode': '\\u00e9', 'plugin.colon': 'a\\:b' } })).not.toThrow();
  });

  test('a key named like an Object method is a key like any other', () => {
    expect(() => cluster({ customProperties: { constructor: 'x' } as never })).not.toThrow();
  });

  test('every bad property of a map is reported at once', () => {
    const message = errorOf(() => cluster({ properties: { 'log.retention.hours': 'a week', 'num.io.threads': '0', 'no.such.key': 'x' } }));
    expect(message.split('\n')).toHaveLength(3);
  });

  test('the settings must fit their ConfigMap', () => {
    const big = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`plugin.value${i}`, 'x'.repeat(60000)]));
    expect(errorOf(() => cluster({ customProperties: big }))).toContain('is invalid: the settings are stored in a ConfigMap, which holds at most 1 MiB');
  });
});

describe('lists with holes', () => {
  test('a hole in a list is refused by its index, not skipped', () => {
    const listeners: Listener[] = [];
    listeners[1] = Listener.internal({ name: 'client', port: 9092 });
    expect(errorOf(() => cluster({ listeners }))).toContain('c/events: listeners[0] = undefined is invalid: it must be a Listener');
    const zones: string[] = ['a'];
    zones[2] = 'c';
    expect(errorOf(() => cluster({ zones }))).toContain('zones[1] = undefined is invalid');
  });
});

describe('objects that only look like the library\'s', () => {
  test('an object made without the factories is refused', () => {
    const fake = Object.create(Listener.prototype);
    expect(errorOf(() => cluster({ listeners: [fake] }))).toContain('listeners[0] = "[object]" is invalid: it was not made by Listener\'s factories');
    expect(errorOf(() => cluster({ version: Object.create(ConfluentVersion.prototype) }))).toContain('it was not made by ConfluentVersion\'s factories');
  });

  test('a Map is not a map of properties', () => {
    expect(errorOf(() => cluster({ properties: new Map([['log.retention.hours', '1']]) as never }))).toContain('properties = {} is invalid: it must be an object mapping');
  });
});

describe('combinations that collide', () => {
  test('node-port listeners whose ranges overlap would ask for one port twice', () => {
    const listeners = [
      Listener.internal({ name: 'client', port: 9092 }),
      Listener.external({ name: 'ext', port: 9094, access: ExternalAccess.nodePort({ hostPattern: 'b-{id}.example.com', basePort: 31000 }) }),
      Listener.external({ name: 'ext2', port: 9095, access: ExternalAccess.nodePort({ hostPattern: 'c-{id}.example.com', basePort: 31001 }) }),
    ];
    expect(errorOf(() => cluster({ listeners }))).toContain('would get node port 31001 on listener EXT2, which listener EXT (broker 1) already has');
  });

  test('two load-balancer listeners cannot advertise one host', () => {
    const lb = () => ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com' });
    const listeners = [Listener.internal({ name: 'client', port: 9092 }), Listener.external({ name: 'a', port: 9094, access: lb() }), Listener.external({ name: 'b', port: 9095, access: lb() })];
    expect(errorOf(() => cluster({ listeners }))).toContain('listeners[2].access = "b-{id}.example.com" is invalid: listener A already advertises b-{id}.example.com');
  });

  test('an ephemeral-storage request above its limit', () => {
    expect(errorOf(() => cluster({ brokers: { resources: { ephemeralStorage: { request: Size.gibibytes(4), limit: Size.gibibytes(1) } } } })))
      .toContain('brokers: resources.ephemeralStorage.limit = "1Gi" is invalid: it is below the ephemeral-storage request (4Gi)');
  });

  test('two charts with one namespace share object names', () => {
    const app = new App();
    new KafkaCluster(new Chart(app, 'a', { namespace: 'kafka' }), 'events');
    expect(errorOf(() => new KafkaCluster(new Chart(app, 'b', { namespace: 'kafka' }), 'events'))).toContain('which a/events already uses');
    // Charts without a namespace may be applied to different ones.
    const other = new App();
    new KafkaCluster(new Chart(other, 'a'), 'events', { listeners: PLAINTEXT_LISTENERS });
    expect(() => new KafkaCluster(new Chart(other, 'b'), 'events', { listeners: PLAINTEXT_LISTENERS })).not.toThrow();
  });
});

describe('addresses and versions', () => {
  test.each(['kafka:99999', 'kafka:0', '-:9092', 'a..b:9092'])('fromBootstrap refuses %p', servers => {
    expect(errorOf(() => KafkaCluster.fromBootstrap(chart(), 'remote', { bootstrapServers: servers, version: ConfluentVersion.V8_0 }))).toContain('bootstrapServers = ');
  });

  test.each(['http://x:99999', 'http://-:8081'])('fromUrl refuses %p', url => {
    expect(errorOf(() => SchemaRegistry.fromUrl(chart(), 'r', { url, version: ConfluentVersion.V8_0 }))).toContain('url = ');
  });

  test.each(['08.0.4', '8.000.4', `8.0.4-${'a'.repeat(60)}`])('ConfluentVersion.of refuses %p (an image tag that does not exist, or no label value)', v => {
    expect(errorOf(() => ConfluentVersion.of(v))).toContain('ConfluentVersion.of: version = ');
  });

  test.each([
    ['10.0.0.1/8', 'it has address bits set past its prefix length'],
    ['010.0.0.0/8', 'its address is not an IPv4 or IPv6 address'],
    ['fffff::/64', 'its address is not an IPv4 or IPv6 address'],
  ])('ipBlock refuses %p', (cidr, why) => {
    expect(errorOf(() => ClientPeer.ipBlock(cidr))).toContain(why);
  });

  test('an exception must be inside the range', () => {
    expect(errorOf(() => ClientPeer.ipBlock('10.0.0.0/8', ['192.168.0.0/16']))).toContain('except[0] = "192.168.0.0/16" is invalid: an exception must be a smaller range inside cidr');
    expect(errorOf(() => ClientPeer.ipBlock('10.0.0.0/8', ['10.0.0.0/8']))).toContain('an exception must be a smaller range inside cidr');
    expect(() => ClientPeer.ipBlock('fd00::/8', ['fd00:1::/32'])).not.toThrow();
  });
});

describe('error messages', () => {
  test('a line separator in a value does not break the message across lines', () => {
    const message = errorOf(() => cluster({ clusterDomain: 'a\u2028b' }));
    expect(message).toContain('\\u2028');
    expect(message.split(/[\n\u2028]/)).toHaveLength(1);
  });

  test('a connector secret key named like an Object method', () => {
    const c = chart();
    const connect = new Connect(c, 'connect', { kafka: new KafkaCluster(c, 'events') });
    expect(() => connect.addConnector('x', { connectorClass: 'a.B', secrets: {}, config: { toString: 'x' } as never })).not.toThrow(KafkaConfigError);
  });

  test('Storage factories refuse a sparse disk list', () => {
    const disks: Array<{ size: Size }> = [];
    disks[1] = { size: Size.gibibytes(1) };
    expect(errorOf(() => Storage.jbod(disks))).toContain('Storage.jbod: disks[0] = undefined is invalid');
  });
});
