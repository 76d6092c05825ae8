import { checkLabelValue, MANAGED_BY, recommendedLabels, selectorLabels } from '../../src/core/labels';

const parts = { name: 'kafka', instance: 'events', component: 'broker' };

test('recommended labels carry name, instance, component and managed-by', () => {
  expect(recommendedLabels(parts)).toEqual({
    'app.kubernetes.io/name': 'kafka',
    'app.kubernetes.io/instance': 'events',
    'app.kubernetes.io/component': 'broker',
    'app.kubernetes.io/managed-by': MANAGED_BY,
  });
});

test('part-of and version are added when given, never to selectors', () => {
  const labels = recommendedLabels({ ...parts, partOf: 'orders-platform', version: '8.0.4' });
  expect(labels['app.kubernetes.io/part-of']).toBe('orders-platform');
  expect(labels['app.kubernetes.io/version']).toBe('8.0.4');
  expect(selectorLabels({ ...parts, partOf: 'x', version: '1' })).toEqual({
    'app.kubernetes.io/name': 'kafka',
    'app.kubernetes.io/instance': 'events',
    'app.kubernetes.io/component': 'broker',
  });
});

test.each(['', 'a', 'a.b_c-d', 'A1', 'x'.repeat(63)])('%p is a valid label value', value => {
  expect(checkLabelValue('v', value)).toBe(value);
});

test.each(['-a', 'a-', 'a b', 'a/b', 'x'.repeat(64)])('fails if %p is not a valid label value', value => {
  expect(() => checkLabelValue('partOf', value)).toThrow(`labels: partOf = ${JSON.stringify(value.length > 100 ? value.slice(0, 117) : value)}`);
});
