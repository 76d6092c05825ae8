import {
  configMapKeyErrors, dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors,
  ianaSvcNameErrors, labelValueErrors, pathSegmentNameErrors, qualifiedNameErrors,
} from './names';

describe('DNS names', () => {
  test.each(['a', 'kafka-0', '0abc', 'a'.repeat(63)])('%s is a DNS-1123 label', (name) => {
    expect(dns1123LabelErrors(name)).toEqual([]);
  });

  test.each(['Kafka', '-a', 'a-', 'a.b', 'a_b', ''])('%s is not a DNS-1123 label', (name) => {
    expect(dns1123LabelErrors(name)).toEqual([expect.stringContaining('RFC 1123 label')]);
  });

  test('label length is limited to 63', () => {
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters (is 64)']);
  });

  test('subdomains allow dots between labels, up to 253 characters', () => {
    expect(dns1123SubdomainErrors('kafka.example.com')).toEqual([]);
    expect(dns1123SubdomainErrors('kafka..com')).toHaveLength(1);
    expect(dns1123SubdomainErrors(`${'a'.repeat(63)}.`.repeat(4) + 'a')).toEqual(['must be no more than 253 characters (is 257)']);
  });

  test('DNS-1035 labels must start with a letter', () => {
    expect(dns1035LabelErrors('kafka-headless')).toEqual([]);
    expect(dns1035LabelErrors('0kafka')).toEqual([expect.stringContaining('starting with a letter')]);
  });

  test('RBAC names are path segments', () => {
    expect(pathSegmentNameErrors('system:kafka-reader')).toEqual([]);
    expect(pathSegmentNameErrors('a/b')).toHaveLength(1);
    expect(pathSegmentNameErrors('..')).toHaveLength(1);
  });
});

describe('qualified names and label values', () => {
  test.each(['app', 'app.kubernetes.io/name', 'A_b.c-D', 'example.com/Name_1'])('%s is a qualified name', (key) => {
    expect(qualifiedNameErrors(key)).toEqual([]);
  });

  test.each([
    ['a/b/c', 'at most one'],
    ['/name', 'prefix part must be non-empty'],
    ['Example.com/name', 'prefix part'],
    ['example.com/', 'name part must be non-empty'],
    ['-name', 'name part must consist'],
    [`x/${'n'.repeat(64)}`, 'name part must be no more than 63'],
  ])('%s is not a qualified name', (key, reason) => {
    expect(qualifiedNameErrors(key)).toEqual(expect.arrayContaining([expect.stringContaining(reason)]));
  });

  test('label values may be empty, up to 63 characters of the label charset', () => {
    expect(labelValueErrors('')).toEqual([]);
    expect(labelValueErrors('v1.2_3-x')).toEqual([]);
    expect(labelValueErrors('has space')).toHaveLength(1);
    expect(labelValueErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters (is 64)']);
  });
});

describe('IANA_SVC_NAME port names', () => {
  test.each(['http', 'kafka-client', 'h2c', 'a'.repeat(15)])('%s is valid', (name) => {
    expect(ianaSvcNameErrors(name)).toEqual([]);
  });

  test.each([
    ['replication-external', 'no more than 15'],
    ['Http', 'lowercase'],
    ['a--b', 'consecutive hyphens'],
    ['-http', 'begin or end'],
    ['8080', 'at least one letter'],
  ])('%s is invalid', (name, reason) => {
    expect(ianaSvcNameErrors(name)).toEqual(expect.arrayContaining([expect.stringContaining(reason)]));
  });
});

test('ConfigMap keys are file-name safe', () => {
  expect(configMapKeyErrors('server.properties')).toEqual([]);
  expect(configMapKeyErrors('a/b')).toHaveLength(1);
  expect(configMapKeyErrors('..data')).toHaveLength(1);
});
