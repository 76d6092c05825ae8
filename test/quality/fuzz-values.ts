import { Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import { ConfigMap, Cpu, EnvValue } from 'cdk8s-plus-27';
import { TypeRef } from './api-model';
import {
  Acl, AclOperation, CertificateAuthority, ClientPeer, ConfluentVersion, ConnectorPlugin, ConnectorSecret, ExternalAccess, KsqlStateStore, Listener,
  ListenerAuthentication, Storage,
} from '../../src';
import { secretRef } from '../support/secrets';

// Bad values by declared type: wrong types, null, functions, edge strings (empty,
// blank, oversized, line breaks, NUL), numbers out of every range, Durations and Sizes
// of Infinity, NaN and negative amounts, library objects of the wrong kind.

let wrongKinds: Record<string, unknown> | undefined;

/** One object of every library and cdk8s class, for "wrong kind" values. */
function libraryObjects(): Record<string, unknown> {
  wrongKinds ??= {
    Listener: Listener.internal({ name: 'other', port: 9999 }),
    ClientPeer: ClientPeer.anywhere(),
    Storage: Storage.ephemeral(),
    ExternalAccess: ExternalAccess.nodePort({ hostPattern: 'x-{id}.example.com' }),
    CertificateAuthority: CertificateAuthority.issuer('other-ca'),
    Acl: Acl.cluster([AclOperation.ALL]),
    ConnectorPlugin: ConnectorPlugin.confluentHub('a/b:1.0.0'),
    ConnectorSecret: ConnectorSecret.fromSecret(secretRef('other'), 'key'),
    KsqlStateStore: KsqlStateStore.ephemeral(),
    ListenerAuthentication: ListenerAuthentication.none(),
    ConfluentVersion: ConfluentVersion.V7_9,
    Duration: Duration.seconds(1),
    Size: Size.gibibytes(1),
    Cpu: Cpu.millis(1),
    Cron: Cron.daily(),
    EnvValue: EnvValue.fromValue('x'),
    ConfigMap: ConfigMap.fromConfigMapName(new Chart(Testing.app(), 'other'), 'cm', 'a-config-map'),
  };
  return wrongKinds;
}

/** Objects of other classes than `name`, two of them. */
function otherKinds(name: string): unknown[] {
  const all = libraryObjects();
  return Object.keys(all).filter(k => k !== name).slice(0, 2).concat(name === 'ConfigMap' ? [] : ['ConfigMap']).map(k => all[k]);
}

const NOT_A_VALUE: unknown[] = [null, () => 'x', Symbol.iterator];

/** Bad keys for a map: a key is always a string. */
export const BAD_KEYS = ['', ' ', 'x'.repeat(300), 'a\nb: c', 'a\u0000b', 'Ünïcödé', '${HOME}', '"quoted"', 'UPPER_case', 'a/b/c', '-leading', 'Upper.Case', 'a__b', 'constructor'];

/** Bad values for a value of `type` (`required`: leaving it out is bad too). */
export function badValues(type: TypeRef, required: boolean): unknown[] {
  const base = [...NOT_A_VALUE, ...(required ? [undefined] : [])];
  switch (type.kind) {
    case 'string':
      return [...base, 42, true, {}, [], '', ' ', 'x'.repeat(300), 'a\nb: c', 'a\u0000b', 'Ünïcödé', '${HOME}', '"quoted"', 'UPPER_case', 'x\\', 'a\u2028b'];
    case 'number':
      return [...base, '3', Number.NaN, Infinity, -Infinity, -1, 0.5, 2 ** 31, 2 ** 53, 1e300, {}, true];
    case 'boolean':
      return [...base, 'true', 1, 0, 'yes', {}, []];
    case 'array':
      return [...base, 'abc', {}, 42, [null], [undefined], [42], ['x', 'x'], new Array(1), new Set(['x'])];
    case 'map':
      return [...base, 'ab', [], 42, { k: 42 }, { k: null }, { k: () => 1 }, { k: {} }, { 'bad key\n': 'v' }, { '': 'v' }, { 'a.b': 'a\nb=c' }, { 'a.b': 'x\\' }, new Map([['a.b', 'v']])];
    case 'struct':
      return [...base, 'x', 42, [], true, { unknownProp: 1 }];
    case 'enum':
      return [...base, 'nope', '', 42, {}, 'SCRAM-SHA-512', type.values[0]?.toUpperCase() === type.values[0] ? type.values[0]?.toLowerCase() : type.values[0]?.toUpperCase()];
    case 'interface':
      return [...base, 'x', {}, 42, { name: 'Not A Name' }, { node: {}, bootstrapServers: 1 }, ...otherKinds(type.name)];
    case 'class':
      return [...base, 'x', {}, 42, ...otherKinds(type.name), ...classSpecific(type.name), ...imitation(type.name)];
    default:
      return base;
  }
}

/** An object of the class made without its factories (its prototype, none of its fields). */
function imitation(name: string): unknown[] {
  const real = libraryObjects()[name];
  return real === undefined ? [] : [Object.create(Object.getPrototypeOf(real))];
}

function classSpecific(name: string): unknown[] {
  switch (name) {
    case 'Duration':
      // (Duration.millis(-1), Size.gibibytes(-1) and Cpu.units(null) throw in cdk8s itself, before library code runs.)
      return [300, '5m', Duration.millis(0.5), Duration.days(Infinity), Duration.days(1e9), Duration.seconds(Number.NaN), Duration.seconds(1)];
    case 'Size':
      return ['4Gi', 4, Size.kibibytes(0.5), Size.pebibyte(1e6), Size.gibibytes(Number.NaN), Size.tebibytes(2 ** 53), Size.kibibytes(1)];
    case 'Cpu':
      return ['2', 2, Cpu.millis(-1), Cpu.millis(0.5), Cpu.units(1e9), Cpu.units(Number.NaN)];
    case 'Cron':
      return ['0 3 * * *', Cron.schedule({ minute: ';' }), Cron.schedule({ minute: '1 2' })];
    case 'ConfluentVersion':
      return ['8.0.0', 8, { version: '8.0.0', line: '8.0', kafkaVersion: '4.0' }];
    default:
      return [];
  }
}
