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
# json_values JSON KEY REGEX  each value of KEY matching REGEX (grep), one a line, with
#                             the quotes removed; spaces and newlines are removed from
#                             JSON first, so pretty-printed answers read alike
# json_first JSON KEY REGEX   the first of json_values' values, in one process (a look
#                             at a pod reads several); REGEX is awk's (ERE, backslashes
#                             read as escapes): the callers' '"[^"]*"' and '[0-9]*' read
#                             alike in both
# json_after JSON KEY         JSON (spaces and newlines removed) after the last "KEY":

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

json_values() {
  case "$1" in
    *[' 
']*) printf '%s' "$1" | tr -d ' \n' ;;
    *) printf '%s' "$1" ;;
  esac | grep -o "\"$2\":$3" | sed 's/^[^:]*://; s/"//g'
}

json_first() {
  printf '%s' "$1" | awk -v key="\"$2\":" -v value="^$3" '
    { gsub(/ /, ""); text = text $0 }
    END {
      while ((i = index(text, key)) > 0) {
        text = substr(text, i + length(key))
        if (match(text, value)) { v = substr(text, 1, RLENGTH); gsub(/"/, "", v); print v; exit }
      }
    }'
}

json_after() {
  printf '%s' "$1" | tr -d ' \n' | sed "s|.*\"$2\":||"
}
