#!/usr/bin/env bash
# The TypeScript package of api/openapi.yaml, @tallyfy-go/api-client (`make ts-consumer`): proves
# that a TypeScript team gets precise types and a client that is right by default.
#
#   1. the package's version is the spec's info.version, and its openapi-fetch the one pinned in
#      package-lock.json (the one every step here runs);
#   2. consumers/typescript/schema.d.ts is exactly what openapi-typescript generates from the spec;
#   3. the package builds under strict tsc (src/ -> dist/);
#   4. the packed package (npm pack) installs: unpacked into a node_modules of its own, the
#      TypeScript in its README type-checks against it, and it imports by its name and exports
#      exactly the names the tests below exercise;
#   5. test/ and examples/ type-check under strict tsc against the build, imported by the package's
#      name (which also emits the JavaScript steps 8 and 9 run), including test/expect-errors.ts,
#      whose `// @ts-expect-error` lines must all still be errors;
#   6. test/negative/wrong-field.ts must NOT compile, with exactly the errors in expected.txt;
#   7. self-test of step 5: with every generated type replaced by `any`, each @ts-expect-error
#      line must turn into an "Unused '@ts-expect-error' directive" error;
#   8. the readers and the consumer run on the spec's own response examples and the second shapes
#      in api/examples, and createClient's requests are checked (node --test, no network but a
#      server of the test's own on 127.0.0.1);
#   9. the example (examples/workflow.ts, on the package's createClient) runs against `tallyfy mock`
#      on a free 127.0.0.1 port: it launches Supplier Onboarding with kick-off values by label,
#      completes every task (approving the approval) and reads the run back complete; unknown
#      labels and missing required values are refused before anything is sent.
#
# Uses only the pinned tools from package-lock.json (npx --no-install), and Go ($GO) to build the
# CLI for step 9; TS_CONSUMER_CLI names a prebuilt `tallyfy` binary to use instead.
set -euo pipefail
cd "$(dirname "$0")/.."

NPX="npx --no-install"
DIR=consumers/typescript
OUT=$DIR/.out
rm -rf "$OUT" "$DIR/dist"
mkdir -p "$OUT"

step() { printf -- '--- ts-consumer: %s\n' "$*"; }

step "1. package version = spec info.version; openapi-fetch = package-lock.json's"
$NPX redocly bundle api/openapi.yaml --ext json -o "$OUT/openapi.json" >"$OUT/bundle.log" 2>&1 || {
  cat "$OUT/bundle.log" >&2
  exit 1
}
node - "$DIR/package.json" "$OUT/openapi.json" package-lock.json <<'EOF'
const fs = require("node:fs");
const [pkgPath, specPath, lockPath] = process.argv.slice(2);
const read = (p) => JSON.parse(fs.readFileSync(p, "utf8"));
const pkg = read(pkgPath), spec = read(specPath), lock = read(lockPath);
const problems = [];
if (pkg.version !== spec.info.version) {
  problems.push(`${pkgPath}: version ${pkg.version}, but the spec's info.version is ${spec.info.version}: they must agree`);
}
const locked = lock.packages["node_modules/openapi-fetch"]?.version;
if (pkg.dependencies?.["openapi-fetch"] !== locked) {
  problems.push(`${pkgPath}: openapi-fetch ${pkg.dependencies?.["openapi-fetch"]}, but package-lock.json pins ${locked}, which is what CI tests`);
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${pkg.name}@${pkg.version} (spec ${spec.info.version}), openapi-fetch ${locked}`);
EOF

step "2. generated types are up to date ($DIR/schema.d.ts)"
$NPX openapi-typescript api/openapi.yaml --array-length -o "$OUT/schema.d.ts" >"$OUT/generate.log" 2>&1 || {
  cat "$OUT/generate.log" >&2
  exit 1
}
if ! cmp -s "$OUT/schema.d.ts" "$DIR/schema.d.ts"; then
  diff -u "$DIR/schema.d.ts" "$OUT/schema.d.ts" | head -40 >&2 || true
  echo "$DIR/schema.d.ts is stale: run 'make ts-types' and commit it with the spec" >&2
  exit 1
fi

step "3. the package builds: tsc -p $DIR (strict) -> $DIR/dist"
$NPX tsc -p "$DIR"
echo "tsc: 0 errors; $(ls "$DIR/dist" | tr '\n' ' ')"

step "4. the packed package installs; its README type-checks against it; it imports by its name"
# npm pack, unpacked into a node_modules beside openapi-fetch (from the root node_modules, as
# npm would install it): what a team installs, not this directory.
tarball=$(npm pack --offline --silent --pack-destination "$OUT" "./$DIR" | tail -1)
mkdir -p "$OUT/install/node_modules/@tallyfy-go/api-client"
tar -xzf "$OUT/$tarball" -C "$OUT/install/node_modules/@tallyfy-go/api-client" --strip-components=1
ln -s "$PWD/node_modules/openapi-fetch" "$OUT/install/node_modules/openapi-fetch"
echo "$tarball: $(cd "$OUT/install/node_modules/@tallyfy-go/api-client" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')"
printf '{ "type": "module", "private": true }\n' >"$OUT/install/package.json"
# Every ```ts block of the README, each a module of its own, type-checked against the installed
# package (strict; unused names allowed, `process` declared for the snippets that read the env).
awk -v dir="$OUT/install" '/^```ts$/ { n++; f = dir "/readme-" n ".ts"; next } /^```$/ { f = ""; next } f { print > f }' "$DIR/README.md"
printf 'declare const process: { env: Record<string, string | undefined> };\n' >"$OUT/install/env.d.ts"
printf '{ "extends": "../../tsconfig.json", "compilerOptions": { "noEmit": true, "rootDir": ".", "noUnusedLocals": false }, "files": [], "include": ["*.ts"] }\n' >"$OUT/install/tsconfig.json"
$NPX tsc -p "$OUT/install"
echo "the $(ls "$OUT"/install/readme-*.ts | wc -l) TypeScript blocks of $DIR/README.md type-check against it"
# The names the package exports are the names steps 5 to 9 exercise: a new one needs its test.
(cd "$OUT/install" && node --input-type=module -e '
  const got = Object.keys(await import("@tallyfy-go/api-client")).sort().join(" ");
  const want = "InvalidArgumentError createClient freeForm pageInfo pageLinks percent related relatedOne userID";
  if (got !== want) { console.error(`the package exports ${got}\nthe tests cover    ${want}`); process.exit(1); }
  console.log(`installed; type-checks; exports ${got}`);
')

step "5. tsc -p $DIR/test (strict, against the build; the JavaScript it emits is what steps 8 and 9 run)"
$NPX tsc -p "$DIR/test"
echo "tsc: 0 errors"

step "6. test/negative/wrong-field.ts must fail to compile"
if $NPX tsc -p "$DIR/test/negative" >"$OUT/negative.log" 2>&1; then
  echo "tsc compiled test/negative/wrong-field.ts: a wrong field access was NOT caught" >&2
  exit 1
fi
cat "$OUT/negative.log"
grep -o 'wrong-field\.ts([0-9]*,[0-9]*): error TS[0-9]*' "$OUT/negative.log" >"$OUT/negative.got" || true
if ! diff -u "$DIR/test/negative/expected.txt" "$OUT/negative.got" >&2; then
  echo "tsc failed on test/negative/wrong-field.ts, but not with the expected errors" >&2
  exit 1
fi
echo "tsc rejected test/negative/wrong-field.ts with the $(wc -l <"$OUT/negative.got") expected errors"

step "7. self-test: the @ts-expect-error lines fail when the types are 'any'"
# The package's sources, test/ and examples/ as they are, over a schema.d.ts of `any`; the
# package's name maps to its sources here.
mkdir -p "$OUT/any/test" "$OUT/any/examples"
cp -r "$DIR/src" "$OUT/any/"
cp "$DIR/test/consumer.ts" "$DIR/test/expect-errors.ts" "$OUT/any/test/"
cp "$DIR/examples/workflow.ts" "$OUT/any/examples/"
printf 'export type paths = any;\nexport type components = any;\nexport type operations = any;\n' >"$OUT/any/schema.d.ts"
cat >"$OUT/any/tsconfig.json" <<'EOF'
{
  "extends": "../../tsconfig.json",
  "compilerOptions": { "noEmit": true, "rootDir": ".", "paths": { "@tallyfy-go/api-client": ["./src/index.ts"] } },
  "files": ["schema.d.ts", "src/index.ts", "test/consumer.ts", "test/expect-errors.ts", "examples/workflow.ts"]
}
EOF
$NPX tsc -p "$OUT/any" >"$OUT/any.log" 2>&1 || true
want=$(grep -cE '^[[:space:]]*// @ts-expect-error' "$DIR/test/expect-errors.ts")
got=$(grep -c "expect-errors\.ts([0-9]*,[0-9]*): error TS2578" "$OUT/any.log" || true)
if [ "$got" != "$want" ]; then
  cat "$OUT/any.log" >&2
  echo "with 'any' types, $got of the $want @ts-expect-error lines became unused (want all)" >&2
  exit 1
fi
echo "with 'any' types all $want @ts-expect-error lines are reported unused (TS2578): the check has teeth"

step "8. the readers and the consumer on the spec's response examples; createClient's requests"
CONSUMER_JS="$PWD/$OUT/js/test/consumer.js" SPEC_JSON="$OUT/openapi.json" \
  node --test --test-reporter=spec "$DIR/test/consumer.test.mjs" "$DIR/test/client.test.mjs"

step "9. the example (examples/workflow.ts) launches and completes a process on 'tallyfy mock'"
if [ -n "${TS_CONSUMER_CLI:-}" ]; then
  cli=$TS_CONSUMER_CLI
  echo "tallyfy: $cli (TS_CONSUMER_CLI)"
else
  cli=$OUT/tallyfy
  ${GO:-go} build -o "$cli" ./cmd/tallyfy
fi
# Port 0: the kernel picks a free port, and the mock prints the address it got.
"$cli" mock --addr 127.0.0.1:0 >"$OUT/mock.log" 2>&1 &
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
WORKFLOW_JS="$PWD/$OUT/js/examples/workflow.js" TALLYFY_BASE_URL="$base_url" TALLYFY_ACCESS_TOKEN="$token" TALLYFY_ORG_ID="$org_id" \
  node --test --test-reporter=spec "$DIR/test/workflow.test.mjs"
