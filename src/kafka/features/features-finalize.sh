#!/bin/bash
# The features Job's Kafka step (Kafka image, bash; kafka-admin.sh is inlined before this
# script; before it, the pod's first step waited until the roll Job recorded that every
# node runs the cluster's release, and the second wrote the client settings and waited
# for the brokers). It turns on the Kafka features of the release CDK8S_FEATURES_RELEASE
# (a Kafka line, e.g. 4.0): metadata.version and, from 4.0, group.version (the new
# consumer group protocol) and transaction.version (transactions v2), at the levels
# `kafka-features version-mapping` gives for that release.
#   - kraft.version is never set: raising it turns a static controller quorum into a
#     dynamic one, for good (4.1; KAFKA-16538), and the library's quorum is static. So the
#     Job never uses `upgrade --release-version`, which includes it, and names each
#     feature instead.
#   - A feature already at or above its level is left alone, so running again changes
#     nothing; one above it means the cluster was finalized for a later release: the Job
#     refuses (it never downgrades: metadata cannot go back across 4.0) and says what to set.
#   - A dry run comes first: the controller checks every registered node (fenced ones
#     too) supports the levels, and the Job prints its reason and fails when one does not.
#
# Environment (see features-job.ts renderFeaturesScript):
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG  see kafka-admin.sh
#   CDK8S_FEATURES_RELEASE  the Kafka release whose features to turn on (major.minor)
set -euo pipefail
release="$CDK8S_FEATURES_RELEASE"

# The levels of the release, one "name level" a line ("metadata.version=25 (4.0)",
# "group.version=1", ...), without kraft.version and without level 0 (nothing to turn on).
mapping=$(kafka_tool kafka-features version-mapping --release-version "$release")
wanted=$(sed -n 's/^\([a-z.]*\)=\([0-9]*\).*$/\1 \2/p' <<< "$mapping" | while read -r name level; do
  if [ "$name" != kraft.version ] && [ "$level" != 0 ]; then echo "$name $level"; fi
done)
if ! grep -q '^metadata.version ' <<< "$wanted"; then echo "kafka-features version-mapping --release-version $release gave no metadata.version: $mapping"; exit 1; fi

# What the cluster has finalized: "Feature: <name>\t...\tFinalizedVersionLevel: <level>\t..."
# (metadata.version by its name, e.g. 4.0-IV3, turned into its level below).
described=$(kafka_tool kafka-features describe)
finalized() {
  local line
  while IFS= read -r line; do
    case "$line" in "Feature: $1"$'\t'*) tr '\t' '\n' <<< "$line" | sed -n 's/^FinalizedVersionLevel: *//p'; return 0 ;; esac
  done <<< "$described"
}

upgrades=() current=()
while read -r name level; do
  have=$(finalized "$name")
  if [ "$name" = metadata.version ] && [ -n "$have" ] && [ "$have" != - ]; then
    # The level of the finalized name, e.g. 3.9-IV0 -> 21.
    have=$(kafka_tool kafka-features version-mapping --release-version "$have" | sed -n 's/^metadata.version=\([0-9]*\).*$/\1/p')
  fi
  case "$have" in ''|-) have=0 ;; esac
  if [ "$have" -gt "$level" ]; then
    echo "$name is finalized at level $have, above $level for Kafka $release: the cluster was finalized for a later release, and the library never lowers a feature (metadata cannot be downgraded across 4.0). Set finalizedVersion to the release it was finalized for, or remove it"
    exit 1
  fi
  if [ "$have" -lt "$level" ]; then upgrades+=(--feature "$name=$level"); current+=("$name $have -> $level"); fi
done <<< "$wanted"

if [ "${#upgrades[@]}" = 0 ]; then echo "every feature of Kafka $release is on: nothing to do"; exit 0; fi
echo "turning on the features of Kafka $release: $(printf '%s; ' "${current[@]}")"
if ! out=$(kafka_tool kafka-features upgrade --dry-run "${upgrades[@]}" 2>&1); then
  echo "the controller refuses the levels (every registered node, fenced ones included, must support them; unregister removed brokers first):"
  echo "$out"
  exit 1
fi
kafka_tool kafka-features upgrade "${upgrades[@]}"
# Verified, not assumed: describe again.
described=$(kafka_tool kafka-features describe)
while read -r name level; do
  have=$(finalized "$name")
  if [ "$name" = metadata.version ]; then have=$(kafka_tool kafka-features version-mapping --release-version "$have" | sed -n 's/^metadata.version=\([0-9]*\).*$/\1/p'); fi
  if [ "${have:-0}" -lt "$level" ]; then echo "$name is at ${have:-0} after the upgrade, not $level"; exit 1; fi
done <<< "$wanted"
echo "the features of Kafka $release are on"
