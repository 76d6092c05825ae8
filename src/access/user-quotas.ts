import { Size } from 'cdk8s';
import { checkRules, ErrorScope } from '../core/errors';
import { Expect } from '../core/input-shape';
import { sizeToBytes } from '../core/quantity';

/**
 * Client quotas of a principal (Kafka's user quotas, enforced by every broker on its
 * own share of the traffic). A client over its quota is slowed down (its responses are
 * delayed), never refused.
 */
export interface UserQuotas {
  /**
   * Bytes per second the user may produce, per broker (`producer_byte_rate`).
   *
   * @default - no limit
   */
  readonly producerByteRate?: Size;
  /**
   * Bytes per second the user may fetch, per broker (`consumer_byte_rate`).
   *
   * @default - no limit
   */
  readonly consumerByteRate?: Size;
  /**
   * Share of a broker's request handler and network threads the user may take, in
   * percent of one thread (`request_percentage`; 200 is two threads' worth).
   *
   * @default - no limit
   */
  readonly requestPercentage?: number;
  /**
   * Partition mutations per second (topics created or deleted, partitions added) the
   * user may make (`controller_mutation_rate`).
   *
   * @default - no limit
   */
  readonly controllerMutationRate?: number;
}

/** The runtime form of UserQuotas. */
export const USER_QUOTAS = Expect.struct('UserQuotas', {
  producerByteRate: Expect.size({ minBytes: 1, maxBytes: 2 ** 50, example: 'Size.mebibytes(10)' }),
  consumerByteRate: Expect.size({ minBytes: 1, maxBytes: 2 ** 50, example: 'Size.mebibytes(10)' }),
  requestPercentage: Expect.number(200),
  controllerMutationRate: Expect.number(10),
});

/**
 * The quotas as `kafka-configs --add-config` takes them (`key=value,...`, sorted), or
 * undefined when none is set.
 */
export function renderQuotaConfig(scope: ErrorScope, prop: string, quotas: UserQuotas | undefined): string | undefined {
  if (quotas === undefined) return undefined;
  checkRules(scope, (['requestPercentage', 'controllerMutationRate'] as const).map(key => ({
    when: quotas[key] !== undefined && !(quotas[key]! > 0),
    prop: `${prop}.${key}`,
    value: quotas[key],
    why: 'a quota is a rate above 0 (Kafka refuses 0 or less)',
    fix: 'Give a positive number, or leave it out for no limit',
  })));
  const bytes = (s: Size) => String(sizeToBytes(s));
  const entries: Array<[string, string | undefined]> = [
    ['consumer_byte_rate', quotas.consumerByteRate === undefined ? undefined : bytes(quotas.consumerByteRate)],
    ['controller_mutation_rate', quotas.controllerMutationRate === undefined ? undefined : String(quotas.controllerMutationRate)],
    ['producer_byte_rate', quotas.producerByteRate === undefined ? undefined : bytes(quotas.producerByteRate)],
    ['request_percentage', quotas.requestPercentage === undefined ? undefined : String(quotas.requestPercentage)],
  ];
  const set = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  return set.length === 0 ? undefined : set.join(',');
}

/**
 * The same quota keys without a limit worth the name: what the cluster's own principals
 * (the nodes, the admin) get when default user quotas are set, because Kafka applies the
 * default to every principal, super users included, and the cluster's Jobs create topics
 * and partitions without retrying a throttled request (TopicCommand).
 */
export function unlimitedQuotaConfig(config: string): string {
  return config.split(',').map(entry => {
    const key = entry.split('=')[0];
    return `${key}=${key.endsWith('_byte_rate') ? '9223372036854775807' : '1000000000'}`;
  }).join(',');
}
