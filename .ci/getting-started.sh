#!/usr/bin/env bash
# docs/getting-started.md as a new user follows it: the package packed from this
# repository where the guide builds it (../cdk8s-kafka/ beside the app), then the guide's
# blocks marked `<!-- getting-started: run -->` (run, in order, in one shell) and
# `<!-- getting-started: file NAME -->` (written), in a fresh folder; then every object
# synthesized is checked by the test harness, and the cluster must be the secure one.
# Run by .ci/run after the build (lib/ exists).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/cdk8s-kafka"
npm pack --silent --pack-destination "$work/cdk8s-kafka" >/dev/null
node - "$repo/docs/getting-started.md" > "$work/steps.sh" <<'EOF_NODE'
const text = require('fs').readFileSync(process.argv[2], 'utf8');
const out = ['set -euo pipefail'];
const marked = /<!-- getting-started: (run|file ([^ ]+)) -->\n```[a-z]*\n([\s\S]*?)```/g;
for (const m of text.matchAll(marked)) {
  if (m[1] === 'run') out.push(m[3]);
  else out.push(`cat > ${m[2]} <<'EOF_FILE'\n${m[3]}EOF_FILE`);
}
if (out.length < 4) throw new Error('docs/getting-started.md has fewer marked steps than expected');
process.stdout.write(out.join('\n') + '\n');
EOF_NODE
(cd "$work" && CDK8S_KAFKA_SILENCE_WARNINGS=1 bash steps.sh)
npx ts-node --project scripts/tsconfig.json scripts/check-manifests.ts "$work/my-kafka/dist" --secure
echo "getting started: ok"
