import { K8S_FORMATS, QUANTITY_FORMAT } from './k8s-formats';
import { strictDefinitions } from './strict-schema';

describe('strictDefinitions', () => {
  const document = {
    definitions: {
      'io.example.Thing': {
        'description': 'dropped',
        'type': 'object',
        'x-kubernetes-group-version-kind': [{ group: 'example.io', kind: 'Thing', version: 'v1' }],
        'properties': {
          description: { type: 'string', description: 'a field named like a keyword survives' },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          port: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
          raw: { 'type': 'object', 'properties': { a: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
    },
  };

  test('closes objects with properties, keeps maps and preserve-unknown-fields open, unions bare oneOfs', () => {
    expect(strictDefinitions(document)).toEqual({
      definitions: {
        'io.example.Thing': {
          type: 'object',
          additionalProperties: false,
          properties: {
            description: { type: 'string' },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            port: { type: ['string', 'integer'] },
            raw: { type: 'object', properties: { a: { type: 'string' } } },
          },
        },
        'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], format: QUANTITY_FORMAT },
      },
    });
  });

  test('does not modify its input', () => {
    const before = JSON.stringify(document);
    strictDefinitions(document);
    expect(JSON.stringify(document)).toBe(before);
  });
});

describe('Kubernetes formats', () => {
  const valid = (format: string, value: string | number): boolean => {
    const definition = K8S_FORMATS[format];
    return definition.type === 'string' ? definition.validate(String(value)) : definition.validate(Number(value));
  };

  test.each<[string, string | number, boolean]>([
    ['int32', 2147483647, true],
    ['int32', -2147483649, false],
    ['int32', 1.5, false],
    ['int64', 2 ** 53, true],
    ['byte', 'c2VjcmV0', true],
    ['byte', 'c2VjcmV0\n', true],
    ['byte', 'c2VjcmV', false],
    ['date-time', '2024-02-29T12:00:00Z', true],
    ['date-time', '2024-02-29T12:00:00.123+01:00', true],
    ['date-time', '2024-02-29 12:00:00', false],
    [QUANTITY_FORMAT, '500m', true],
    [QUANTITY_FORMAT, '1.5Gi', true],
    [QUANTITY_FORMAT, '1e3', true],
    [QUANTITY_FORMAT, '+.5', true],
    [QUANTITY_FORMAT, '1 Gi', false],
    [QUANTITY_FORMAT, '1GB', false],
    [QUANTITY_FORMAT, '1Ki1', false],
  ])('%s %j is valid: %s', (format, value, expected) => {
    expect(valid(format, value)).toBe(expected);
  });
});
