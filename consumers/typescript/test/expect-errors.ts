// Negative checks that run inside the normal strict `tsc`: every line below is a mistake a
// consumer could make, marked `@ts-expect-error`. tsc fails with TS2578 ("Unused
// '@ts-expect-error' directive") if any of them stops being an error, e.g. because the
// generated types degraded to `any` or a quirk of the spec stopped being modelled. writeMistakes
// does the same for the calls and request bodies of the writes, sent through the package's
// client or built as values of the generated body types (examples/workflow.ts names them).

import type { TallyfyClient } from "@tallyfy-go/api-client";
import type { CompleteTaskBody, LaunchRunBody, UpdateRunBody, UpdateTaskBody } from "../examples/workflow.js";
import type { GetRunResponse, GetTaskResponse, GetTemplateResponse, ListRunsQuery, ListRunsResponse } from "./consumer.js";

export function mistakes(run: GetRunResponse, task: GetTaskResponse, tpl: GetTemplateResponse, page: ListRunsResponse): unknown[] {
  const out: unknown[] = [];

  // @ts-expect-error a field the Run schema does not have
  out.push(run.data.no_such_field);

  // @ts-expect-error `tasks` is Fractal-wrapped ({"data": [...]}) or bare: narrow it before mapping
  out.push(run.data.tasks?.map((t: unknown) => t));

  // @ts-expect-error `tasks` is only there with `with=tasks`, and may be bare: no `.data` to read
  out.push(run.data.tasks.data);

  // @ts-expect-error on a run `prerun` is an object of values (or `[]` when empty); the list of definitions is the template's
  out.push(run.data.prerun.map((f: unknown) => f));

  // @ts-expect-error on a template `prerun` is a list of field definitions, not a map of values
  const v: string = tpl.data.prerun["1a2b3c4d5e6f708192a3b4c5d6e7f809"];
  out.push(v);

  // @ts-expect-error `form_fields` may be Fractal-wrapped too
  out.push(task.data.form_fields?.[0]?.label);

  // @ts-expect-error a form field's `value` is a union (string, number, boolean, list, object, null)
  const value: string = task.data.form_fields!.data[0]!.value;
  out.push(value);

  // @ts-expect-error `meta` is absent with without_pagination, and `links` may be `[]`: narrow both
  out.push(page.meta.pagination.links.next);

  const links = page.meta?.pagination.links;
  if (Array.isArray(links)) {
    // @ts-expect-error the empty-array form is the empty tuple: it has no elements to read
    out.push(links[0].next);
  }

  // @ts-expect-error `status` is an open set of strings, not a number
  const badQuery: ListRunsQuery = { status: 5 };
  out.push(badQuery);

  // @ts-expect-error `progress` may be a bare percentage: narrow it before reading `percent`
  out.push(run.data.progress?.percent);

  // @ts-expect-error an assignee is a user id or a user object: narrow it before reading `id`
  out.push(task.data.owners.users[0]?.id);

  // @ts-expect-error `owners` are integer user ids
  const badOwners: ListRunsQuery = { owners: ["1002"] };
  out.push(badOwners);

  // @ts-expect-error `per_page` is a number
  const badPerPage: ListRunsQuery = { per_page: "100" };
  out.push(badPerPage);

  return out;
}

// The calls, through the package's client: it fills org_id, nothing else.
export async function callMistakes(client: TallyfyClient, runID: string): Promise<unknown[]> {
  const out: unknown[] = [];

  // @ts-expect-error getRun needs the run's id: only org_id is filled in by the client
  out.push(await client.GET("/organizations/{org_id}/runs/{run_id}", { params: { path: {} } }));

  // @ts-expect-error a run id is a hex string, not a number
  out.push(await client.GET("/organizations/{org_id}/runs/{run_id}", { params: { path: { run_id: 5 } } }));

  // @ts-expect-error `with` is a list the client joins with commas, not a string joined by hand
  out.push(await client.GET("/organizations/{org_id}/runs/{run_id}", { params: { path: { run_id: runID }, query: { with: "checklist,tasks" } } }));

  // @ts-expect-error the organization id is a string
  out.push(await client.GET("/organizations/{org_id}/runs", { params: { path: { org_id: 42 } } }));

  return out;
}

// The request bodies, through the typed openapi-fetch client and as plain values.
export async function writeMistakes(client: TallyfyClient, org: string, runID: string, taskID: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const params = { path: { org_id: org } };

  // @ts-expect-error launchRun needs checklist_id
  out.push(await client.POST("/organizations/{org_id}/runs", { params, body: { name: "Supplier - Initech" } }));

  // @ts-expect-error `prerun` is an object keyed by field id, not a list of values
  const listPrerun: LaunchRunBody = { checklist_id: "bb9af381cba1c192f03e9a07ab73fb60", prerun: ["Initech"] };
  out.push(listPrerun);

  // @ts-expect-error a dropdown value is {id, text}: an option id alone is not a FieldValue shape
  const dropdownID: LaunchRunBody = { checklist_id: "bb9af381cba1c192f03e9a07ab73fb60", prerun: { f: { id: 2 } } };
  out.push(dropdownID);

  // @ts-expect-error completeRunTask's task_id is the task's hex id, not a number
  out.push(await client.POST("/organizations/{org_id}/runs/{run_id}/completed-tasks", { params: { path: { org_id: org, run_id: runID } }, body: { task_id: 5 } }));

  // @ts-expect-error is_approved is a boolean decision, not a string
  const approvedText: CompleteTaskBody = { task_id: taskID, is_approved: "yes" };
  out.push(approvedText);

  // @ts-expect-error updateRun replaces the members: users (and groups) must be sent
  const noUsers: UpdateRunBody = { name: "Renamed", groups: [] };
  out.push(noUsers);

  // @ts-expect-error owners on a task replace all three buckets: a missing one would be emptied
  const twoBuckets: UpdateTaskBody = { owners: { users: [1002], groups: [] } };
  out.push(twoBuckets);

  // @ts-expect-error completion takes no form values: set them first with updateRunTask's taskdata
  const completeWithValues: CompleteTaskBody = { task_id: taskID, taskdata: { f: "x" } };
  out.push(completeWithValues);

  return out;
}
