import { IConstruct } from 'constructs';
import { ConfluentVersion } from '../core/version';

/**
 * What a client needs from a ksqlDB cluster: its REST URL, its service id and release.
 * `KsqlDb` implements it.
 */
export interface IKsqlDb extends IConstruct {
  /** REST endpoint, `https://host:8088` (`http://` without `restTls`; in application mode the address exists but the REST API is off). */
  readonly url: string;
  /** `ksql.service.id`: the prefix of every internal topic and group of the cluster. */
  readonly serviceId: string;
  /** Confluent Platform release of the servers. */
  readonly version: ConfluentVersion;
  /** Labels of the servers' pods, for clients' egress rules (when known). */
  readonly podLabels?: { [key: string]: string };
}
