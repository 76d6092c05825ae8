// Checks a folder of synthesized manifests (`cdk8s synth`'s dist/) with the test harness:
// the strict Kubernetes schemas, the API server's rules, references and the restricted
// pod profile. With --secure, the cluster must also be the secure default: certificates
// from cert-manager, TLS and SCRAM on its client listener, NetworkPolicies.
//   npx ts-node --project scripts/tsconfig.json scripts/check-manifests.ts <dir> [--secure]
// Used by .ci/getting-started.sh on the app docs/getting-started.md builds.
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { restrictedProblems } from '../test/support/restricted';
import { findProblems } from '../test/support/validate';

function main(): number {
  const [dir, ...flags] = process.argv.slice(2);
  if (dir === undefined) {
    console.error('usage: check-manifests.ts <dir> [--secure]');
    return 2;
  }
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort();
  const objects = files.flatMap(f => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map(d => d.toJS()).filter(o => o != null));
  const problems = [...findProblems(objects).map(p => `${p.object} ${p.path}: ${p.message}`), ...restrictedProblems(objects)];
  if (flags.includes('--secure')) {
    const kinds = new Set(objects.map(o => o.kind));
    for (const kind of ['Certificate', 'NetworkPolicy', 'StatefulSet']) if (!kinds.has(kind)) problems.push(`no ${kind}: not the secure default`);
    const protocols = objects.filter(o => o.kind === 'ConfigMap').map(o => o.data?.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).filter(Boolean);
    if (!protocols.some(p => /:SASL_SSL(,|$)/.test(p))) problems.push('no client listener with SASL_SSL (TLS and SCRAM)');
  }
  if (objects.length === 0) problems.push(`no objects in ${dir}`);
  for (const p of problems) console.error(`  - ${p}`);
  console.log(`${dir}: ${objects.length} objects in ${files.length} files, ${problems.length} problems`);
  return problems.length === 0 ? 0 : 1;
}

process.exit(main());
