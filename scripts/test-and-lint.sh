#!/usr/bin/env bash
# `npm test`: jest and eslint side by side. Jest keeps both cores busy only until its
# slowest files are left, and eslint (type-aware, one process) took about 20 s after it;
# run together the suite ends when the longer of the two does. Eslint's output is printed
# after jest's, and the command fails when either does.
set -uo pipefail
log=$(mktemp)
npx projen eslint >"$log" 2>&1 &
lint=$!
npx jest --passWithNoTests --updateSnapshot "$@"
tests=$?
wait "$lint"
linted=$?
cat "$log"
rm -f "$log"
if [ "$tests" -ne 0 ]; then exit "$tests"; fi
exit "$linted"
