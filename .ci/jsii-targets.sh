#!/usr/bin/env bash
# The jsii targets: generate the Python, Java, Go and .NET code of the library with
# jsii-pacmak (code only: packaging each needs its own toolchain and registry), check that
# each has the main constructs, and that the Python parses (python3 is on the machine).
# Run by .ci/run after the build (the .jsii assembly exists).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx jsii-pacmak --code-only --outdir "$out" >/dev/null
for construct in KafkaCluster SchemaRegistry Connect KsqlDb Plan; do
  grep -q "^class $construct(" "$out/python/src/cdk8s_kafka/__init__.py" || { echo "Python lacks $construct" >&2; exit 1; }
  test -f "$out/java/src/main/java/io/github/cdk8s_kafka/$construct.java" || { echo "Java lacks $construct" >&2; exit 1; }
  test -f "$out/go/cdk8skafka/$construct.go" || { echo "Go lacks $construct" >&2; exit 1; }
  test -f "$out/dotnet/Cdk8sKafka/Cdk8sKafka/$construct.cs" || { echo ".NET lacks $construct" >&2; exit 1; }
done
if command -v python3 >/dev/null; then
  python3 -c 'import ast, sys; [ast.parse(open(f).read(), f) for f in sys.argv[1:]]' "$out"/python/src/cdk8s_kafka/__init__.py "$out"/python/src/cdk8s_kafka/_jsii/__init__.py
fi
echo "jsii targets: Python, Java, Go and .NET code generated"
