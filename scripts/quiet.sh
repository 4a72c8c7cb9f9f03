#!/bin/sh
# quiet.sh LABEL COMMAND [ARG...]: run COMMAND with its output (stdout and stderr) in a temporary
# file. On success print one line, "LABEL: ok"; on failure print all of the output and exit with
# COMMAND's status. `make check` uses it for the tools that are verbose on a passing run (the
# api-gate's "incompatible: ..." lines for the baseline's own history, the spec-gate's "error at
# ..." lines, npm's allowScripts warning, Redocly's notices), so a green run is short and a red
# one shows everything the tool said.
set -u
label=$1
shift
out=$(mktemp "${TMPDIR:-/tmp}/quiet.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT
if "$@" >"$out" 2>&1; then
	echo "$label: ok"
	exit 0
else
	status=$?
	cat "$out" >&2
	echo "$label: failed (exit $status): $*" >&2
	exit "$status"
fi
