/**
 * Go `time.Duration` strings as cert-manager reads `spec.duration` and
 * `spec.renewBefore` (time.ParseDuration), restricted to the units a
 * certificate lifetime is written in: hours, minutes and seconds, e.g.
 * `2160h`, `720h0m0s`, `1h30m`, `90.5m`.
 *
 * Go also accepts `ns`, `us`, `µs`, `ms`, a sign and a bare `0`; none of them
 * makes sense for a certificate lifetime, and `d`/`w` (which people write) are
 * not Go units at all, so all of those are reported.
 */

const UNIT_SECONDS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1 };
const COMPONENT = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)([hms])/y;

/** Seconds in `value`, or `undefined` when it is not an h/m/s Go duration. */
export function parseGoDuration(value: string): number | undefined {
  if (value === '') {
    return undefined;
  }
  COMPONENT.lastIndex = 0;
  let seconds = 0;
  while (COMPONENT.lastIndex < value.length) {
    const match = COMPONENT.exec(value);
    if (match === null) {
      return undefined;
    }
    seconds += Number(match[1]) * UNIT_SECONDS[match[2]];
  }
  return seconds;
}

/** The form Go prints a duration in (`720h0m0s`, `5m0s`, `30s`), for messages. */
export function formatGoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) {
    return `${h}h${m}m${s}s`;
  }
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}
