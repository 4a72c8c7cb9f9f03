// Runs the compiled TypeScript consumer (test/consumer.ts) and the package's readers on the
// response examples of api/openapi.yaml and the second shapes in api/examples. `make ts-consumer`
// sets CONSUMER_JS (the compiled consumer.js) and SPEC_JSON (the spec, bundled to JSON by
// `redocly bundle`) and runs `node --test` on this file.

import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { pageInfo, pageLinks, percent, related, relatedOne, freeForm, userID } from "@tallyfy-go/api-client";

const consumer = await import(pathToFileURL(process.env.CONSUMER_JS).href);
const spec = JSON.parse(fs.readFileSync(process.env.SPEC_JSON, "utf8"));

function deref(node) {
  if (node && typeof node.$ref === "string") {
    const parts = node.$ref.replace(/^#\//, "").split("/");
    return deref(parts.reduce((n, p) => n[p.replace(/~1/g, "/").replace(/~0/g, "~")], spec));
  }
  return node;
}

// The 200 examples of an operation, by example name.
function examples(operationId) {
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (op && op.operationId === operationId) {
        const content = deref(op.responses["200"]).content["application/json"];
        const out = {};
        for (const [name, ex] of Object.entries(content.examples)) out[name] = deref(ex).value;
        return out;
      }
    }
  }
  throw new Error(`no operation ${operationId}`);
}

test("getRun: Fractal-wrapped tasks include and prerun object", () => {
  const { withIncludes, minimal } = examples("getRun");
  const s = consumer.summarizeRun(withIncludes);
  assert.equal(s.name, "Onboarding - Globex Corp");
  assert.deepEqual(s.tasks.map((t) => t.status), ["completed", "in-progress", "not-started"]);
  assert.equal(s.openTasks, 2);
  assert.equal(s.kickoff.get("1a2b3c4d5e6f708192a3b4c5d6e7f809"), "Globex Corporation");
  assert.deepEqual(consumer.labelledKickoff(withIncludes), [
    { label: "Company name", value: "Globex Corporation" },
    { label: "Contract start date", value: "2024-06-01T00:00:00Z" },
  ]);

  const m = consumer.summarizeRun(minimal);
  assert.deepEqual(m.tasks, [], "no with=tasks: no tasks include");
  assert.equal(m.kickoff.size, 2);
});

test("getTask: form fields with union values", () => {
  const { withFormFields } = examples("getTask");
  assert.deepEqual(consumer.taskFormFields(withFormFields), [
    { label: "Courier tracking number", type: "text", required: true, value: "DHL tracking 12345" },
    { label: "What went in the pack", type: "multiselect", required: false, value: "Welcome letter" },
  ]);
});

test("listRuns: links as an object and as an empty array", () => {
  const { firstPage, lastPage, onlyPage } = examples("listRuns");
  assert.ok(!Array.isArray(firstPage.meta.pagination.links), "first page: links is an object");
  assert.ok(Array.isArray(onlyPage.meta.pagination.links), "only page: links is []");

  const first = pageInfo(firstPage);
  assert.equal(first.hasMore, true);
  assert.match(first.next, /page=2/);
  assert.equal(first.previous, undefined);

  const last = pageInfo(lastPage);
  assert.equal(last.hasMore, false);
  assert.match(last.previous, /page=1/);
  assert.equal(last.next, undefined);

  const only = pageInfo(onlyPage);
  assert.deepEqual(only, { page: 1, totalPages: 1, total: 1, hasMore: false });
  assert.deepEqual(consumer.runNames(onlyPage), ["Onboarding - Initech"]);

  assert.deepEqual(pageLinks(null), {});
  assert.deepEqual(pageLinks(undefined), {});
});

test("listRunTasks: paged task list", () => {
  const { tasks } = examples("listRunTasks");
  assert.deepEqual(pageInfo(tasks), { page: 1, totalPages: 1, total: 1, hasMore: false });
});

test("getTemplate: prerun is an array of definitions", () => {
  const { withSteps } = examples("getTemplate");
  assert.deepEqual(consumer.kickoffLabels(withSteps), ["Company name"]);
});

// The second shapes the API is documented to send (api/examples/*.variant-*.json).
function corpus(name) {
  return JSON.parse(fs.readFileSync(new URL(`../../../api/examples/${name}`, import.meta.url), "utf8"));
}

test("variants: bare includes, [] for an empty prerun, a bare percentage, no meta", () => {
  const bare = consumer.summarizeRun(corpus("getRun.200.variant-bare-includes.json"));
  assert.deepEqual(bare.tasks.map((t) => t.status), ["completed"]);
  const empty = consumer.summarizeRun(corpus("getRun.200.variant-php-empty-arrays.json"));
  assert.equal(empty.kickoff.size, 0);
  assert.equal(consumer.summarizeRun(corpus("getRun.200.variant-integer-progress.json")).percent, 75);
  const info = pageInfo(corpus("listRuns.200.variant-without-pagination.json"));
  assert.deepEqual([info.total, info.hasMore], [2, false]);
  assert.deepEqual(pageLinks(corpus("listRuns.200.variant-null-links.json").meta.pagination.links), {});
  assert.deepEqual(consumer.kickoffLabels(corpus("getTemplate.200.variant-bare-steps-wrapped-prerun.json")), ["Company name"]);
  const fields = consumer.taskFormFields(corpus("getTask.200.variant-user-objects-bare-step.json"));
  assert.deepEqual(fields.map((f) => f.value), ["DHL tracking 12345"]);
});

test("the package's readers, shape by shape", () => {
  assert.deepEqual(related({ data: [1, 2] }), [1, 2], "wrapped list");
  assert.deepEqual(related([1, 2]), [1, 2], "bare list");
  assert.deepEqual(related(undefined), [], "not included");

  const template = { id: "c1", title: "Onboarding" };
  assert.equal(relatedOne({ data: template }), template, "wrapped one");
  assert.equal(relatedOne(template), template, "bare one");
  assert.equal(relatedOne(undefined), undefined, "not included");

  const values = { "1a2b3c4d5e6f708192a3b4c5d6e7f809": "Globex Corporation" };
  assert.equal(freeForm(values), values);
  for (const empty of [[], null, undefined]) assert.deepEqual(freeForm(empty), {}, JSON.stringify(empty));
  const asList = corpus("getRun.200.variant-prerun-as-list.json").data.prerun;
  assert.equal(freeForm(asList), undefined, "a non-empty list is not read as values");
  assert.equal(consumer.summarizeRun(corpus("getRun.200.variant-prerun-as-list.json")).kickoff.size, 0);

  assert.equal(percent({ complete: 1, total: 4, percent: 25 }), 25);
  assert.equal(percent(75), 75);
  assert.equal(percent(undefined), 0);

  assert.equal(userID(1002), 1002);
  assert.equal(userID({ id: 1003, full_name: "Bob Example" }), 1003);

  assert.deepEqual(pageLinks({ previous: null, next: "https://go.tallyfy.com/api/x?page=2" }), { next: "https://go.tallyfy.com/api/x?page=2" });
  assert.deepEqual(pageLinks([]), {});
});

test("getTask: assignees as ids and as user objects", () => {
  const { withFormFields } = examples("getTask");
  assert.deepEqual(consumer.assigneeIDs(withFormFields), withFormFields.data.owners.users);
  assert.ok(withFormFields.data.owners.users.every(Number.isInteger), "the documented example has ids");
  assert.deepEqual(consumer.assigneeIDs(corpus("getTask.200.variant-user-objects-bare-step.json")), [1002, 1003]);
});
