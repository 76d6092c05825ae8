#!/usr/bin/env bash
# The change-safety plan as a user runs it: pack the library (which must hold only what
# users need), install the tarball into an empty cdk8s app in a fresh folder, synthesize it twice with a change, and run
# `npx cdk8s-kafka plan` on the two outputs. Run by .ci/run after the build (lib/ exists).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version() { node -p "const p = require('./package.json'); (p.devDependencies['$1'] || p.peerDependencies['$1'] || '').replace(/^[\\^~]/, '')"; }
cdk8s=$(version cdk8s); plus=$(version cdk8s-plus-27); constructs=$(version constructs)
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
# The package holds what users need and nothing of the repository's own tooling.
unexpected=$(tar -tzf "$work/$tarball" | cut -d/ -f2 | sort -u | grep -vxE 'lib|node_modules|docs|\.jsii|API\.md|LICENSE|README\.md|CHANGELOG\.md|package\.json' || true)
if [ -n "$unexpected" ]; then echo "the package ships what users do not need: $unexpected" >&2; exit 1; fi
mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "../$tarball" "cdk8s@$cdk8s" "cdk8s-plus-27@$plus" "constructs@$constructs"
cat > main.js <<'EOF_APP'
// An empty cdk8s app of a user: a cluster whose broker count comes from the environment.
const { App, Chart } = require('cdk8s');
const { KafkaCluster } = require('cdk8s-kafka');
const app = new App({ outdir: process.argv[2] });
const chart = new Chart(app, 'platform', { namespace: 'kafka' });
new KafkaCluster(chart, 'events', { brokers: { replicas: Number(process.env.BROKERS) } });
app.synth();
EOF_APP
export CDK8S_KAFKA_SILENCE_WARNINGS=1
BROKERS=4 node main.js dist-before
BROKERS=3 node main.js dist-after
npx --no-install cdk8s-kafka plan dist-before dist-before > same.txt
grep -q 'No change to any Kafka cluster' same.txt
code=0
npx --no-install cdk8s-kafka plan dist-before dist-after > plan.txt || code=$?
cat plan.txt
if [ "$code" != 1 ]; then echo "expected exit code 1 for brokers removed without a drain, got $code" >&2; exit 1; fi
grep -q 'brokers 3 are removed without a drain' plan.txt
echo "plan from the packed package: ok"
