#!/usr/bin/env bash
# The TypeScript consumer of api/openapi.yaml (`make ts-consumer`): proves that a team generating
# TypeScript types from the contract gets precise, usable types.
#
#   1. consumers/typescript/schema.d.ts is exactly what openapi-typescript generates from the spec;
#   2. the consumer type-checks under strict `tsc` (which also emits the JavaScript steps 5 and 6 run), including expect-errors.ts, whose
#      `// @ts-expect-error` lines must all still be errors;
#   3. negative/wrong-field.ts must NOT compile, with exactly the errors in negative/expected.txt;
#   4. self-test of step 2: with every generated type replaced by `any`, each @ts-expect-error
#      line must turn into an "Unused '@ts-expect-error' directive" error;
#   5. the compiled consumer runs on the spec's own response examples (node --test);
#   6. the compiled workflow (workflow.ts, a client made by openapi-fetch over schema.d.ts) runs
#      against `tallyfy mock`, built from this tree and served on a free 127.0.0.1 port: it
#      launches Supplier Onboarding with kick-off values by label, completes every task (approving
#      the approval) and reads the run back complete; unknown labels and missing required values
#      are refused before anything is sent (node --test workflow.test.cjs).
#
# Uses only the pinned tools from package-lock.json (npx --no-install), and Go ($GO) for step 6.
set -euo pipefail
cd "$(dirname "$0")/.."

NPX="npx --no-install"
DIR=consumers/typescript
OUT=$DIR/.out
rm -rf "$OUT"
mkdir -p "$OUT"

step() { printf -- '--- ts-consumer: %s\n' "$*"; }

step "1. generated types are up to date ($DIR/schema.d.ts)"
$NPX openapi-typescript api/openapi.yaml --array-length -o "$OUT/schema.d.ts" >"$OUT/generate.log" 2>&1 || {
  cat "$OUT/generate.log" >&2
  exit 1
}
if ! cmp -s "$OUT/schema.d.ts" "$DIR/schema.d.ts"; then
  diff -u "$DIR/schema.d.ts" "$OUT/schema.d.ts" | head -40 >&2 || true
  echo "$DIR/schema.d.ts is stale: run 'make ts-types' and commit it with the spec" >&2
  exit 1
fi

step "2. tsc -p $DIR (strict; the JavaScript it emits is what steps 5 and 6 run)"
$NPX tsc -p "$DIR" --noEmit false --outDir "$OUT/js"
echo "tsc: 0 errors"

step "3. negative/wrong-field.ts must fail to compile"
if $NPX tsc -p "$DIR/negative" --noEmit >"$OUT/negative.log" 2>&1; then
  echo "tsc compiled negative/wrong-field.ts: a wrong field access was NOT caught" >&2
  exit 1
fi
cat "$OUT/negative.log"
grep -o 'wrong-field\.ts([0-9]*,[0-9]*): error TS[0-9]*' "$OUT/negative.log" >"$OUT/negative.got" || true
if ! diff -u "$DIR/negative/expected.txt" "$OUT/negative.got" >&2; then
  echo "tsc failed on negative/wrong-field.ts, but not with the expected errors" >&2
  exit 1
fi
echo "tsc rejected negative/wrong-field.ts with the $(wc -l <"$OUT/negative.got") expected errors"

step "4. self-test: the @ts-expect-error lines fail when the types are 'any'"
mkdir -p "$OUT/any"
cp "$DIR/consumer.ts" "$DIR/workflow.ts" "$DIR/expect-errors.ts" "$OUT/any/"
printf 'export type paths = any;\nexport type components = any;\nexport type operations = any;\n' >"$OUT/any/schema.d.ts"
printf '{ "extends": "../../tsconfig.json", "files": ["schema.d.ts", "consumer.ts", "workflow.ts", "expect-errors.ts"] }\n' >"$OUT/any/tsconfig.json"
$NPX tsc -p "$OUT/any" --noEmit >"$OUT/any.log" 2>&1 || true
want=$(grep -cE '^[[:space:]]*// @ts-expect-error' "$DIR/expect-errors.ts")
got=$(grep -c "expect-errors\.ts([0-9]*,[0-9]*): error TS2578" "$OUT/any.log" || true)
if [ "$got" != "$want" ]; then
  cat "$OUT/any.log" >&2
  echo "with 'any' types, $got of the $want @ts-expect-error lines became unused (want all)" >&2
  exit 1
fi
echo "with 'any' types all $want @ts-expect-error lines are reported unused (TS2578): the check has teeth"

step "5. the compiled consumer on the spec's response examples"
$NPX redocly bundle api/openapi.yaml --ext json -o "$OUT/openapi.json" >"$OUT/bundle.log" 2>&1 || {
  cat "$OUT/bundle.log" >&2
  exit 1
}
CONSUMER_JS="$PWD/$OUT/js/consumer.js" SPEC_JSON="$OUT/openapi.json" \
  node --test --test-reporter=spec "$DIR/consumer.test.cjs"

step "6. the compiled workflow launches and completes a process on 'tallyfy mock' (openapi-fetch)"
${GO:-go} build -o "$OUT/tallyfy" ./cmd/tallyfy
# Port 0: the kernel picks a free port, and the mock prints the address it got.
"$OUT/tallyfy" mock --addr 127.0.0.1:0 >"$OUT/mock.log" 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true' EXIT
# The mock listens before it prints, and prints the export lines last in one write: once the
# last of them is there, it serves. Poll for it, 10 s at most.
for _ in $(seq 100); do
  grep -q '^export TALLYFY_ORG_ID=' "$OUT/mock.log" && break
  if ! kill -0 "$mock_pid" 2>/dev/null; then
    cat "$OUT/mock.log" >&2
    echo "tallyfy mock exited before it was ready" >&2
    exit 1
  fi
  sleep 0.1
done
mock_line() { sed -n "s/^export $1=//p" "$OUT/mock.log"; }
base_url=$(mock_line TALLYFY_BASE_URL)
token=$(mock_line TALLYFY_ACCESS_TOKEN)
org_id=$(mock_line TALLYFY_ORG_ID)
case "$base_url" in
  http://127.0.0.1:[0-9]*) ;;
  *)
    cat "$OUT/mock.log" >&2
    echo "tallyfy mock did not print a 127.0.0.1 base URL within 10 s" >&2
    exit 1
    ;;
esac
[ -n "$token" ] && [ -n "$org_id" ] || {
  cat "$OUT/mock.log" >&2
  echo "tallyfy mock did not print its token and organization" >&2
  exit 1
}
echo "tallyfy mock on $base_url"
WORKFLOW_JS="$PWD/$OUT/js/workflow.js" TALLYFY_BASE_URL="$base_url" TALLYFY_ACCESS_TOKEN="$token" TALLYFY_ORG_ID="$org_id" \
  node --test --test-reporter=spec "$DIR/workflow.test.cjs"
