#!/bin/sh
# The REST users init container of a component with HTTP basic (the component's image,
# POSIX sh, as the component's own user so the server can read what it writes): the
# callers' users file and the JAAS file that points the server's login module at it,
# written into a memory-backed directory. Each caller's password is a file of the
# mounted Secrets (the kubelet starts no container until every one exists). Runs at
# every pod start, so the server reads the passwords the Secrets hold then.
#
# Environment (see rest-server.ts):
#   CDK8S_REST_CALLERS        the callers, one a line
#   CDK8S_REST_CALLERS_DIR    where their passwords are mounted, one file per caller
#   CDK8S_REST_USERS_FILE     the users file to write
#   CDK8S_REST_JAAS_FILE      the JAAS file to write
#   CDK8S_REST_JAAS_SECTION   the JAAS section the server reads (its realm)
#   CDK8S_REST_LOGIN_MODULE   the login module class that reads the users file
#   CDK8S_REST_ROLE           the role every caller gets (`user: password,role`); empty
#                             for Connect, whose module reads `user: password` only
set -eu
umask 077
tmp="$CDK8S_REST_USERS_FILE.tmp"
: > "$tmp"
while read -r caller <&3; do
  [ -n "$caller" ] || continue
  file="$CDK8S_REST_CALLERS_DIR/$caller"
  if [ ! -s "$file" ]; then echo "no password for REST caller $caller in $file"; exit 1; fi
  pw=$(cat "$file")
  # The files are read as Java properties: only letters and digits keep their meaning
  # (the generated passwords are 32 of them).
  case "$pw" in
    *[!A-Za-z0-9]*) echo "the password of REST caller $caller holds characters other than letters and digits; delete its Secret so the credentials Job makes a new one"; exit 1 ;;
  esac
  printf '%s: %s%s\n' "$caller" "$pw" "${CDK8S_REST_ROLE:+,$CDK8S_REST_ROLE}" >> "$tmp"
done 3<<EOF_CALLERS
${CDK8S_REST_CALLERS:-}
EOF_CALLERS
pw=""
# Never an empty file: Connect's PropertyFileLoginModule admits every request then.
if [ ! -s "$tmp" ]; then echo "no REST caller: refusing to write an empty users file"; exit 1; fi
mv "$tmp" "$CDK8S_REST_USERS_FILE"
printf '%s {\n  %s required\n  file="%s";\n};\n' "$CDK8S_REST_JAAS_SECTION" "$CDK8S_REST_LOGIN_MODULE" "$CDK8S_REST_USERS_FILE" > "$CDK8S_REST_JAAS_FILE"
echo "wrote the users file for $(wc -l < "$CDK8S_REST_USERS_FILE" | tr -d ' ') REST callers"
