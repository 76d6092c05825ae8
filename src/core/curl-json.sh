# shellcheck shell=sh
# JSON in the curl image (busybox sh, no jq), for the scripts inlined after this file.
# Enough for what the library's API callers send and read, not a JSON parser: values
# are built and read as single lines, and the answers read hold no spaces or newlines
# inside the values read (Kubernetes names, timestamps, counts, label values).
#
# json_string VALUE           VALUE as a JSON string (quotes and backslashes escaped,
#                             control characters, which JSON forbids raw, as spaces)
# json_object KEY VALUE ...   an object of the pairs, in order; each VALUE is JSON already
# json_object_of_lines LINES  an object of string values from key=value lines
# json_fields FILE SPEC...    of the JSON in FILE (spaces and newlines ignored, so
#                             pretty-printed answers read alike), one line with, for each
#                             SPEC, s:KEY the first string value of KEY, n:KEY the digits
#                             of its first value, empty for none; separated by "|" (no
#                             value read holds one), so IFS='|' read keeps empty fields in
#                             place; in one process

# Most values need no escaping: they are written without starting a process (a roll
# builds many per round).
json_string() {
  case "$1" in
    *[\\\"[:cntrl:]]*) printf '"%s"' "$(printf '%s' "$1" | tr '\n\r\t' '   ' | sed 's/[[:cntrl:]]/ /g; s/[\\"]/\\&/g')" ;;
    *) printf '"%s"' "$1" ;;
  esac
}

json_object() {
  _json_out='{'
  _json_sep=''
  while [ "$#" -ge 2 ]; do
    # Keys are names: written as they are, without a subshell, unless they need escaping.
    case "$1" in
      *[\\\"[:cntrl:]]*) _json_key=$(json_string "$1") ;;
      *) _json_key="\"$1\"" ;;
    esac
    _json_out="$_json_out$_json_sep$_json_key:$2"
    _json_sep=','
    shift 2
  done
  printf '%s}' "$_json_out"
}

json_object_of_lines() {
  _json_out='{'
  _json_sep=''
  while IFS= read -r _json_line; do
    [ -n "$_json_line" ] || continue
    _json_out="$_json_out$_json_sep$(json_string "${_json_line%%=*}"):$(json_string "${_json_line#*=}")"
    _json_sep=','
  done <<EOF_LINES
$1
EOF_LINES
  printf '%s}' "$_json_out"
}

json_fields() {
  _json_file="$1"
  shift
  awk -v specs="$*" '
    { gsub(/ /, ""); text = text $0 }
    END {
      n = split(specs, spec, " ")
      for (f = 1; f <= n; f++) {
        kind = substr(spec[f], 1, 1); key = substr(spec[f], 3); v = ""
        if (kind == "s") {
          i = index(text, "\"" key "\":\"")
          if (i > 0) { t = substr(text, i + length(key) + 4); v = substr(t, 1, index(t, "\"") - 1) }
        } else {
          i = index(text, "\"" key "\":")
          if (i > 0) { t = substr(text, i + length(key) + 3); if (match(t, /^[0-9]+/)) v = substr(t, 1, RLENGTH) }
        }
        printf "%s%s", (f > 1 ? "|" : ""), v
      }
      printf "\n"
    }' "$_json_file"
}
