import { mapPrincipal, rfc2253Subject } from './kafka-principal';
import { issueClientCertificate, makeAuthority, trusts } from './x509';

// The port is only as good as its agreement with Kafka: the cases below are the ones
// Kafka's own SslPrincipalMapperTest asserts (apache/kafka clients/src/test/.../ssl/).

describe('the SslPrincipalMapper port', () => {
  test('maps as Kafka\'s own test expects: first matching rule, L/U, DEFAULT last', () => {
    const rules = [
      'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L',
      'RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L',
      'RULE:^cn=(.*?),ou=(.*?),dc=(.*?),dc=(.*?)$/$1@$2/U',
      'RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/U',
      'DEFAULT',
    ].join(', ');
    expect(mapPrincipal(rules, 'CN=Duke,OU=ServiceUsers,O=Org,C=US')).toBe('duke');
    expect(mapPrincipal(rules, 'CN=Duke,OU=SME,O=mycp,L=Fulton,ST=MD,C=US')).toBe('duke@sme');
    expect(mapPrincipal(rules, 'cn=duke,ou=sme,dc=mycp,dc=com')).toBe('DUKE@SME');
    expect(mapPrincipal(rules, 'cN=duke,OU=JavaSoft,O=Sun Microsystems')).toBe('DUKE');
    expect(mapPrincipal(rules, 'OU=JavaSoft,O=Sun Microsystems,C=US')).toBe('OU=JavaSoft,O=Sun Microsystems,C=US');
  });

  test('an escaped comma inside a common name', () => {
    expect(mapPrincipal('RULE:^CN=((\\\\, *|\\w)+)(,.*|$)/$1/,DEFAULT', 'CN=Tkac\\, Adam,OU=ITZ,DC=geodis,DC=cz')).toBe('Tkac\\, Adam');
  });

  test('no rule applying is a refusal (undefined), not a default', () => {
    expect(mapPrincipal('RULE:^CN=([^,]+)(,.*)?$/$1/', 'O=acme,CN=x')).toBeUndefined();
    expect(mapPrincipal('', 'CN=x')).toBeUndefined();
  });
});

describe('subjects as Java writes them (RFC 2253)', () => {
  const ca = makeAuthority('test-ca');
  const subject = (...attributes: Array<[string, string]>) =>
    rfc2253Subject(issueClientCertificate(ca, attributes.map(([type, value]) => ({ type, value }))));

  test('the last RDN first, keywords for the common types', () => {
    expect(subject(['C', 'US'], ['O', 'Acme'], ['OU', 'Eng'], ['CN', 'orders'])).toBe('CN=orders,OU=Eng,O=Acme,C=US');
    expect(subject(['CN', 'orders'], ['O', 'Acme'])).toBe('O=Acme,CN=orders');
    expect(subject(['DC', 'com'], ['DC', 'acme'], ['UID', 'u1'])).toBe('UID=u1,DC=acme,DC=com');
  });

  test('special characters and edge spaces escaped; other types as OID=#hex', () => {
    expect(subject(['CN', 'a,b+c=d;e<f>g"h\\i#j'])).toBe('CN=a\\,b\\+c\\=d\\;e\\<f\\>g\\"h\\\\i\\#j');
    expect(subject(['CN', ' admin '])).toBe('CN=\\ admin\\ ');
    expect(subject(['emailAddress', 'a@b'])).toBe('1.2.840.113549.1.9.1=#1603614062');
  });

  test('a certificate is trusted by its issuer\'s CA only', () => {
    const other = makeAuthority('other-ca');
    const leaf = issueClientCertificate(ca, [{ type: 'CN', value: 'x' }]);
    expect(trusts(ca.pem, leaf)).toBe(true);
    expect(trusts(other.pem, leaf)).toBe(false);
  });
});
