#!/bin/sh
# The plugin installer (curl image, POSIX sh; the Connect workers' init container):
# downloads each plugin, checks its SHA-256 when one is given, and unpacks it into its
# own directory of the plugin volume. Any failure stops the pod from starting, so a
# worker never runs without its plugins.
#
# Environment (see connector-job-script.ts renderInstallScript):
#   CDK8S_PLUGIN_DIR  the plugin volume, on the workers' plugin.path
#   CDK8S_PLUGINS     the plugins, one a line: <directory> <zip|tar|jar> <url> [<sha256>]
set -eu
install() {
  dir="$1"; url="$2"; sum="$3"; format="$4"; file="/tmp/$dir.download"
  echo "installing $dir from $url"
  curl -fsSL --retry 5 --retry-delay 5 --max-time 900 -o "$file" "$url"
  if [ -n "$sum" ]; then echo "$sum  $file" | sha256sum -c - >/dev/null || { echo "SHA-256 of $url is not $sum: refusing it"; exit 1; }; fi
  mkdir -p "$CDK8S_PLUGIN_DIR/$dir"
  case "$format" in
    zip) unzip -q -o "$file" -d "$CDK8S_PLUGIN_DIR/$dir" ;;
    tar) tar -xzf "$file" -C "$CDK8S_PLUGIN_DIR/$dir" ;;
    jar) cp "$file" "$CDK8S_PLUGIN_DIR/$dir/$dir.jar" ;;
  esac
  rm -f "$file"
}
while read -r dir format url sum <&3; do
  [ -n "$dir" ] || continue
  install "$dir" "$url" "$sum" "$format"
done 3<<EOF_PLUGINS
${CDK8S_PLUGINS:-}
EOF_PLUGINS
echo "plugins installed"
