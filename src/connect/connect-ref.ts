import { IConstruct } from 'constructs';
import { ConfluentVersion } from '../core/version';

/** What a component needs from a Connect cluster: its REST URL, group and release. `Connect` implements it. */
export interface IConnect extends IConstruct {
  /** REST URL, `https://host:8083` (`http://` without `restTls`). */
  readonly url: string;
  /** The worker group id. */
  readonly groupId: string;
  /** Confluent Platform release of the workers. */
  readonly version: ConfluentVersion;
  /** Labels of the workers' pods, for clients' egress rules (when known). */
  readonly podLabels?: { [key: string]: string };
}
