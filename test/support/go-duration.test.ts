import { formatGoDuration, parseGoDuration } from './go-duration';

describe('parseGoDuration', () => {
  test.each<[string, number]>([
    ['2160h', 2160 * 3600],
    ['720h0m0s', 720 * 3600],
    ['1h30m', 5400],
    ['90.5m', 5430],
    ['.5h', 1800],
    ['45s', 45],
  ])('%s is %d seconds', (value, seconds) => {
    expect(parseGoDuration(value)).toBe(seconds);
  });

  test.each(['', '90d', '1w', '720', 'h', '-1h', '+1h', '1ms', '10us', '1h 30m', '1H', '0'])('%j is not an h/m/s Go duration', (value) => {
    expect(parseGoDuration(value)).toBeUndefined();
  });
});

describe('formatGoDuration', () => {
  test.each<[number, string]>([[2160 * 3600, '2160h0m0s'], [300, '5m0s'], [30, '30s']])('%d seconds prints as Go does: %s', (seconds, text) => {
    expect(formatGoDuration(seconds)).toBe(text);
  });
});
