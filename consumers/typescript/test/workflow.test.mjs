// Runs the package's example (examples/workflow.ts, compiled) against `tallyfy mock`, the SDK's
// stateful fake Tallyfy. `make ts-consumer` starts the mock on a free loopback port and sets
// WORKFLOW_JS (the compiled example) and the lines the mock prints: TALLYFY_BASE_URL,
// TALLYFY_ACCESS_TOKEN and TALLYFY_ORG_ID. The client is the package's createClient, with a fetch
// that sends to 127.0.0.1 only and records what was sent.

import test from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { createClient } from "@tallyfy-go/api-client";

const workflow = await import(pathToFileURL(process.env.WORKFLOW_JS).href);
const base = process.env.TALLYFY_BASE_URL;
const org = process.env.TALLYFY_ORG_ID;

// tallyfytest.SupplierTemplateID: a kick-off field of every type; steps: a task with a required
// text field, an approval, a task whose radio field is required, a task for the launcher.
const supplierTemplate = "bb9af381cba1c192f03e9a07ab73fb60";

const kickoff = {
  "Supplier name": "Initech",
  "Contact email": "ap@initech.example",
  "Contract start": new Date("2024-06-01T00:00:00Z"),
  Region: "EMEA",
  Notes: "Preferred supplier for printers.",
  Tier: "Silver",
  Services: ["Hardware", "Consulting"],
  "Bank details": { Bank: "First Bank", IBAN: "DE89370400440532013000" },
  "Signed contract": [{ url: "https://files.example/initech/contract.pdf" }],
  "Account team": { users: [1002], groups: [] },
};

// What each task gets, by task title; the approval is approved.
const plans = {
  "Check the documents of Initech": { values: { "Registration number": "HRB 12345", "Risk rating": "Low" } },
  "Approve Initech": { approve: true },
  "Set up Initech in the ERP": { values: { "Payment terms": "Net 30", Accounts: ["SAP", "40001"], "Order channels": ["Email"] } },
  "Welcome Initech": {},
};

/**
 * The package's client, whose requests may only go to 127.0.0.1, recorded as "METHOD path" with
 * their query, body, headers (token sent? X-Tallyfy-Client) and redirect mode.
 */
function loopbackClient() {
  const sent = [];
  const client = createClient({
    baseUrl: base,
    token: process.env.TALLYFY_ACCESS_TOKEN,
    org,
    fetch: async (request) => {
      const url = new URL(request.url);
      if (url.hostname !== "127.0.0.1") throw new Error(`refused to send ${request.method} ${url.origin}: 127.0.0.1 only`);
      const body = request.body === null ? undefined : JSON.parse(await request.clone().text());
      const headers = `${request.headers.get("authorization") === `Bearer ${process.env.TALLYFY_ACCESS_TOKEN}`} ${request.headers.get("x-tallyfy-client")}`;
      sent.push({ call: `${request.method} ${url.pathname}`, query: url.search, body, headers, redirect: request.redirect });
      return fetch(request);
    },
  });
  return { client, sent };
}

test("the mock is on loopback", () => {
  assert.equal(new URL(base).hostname, "127.0.0.1");
  assert.match(org, /^[0-9a-f]{32}$/);
});

test("launch Supplier Onboarding by label and complete every task: the run ends complete", async () => {
  const { client, sent } = loopbackClient();
  const { launched, completed, run } = await workflow.launchAndComplete(client, supplierTemplate, kickoff, (task) => {
    const plan = plans[task.title];
    assert.ok(plan, `no plan for task ${task.title}`);
    return plan;
  });

  // launchRun answered 201 (launchProcess checks it) with prerun keyed by field id, each value in
  // its type's shape.
  assert.equal(launched.status, "active");
  const prerun = launched.prerun;
  assert.ok(Object.keys(prerun).length === Object.keys(kickoff).length && Object.keys(prerun).every((k) => /^[0-9a-f]{32}$/.test(k)), JSON.stringify(prerun));
  const values = Object.values(prerun);
  assert.ok(values.includes("Initech") && values.includes("Silver") && values.includes("2024-06-01T00:00:00Z"));
  assert.ok(values.some((v) => v && v.text === "EMEA" && Number.isInteger(v.id)), "dropdown as {id, text}");
  assert.ok(values.some((v) => Array.isArray(v) && v.length === 2 && v.every((c) => c.selected === true)), "multiselect with selected: true");
  assert.ok(values.some((v) => Array.isArray(v) && v[0] === "First Bank" && v[1] === "DE89370400440532013000"), "table: one cell per column");
  assert.ok(values.some((v) => Array.isArray(v) && v[0] && v[0].source === "url" && v[0].filename === "contract.pdf"), "file: a list of file objects");
  assert.ok(values.some((v) => v && Array.isArray(v.users) && Array.isArray(v.guests) && Array.isArray(v.groups)), "assignees: three buckets");

  // Every task completed, the approval approved; the run read back is complete.
  assert.deepEqual(completed.map((t) => [t.title, t.status]), Object.keys(plans).map((title) => [title, "completed"]));
  const approval = completed.find((t) => t.task_type === "approval");
  assert.equal(approval.is_approved, true);
  assert.equal(run.status, "complete");
  assert.equal(run.openTasks, 0);
  assert.deepEqual(run.tasks.map((t) => t.status), ["completed", "completed", "completed", "completed"]);

  // The requests, in order: form values set before completing, and is_approved only on the approval.
  const r = `/organizations/${org}/runs/${launched.id}`;
  const [check, approve, erp, welcome] = completed.map((t) => t.id);
  assert.deepEqual(sent.map((s) => s.call), [
    `GET /organizations/${org}/checklists/${supplierTemplate}`,
    `POST /organizations/${org}/runs`,
    `GET ${r}/tasks`,
    `PUT ${r}/tasks/${check}`,
    `POST ${r}/completed-tasks`,
    `POST ${r}/completed-tasks`,
    `PUT ${r}/tasks/${erp}`,
    `POST ${r}/completed-tasks`,
    `POST ${r}/completed-tasks`,
    `GET ${r}`,
  ]);
  assert.deepEqual(new Set(sent.map((s) => s.headers)), new Set(["true APIClient"]), "the token and X-Tallyfy-Client on every request");
  assert.deepEqual(sent.map((s) => s.redirect), sent.map((s) => (s.call.startsWith("GET ") ? "follow" : "error")), "writes are not redirected");
  assert.equal(sent[2].query, "?with=form_fields&per_page=100&page=1");
  assert.equal(sent[9].query, "?with=tasks");
  const completions = sent.filter((s) => s.call === `POST ${r}/completed-tasks`).map((s) => s.body);
  assert.deepEqual(completions, [{ task_id: check }, { task_id: approve, is_approved: true }, { task_id: erp }, { task_id: welcome }]);

  // The task values were stored under their field ids (a key the API does not know is dropped).
  const erpTask = (await workflow.listTasks(client, launched.id)).find((t) => t.id === erp);
  const fields = Array.isArray(erpTask.form_fields) ? erpTask.form_fields : erpTask.form_fields.data;
  const byLabel = Object.fromEntries(fields.map((f) => [f.label, f.value]));
  assert.equal(byLabel["Payment terms"], "Net 30");
  assert.deepEqual(byLabel.Accounts, ["SAP", "40001"]);
});

test("an unknown label is refused before launchRun is sent", async () => {
  const { client, sent } = loopbackClient();
  await assert.rejects(
    workflow.launchProcess(client, supplierTemplate, { ...kickoff, "Contact e-mail": "ap@initech.example" }),
    (err) => err instanceof workflow.FieldValueError && /no field is labelled "Contact e-mail"/.test(err.message),
  );
  assert.deepEqual(sent.map((s) => s.call), [`GET /organizations/${org}/checklists/${supplierTemplate}`], "only the template was read");
});

test("refused before sending: a required kick-off field left out, an option that does not exist, a task's required field", async () => {
  const { client, sent } = loopbackClient();
  const { Region: _, ...noRegion } = kickoff;
  await assert.rejects(workflow.launchProcess(client, supplierTemplate, noRegion), /required fields without a value: "Region"/);
  await assert.rejects(workflow.launchProcess(client, supplierTemplate, { ...kickoff, Region: "Europe" }), /"Europe" is not one of "EMEA", "Americas", "APAC"/);
  assert.ok(sent.every((s) => s.call.startsWith("GET ")), "nothing but reads");

  const launched = await workflow.launchProcess(client, supplierTemplate, kickoff);
  const [first] = await workflow.listTasks(client, launched.id);
  sent.length = 0;
  await assert.rejects(workflow.completeTask(client, launched.id, first, {}), /required fields without a value: "Registration number"/);
  assert.deepEqual(sent, [], "neither updateRunTask nor completeRunTask was sent");
});
