import { checkImageReference, checkRegistry, DEFAULT_REGISTRY, resolveImage } from '../../src/core/image';

describe('resolveImage', () => {
  test('catalog image is fully qualified on Docker Hub by default', () => {
    expect(DEFAULT_REGISTRY).toBe('docker.io/confluentinc');
    expect(resolveImage('c', 'image', 'cp-kafka', '8.0.4')).toBe('docker.io/confluentinc/cp-kafka:8.0.4');
  });

  test('a private registry replaces the prefix', () => {
    expect(resolveImage('c', 'image', 'cp-kafka', '8.0.4', { registry: 'registry.example.com:5000/mirror/confluentinc/' }))
      .toBe('registry.example.com:5000/mirror/confluentinc/cp-kafka:8.0.4');
  });

  test('an image override wins', () => {
    expect(resolveImage('c', 'image', 'cp-kafka', '8.0.4', { image: 'registry.example.com/kafka/custom@sha256:' + 'a'.repeat(64) }))
      .toBe('registry.example.com/kafka/custom@sha256:' + 'a'.repeat(64));
  });

  test('fails if the registry has a scheme', () => {
    expect(() => resolveImage('c', 'image', 'cp-kafka', '8.0.4', { registry: 'https://registry.example.com' }))
      .toThrow('c: image.registry = "https://registry.example.com" is invalid: it is not a registry host with an optional path.');
  });
});

describe('checkImageReference', () => {
  test.each([
    'cp-kafka:8.0.4',
    'confluentinc/cp-kafka:7.9.1-1-ubi8',
    'localhost:5000/a/b:1',
    'registry.example.com/x@sha256:' + '0'.repeat(64),
    'registry.example.com/x:latest@sha256:' + '0'.repeat(64),
  ])('%s is accepted', image => {
    expect(checkImageReference('c', 'image', image)).toBe(image);
  });

  test('fails if the image is untagged', () => {
    expect(() => checkImageReference('c', 'kafka.image', 'confluentinc/cp-kafka'))
      .toThrow('c: kafka.image = "confluentinc/cp-kafka" is invalid: it has no tag or digest');
  });

  test('fails if the tag is latest without a digest', () => {
    expect(() => checkImageReference('c', 'image', 'cp-kafka:latest')).toThrow('the ":latest" tag changes without notice');
  });

  test.each(['', 'Cp-Kafka:1', 'cp kafka:1', 'cp-kafka:', '/x:1', 'x:1@sha256:abc'])('fails if %p is not a reference', image => {
    expect(() => checkImageReference('c', 'image', image)).toThrow('is not a container image reference');
  });
});

test('checkRegistry accepts host, port and path', () => {
  expect(checkRegistry('c', 'r', 'quay.io')).toBe('quay.io');
  expect(checkRegistry('c', 'r', 'my-registry.local:443/team/confluentinc')).toBe('my-registry.local:443/team/confluentinc');
});

describe('image and registry together', () => {
  test('fails: a complete image reference would silently drop the registry', () => {
    expect(() => resolveImage('c/events', 'image', 'cp-kafka', '8.0.0', { registry: 'mirror.example.com/confluentinc', image: 'mirror.example.com/cp-kafka-custom:8.0.0' }))
      .toThrow('c/events: image.registry = "mirror.example.com/confluentinc" is invalid: image is a complete reference (mirror.example.com/cp-kafka-custom:8.0.0), so the registry would be ignored');
  });
});
