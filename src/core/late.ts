import { Lazy } from 'cdk8s';

/**
 * A field of a synthesized object that is rendered when the chart is synthesized, not
 * when the construct is created: for what additive methods (`addUser`, `addNodePool`,
 * `allowClient`, `addConnector`) can still change after the constructor has run. The
 * renderer it calls must be a pure function of resolved data; this is the one place
 * the library turns it into a cdk8s token.
 */
export function late<T>(produce: () => T): T {
  return Lazy.any({ produce }) as unknown as T;
}
