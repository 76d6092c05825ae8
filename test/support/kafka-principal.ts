import * as forge from 'node-forge';

// How a Kafka broker names the client of a TLS connection, ported to evaluate rendered
// configurations in tests:
// - the certificate's subject as Java's X500Principal.getName() writes it (RFC 2253:
//   the last RDN first, keywords CN/C/L/ST/O/OU/STREET/DC/UID, other types as an OID
//   with the DER value in hex, `,=+<>#;"\` escaped with a backslash, leading and
//   trailing spaces escaped, sun.security.x509.AVA.toRFC2253String);
// - `ssl.principal.mapping.rules` as SslPrincipalMapper parses and applies them
//   (apache/kafka clients/.../security/ssl/SslPrincipalMapper.java): first rule whose
//   pattern matches the whole DN wins; no rule matching throws NoMatchingRule, which
//   DefaultKafkaPrincipalBuilder turns into a failed authentication.
// Java's and JavaScript's regular expressions agree on what the rules here use
// (classes, groups, anchors, lookahead, $n references).

const KEYWORDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};
// The string types AVA writes as text (UTF8, Printable, T61, IA5, Universal, BMP).
const STRING_TAGS = new Set([12, 19, 20, 22, 28, 30]);
const ESCAPED = ',=+<>#;"\\';

/** The subject of a PEM certificate as Java's `X500Principal.getName()` writes it. */
export function rfc2253Subject(pem: string): string {
  const attributes = forge.pki.certificateFromPem(pem).subject.attributes;
  return attributes.map(a => attributeString(a)).reverse().join(',');
}

function attributeString(a: forge.pki.CertificateField): string {
  const keyword = KEYWORDS[a.type!];
  const tag = a.valueTagClass as number;
  if (keyword === undefined || !STRING_TAGS.has(tag)) {
    const der = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, tag, false, a.value as string)).getBytes();
    return `${a.type}=#${forge.util.bytesToHex(der)}`;
  }
  const value = forge.util.decodeUtf8(a.value as string);
  let text = '';
  for (const c of value) text += c === '\0' ? '\\00' : ESCAPED.includes(c) ? `\\${c}` : c;
  // Leading and trailing spaces (and carriage returns) are escaped.
  const lead = text.length - text.replace(/^[ \r]+/, '').length;
  const trail = text.length - text.replace(/[ \r]+$/, '').length;
  const chars = [...text];
  return `${keyword}=${chars.map((c, i) => (i < lead || i >= chars.length - trail ? `\\${c}` : c)).join('')}`;
}

interface Rule {
  readonly isDefault: boolean;
  readonly pattern?: string;
  readonly replacement?: string;
  readonly lower?: boolean;
  readonly upper?: boolean;
}

// SslPrincipalMapper's grammar, unchanged.
const RULE_PATTERN = '(DEFAULT)|RULE:((\\\\.|[^\\\\/])*)/((\\\\.|[^\\\\/])*)/([LU]?).*?|(.*?)';

function parseRules(rules: string): Rule[] {
  // splitRules: Matcher.find() over the trimmed text, group 1 of each match.
  const splitter = new RegExp(`\\s*(${RULE_PATTERN})\\s*(,\\s*|$)`, 'g');
  const text = rules.trim();
  const parsed: Rule[] = [];
  for (let m = splitter.exec(text); m !== null; m = splitter.exec(text)) {
    if (m[0].length === 0) splitter.lastIndex++;
    const rule = m[1];
    const p = new RegExp(`^(?:${RULE_PATTERN})`).exec(rule)!;
    if (p[0].length !== rule.length) throw new Error(`Invalid rule: \`${rule}\`, unmatched substring: \`${rule.slice(p[0].length)}\``);
    // Empty rules are ignored.
    if (p[1] !== undefined) parsed.push({ isDefault: true });
    else if (p[2] !== undefined) parsed.push({ isDefault: false, pattern: p[2], replacement: p[4], lower: p[6] === 'L', upper: p[6] === 'U' });
  }
  return parsed;
}

/**
 * The principal name Kafka gives `dn` under `rules` (`ssl.principal.mapping.rules`), or
 * undefined where no rule applies (Kafka refuses the client).
 */
export function mapPrincipal(rules: string, dn: string): string | undefined {
  for (const rule of parseRules(rules)) {
    if (rule.isDefault) return dn;
    // Matcher.matches(): the whole DN.
    if (!new RegExp(`^(?:${rule.pattern})$`).test(dn)) continue;
    let result = dn.replace(new RegExp(rule.pattern!, 'g'), rule.replacement!);
    if (rule.lower) result = result.toLowerCase();
    else if (rule.upper) result = result.toUpperCase();
    return result;
  }
  return undefined;
}
