// An example of @tallyfy-go/api-client: launch a process with kick-off values given by label,
// complete every task (approving the approval), read the process back complete. It imports the
// package by its name, as a program that installed it does; `make ts-consumer` type-checks it
// (strict) and runs it against `tallyfy mock`, the SDK's stateful fake, on a loopback port
// (test/workflow.test.mjs).
//
// The traps it handles are the spec's, on writes:
//   * launchRun's `prerun` and updateRunTask's `taskdata` are keyed by field id; a key that is not
//     an id (a label, an alias) is dropped with a 2xx. So values are given by label here, resolved
//     against the template's kick-off fields or the task's form fields, and an unknown label is
//     refused (thrown) before anything is sent, as the Go SDK refuses it;
//   * each value has the shape of its field type (FieldValue): dropdown `{id, text}`, radio the
//     bare text, multiselect `[{id, text, selected: true}]`, table one cell per column, file a list
//     of file objects, assignees_form all three buckets;
//   * completeRunTask takes no form values: required fields are set first with updateRunTask;
//     `is_approved` goes only with approval tasks.
// The client (createClient) sends `with` comma-separated, the two headers and the organization;
// related() and pageInfo() read the two-shape includes and the paging.

import { pageInfo, related, type operations, type ResponseData, type Schemas, type TallyfyClient } from "@tallyfy-go/api-client";

/** The JSON body of an operation's request, straight from the generated `operations`. */
type Body<Op extends keyof operations> = Extract<
  operations[Op],
  { requestBody: { content: { "application/json": unknown } } }
>["requestBody"]["content"]["application/json"];

export type LaunchRunBody = Body<"launchRun">;
export type UpdateRunBody = Body<"updateRun">;
export type UpdateTaskBody = Body<"updateRunTask">;
export type CompleteTaskBody = Body<"completeRunTask">;

// What the client returns is openapi-fetch's view of the generated types (ResponseData), which tsc
// does not take back as the generated Run and Task, so the workflow works on that view throughout.
export type FetchedTask = ResponseData<"get", "/organizations/{org_id}/runs/{run_id}/tasks">["data"][number];
export type FetchedRun = ResponseData<"get", "/organizations/{org_id}/runs/{run_id}">["data"];

/** Thrown for a value this client refuses to send: the API would drop it or answer 422. */
export class FieldValueError extends Error {
  override name = "FieldValueError";
}

/** Thrown for an answer the workflow did not expect. */
export class APIError extends Error {
  override name = "APIError";
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${operation}: HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** The answer of an openapi-fetch call: its data when 2xx, else an APIError. */
function ok<T>(operation: string, res: { data?: T; error?: unknown; response: Response }, status?: number): T {
  if (res.data === undefined || (status !== undefined && res.response.status !== status)) {
    throw new APIError(operation, res.response.status, res.error ?? res.data);
  }
  return res.data;
}

// ---- values by label → FieldValues by id ----------------------------------------------------

/** A file field's entry: a link, or a file already uploaded (its asset id). */
export type FileInput = { url: string; filename?: string } | { id: string; filename?: string };

/** An assignees_form value; buckets left out are sent empty (the API empties them anyway). */
export interface AssigneesInput {
  users?: number[];
  guests?: string[];
  groups?: string[];
}

/**
 * A value as a caller gives it, encoded per field type by `encodeFieldValues`: a scalar (text,
 * textarea, email, a date string), a Date, an option's text (radio, dropdown) or texts
 * (multiselect), table cells in column order or keyed by column label, files, assignees; null
 * clears a field.
 */
export type FieldInput =
  | string
  | number
  | boolean
  | null
  | Date
  | readonly string[]
  | Readonly<Record<string, string>>
  | readonly FileInput[]
  | AssigneesInput;

/** What encoding needs of a kick-off field or a task's form field (both schemas fit). */
export type FieldDefinition = Pick<Schemas["KickoffField"], "id" | "label" | "field_type" | "required" | "options" | "columns">;

/**
 * Encodes values keyed by field label into FieldValues keyed by field id, each in the shape its
 * field type needs. Refuses (FieldValueError) a label that names no field or several, a value of
 * the wrong shape, an option that does not exist, and, with `checkRequired`, a required field
 * left without a value: all of them before anything is sent.
 */
export function encodeFieldValues(
  what: string,
  fields: readonly FieldDefinition[],
  values: Readonly<Record<string, FieldInput>>,
  checkRequired: boolean,
): Schemas["FieldValues"] {
  const out: Schemas["FieldValues"] = {};
  const given = new Set<string>();
  for (const [label, value] of Object.entries(values)) {
    const matches = fields.filter((f) => f.label === label);
    if (matches.length !== 1) {
      const known = fields.map((f) => JSON.stringify(f.label ?? "")).join(", ");
      throw new FieldValueError(
        matches.length === 0
          ? `${what}: no field is labelled ${JSON.stringify(label)} (the API would drop its value silently); the fields are ${known}`
          : `${what}: ${matches.length} fields are labelled ${JSON.stringify(label)}; key them by id`,
      );
    }
    const field = matches[0]!;
    const encoded = encodeValue(field, value);
    if (checkRequired && field.required === true && isBlank(encoded)) {
      throw new FieldValueError(`${what}: field ${JSON.stringify(label)} is required and the value leaves it empty`);
    }
    out[field.id] = encoded;
    given.add(field.id);
  }
  if (checkRequired) {
    const missing = fields.filter((f) => f.required === true && !given.has(f.id)).map((f) => JSON.stringify(f.label ?? f.id));
    if (missing.length > 0) throw new FieldValueError(`${what}: required fields without a value: ${missing.join(", ")}`);
  }
  return out;
}

function isBlank(v: Schemas["FieldValue"]): boolean {
  return v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);
}

/** One value in its field type's shape (FieldValue in the spec); throws what a field refuses. */
export function encodeValue(field: FieldDefinition, value: FieldInput): Schemas["FieldValue"] {
  const type = field.field_type ?? "";
  const fail = (why: string): never => {
    throw new FieldValueError(`field ${JSON.stringify(field.label ?? field.id)} (${type}): ${why}`);
  };
  if (value === null) return type === "table" ? fail("null would be an empty table (422): leave the key out") : null;
  switch (type) {
    case "textarea":
    case "email":
      return typeof value === "string" ? value : fail("takes a string");
    case "date":
      if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, "Z");
      return typeof value === "string" ? value : fail("takes a Date or a date string");
    case "radio":
      return option(field, value, fail).text;
    case "dropdown": {
      const o = option(field, value, fail);
      return { id: optionID(o, fail), text: o.text };
    }
    case "multiselect": {
      const texts = typeof value === "string" ? [value] : isStringList(value) ? value : fail("takes option texts");
      return texts.map((t) => {
        const o = option(field, t, fail);
        return { id: optionID(o, fail), text: o.text, selected: true };
      });
    }
    case "table":
      return tableCells(field.columns ?? [], value, fail);
    case "file": {
      const files = Array.isArray(value) && value.every(isFileInput) ? (value as readonly FileInput[]) : fail("takes a list of {url} or {id}");
      return files.map((f): Schemas["FileValue"] => ("url" in f ? fileLink(f, fail) : { id: f.id, ...(f.filename === undefined ? {} : { filename: f.filename }) }));
    }
    case "assignees_form": {
      const buckets = ["users", "guests", "groups"];
      if (typeof value !== "object" || Array.isArray(value) || value instanceof Date || Object.keys(value).some((k) => !buckets.includes(k))) {
        return fail("takes {users, guests, groups}");
      }
      const a = value as AssigneesInput;
      return { users: a.users ?? [], guests: a.guests ?? [], groups: a.groups ?? [] };
    }
    default: // text, and types this client does not know: a scalar, sent as it is
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : fail("takes a string, number or boolean");
  }
}

function option(field: FieldDefinition, value: FieldInput, fail: (why: string) => never): Schemas["FieldOption"] {
  if (typeof value !== "string") return fail("takes an option's text");
  // The server compares texts exactly.
  const found = (field.options ?? []).find((o) => o.text === value);
  return found ?? fail(`${JSON.stringify(value)} is not one of ${(field.options ?? []).map((o) => JSON.stringify(o.text)).join(", ")}`);
}

function optionID(o: Schemas["FieldOption"], fail: (why: string) => never): number {
  return o.id ?? fail(`option ${JSON.stringify(o.text)} has no id, and the API needs one`);
}

/** A link: `source: url`, shown under its last path segment unless a filename is given. */
function fileLink(f: { url: string; filename?: string }, fail: (why: string) => never): Schemas["FileValue"] {
  let u: URL;
  try {
    u = new URL(f.url);
  } catch {
    return fail("a file link must be an absolute http(s) URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return fail("a file link must be an absolute http(s) URL");
  return { filename: f.filename ?? (u.pathname.split("/").pop() || u.hostname), source: "url", url: f.url };
}

function isStringList(v: FieldInput): v is readonly string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

function isFileInput(v: unknown): v is FileInput {
  if (typeof v !== "object" || v === null) return false;
  const f = v as { url?: unknown; id?: unknown };
  return (typeof f.url === "string") !== (typeof f.id === "string");
}

/** Exactly one cell per column, in column order (else 422 "Number of columns does not match"). */
function tableCells(columns: readonly Schemas["FieldColumn"][], value: FieldInput, fail: (why: string) => never): string[] {
  if (columns.length === 0) return fail("the table has no columns");
  if (isStringList(value)) {
    return value.length === columns.length ? [...value] : fail(`${value.length} cells for ${columns.length} columns`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Date) {
    return fail("takes cells in column order or keyed by column label");
  }
  const byLabel = value as Readonly<Record<string, unknown>>;
  const unknown = Object.keys(byLabel).filter((k) => !columns.some((c) => c.label === k));
  if (unknown.length > 0) return fail(`no column is labelled ${unknown.map((k) => JSON.stringify(k)).join(", ")}`);
  if (Object.keys(byLabel).length === 0) return fail("an empty table (422): leave the key out");
  return columns.map((c) => {
    const cell = byLabel[c.label] ?? "";
    return typeof cell === "string" ? cell : fail(`column ${JSON.stringify(c.label)} is not text`);
  });
}

// ---- the workflow -----------------------------------------------------------------------------

/** A template's kick-off fields (on a template, `prerun` is the list of definitions). */
export async function kickoffFields(client: TallyfyClient, templateID: string): Promise<FieldDefinition[]> {
  const res = await client.GET("/organizations/{org_id}/checklists/{checklist_id}", {
    params: { path: { checklist_id: templateID } },
  });
  return related(ok("getTemplate", res).data.prerun);
}

/**
 * Launches a process of a template with kick-off values keyed by label. The labels are resolved
 * and the values encoded before launchRun is sent: an unknown label sends nothing but the read of
 * the template. Expects 201.
 */
export async function launchProcess(
  client: TallyfyClient,
  templateID: string,
  valuesByLabel: Readonly<Record<string, FieldInput>>,
  name?: string,
): Promise<FetchedRun> {
  const fields = await kickoffFields(client, templateID);
  const body: LaunchRunBody = {
    checklist_id: templateID,
    prerun: encodeFieldValues(`kick-off form of template ${templateID}`, fields, valuesByLabel, true),
    ...(name === undefined ? {} : { name }),
  };
  const res = await client.POST("/organizations/{org_id}/runs", { body });
  return ok("launchRun", res, 201).data;
}

/** Every task of a process with its form fields, in position order, page by page. */
export async function listTasks(client: TallyfyClient, runID: string): Promise<FetchedTask[]> {
  const tasks: FetchedTask[] = [];
  for (let page = 1; ; page++) {
    const res = await client.GET("/organizations/{org_id}/runs/{run_id}/tasks", {
      params: { path: { run_id: runID }, query: { with: ["form_fields"], per_page: 100, page } },
    });
    const list = ok("listRunTasks", res);
    tasks.push(...list.data);
    if (!pageInfo(list).hasMore) return tasks;
  }
}

/** What to do with one task: form values by label, and the decision on an approval. */
export interface TaskPlan {
  values?: Readonly<Record<string, FieldInput>>;
  approve?: boolean;
}

const doneStatuses: ReadonlySet<string> = new Set(["completed", "auto-skipped"]);

/**
 * Completes one task: its form values are set first with updateRunTask (completion takes none,
 * and refuses while a required field is empty), then completeRunTask, with `is_approved` for an
 * approval task only.
 */
export async function completeTask(client: TallyfyClient, runID: string, task: FetchedTask, plan: TaskPlan): Promise<FetchedTask> {
  const what = `task ${JSON.stringify(task.title ?? task.id)}`;
  const fields = related(task.form_fields);
  const taskdata = encodeFieldValues(what, fields, plan.values ?? {}, false);
  // A required field is filled by the value sent now, else by the one it holds already.
  const filled = (f: (typeof fields)[number]): boolean => (f.id in taskdata ? !isBlank(taskdata[f.id]!) : hasValue(f));
  const missing = fields.filter((f) => f.required === true && !filled(f));
  if (missing.length > 0) {
    throw new FieldValueError(`${what}: required fields without a value: ${missing.map((f) => JSON.stringify(f.label ?? f.id)).join(", ")}`);
  }
  const path = { run_id: runID };
  if (Object.keys(taskdata).length > 0) {
    const body: UpdateTaskBody = { taskdata };
    const res = await client.PUT("/organizations/{org_id}/runs/{run_id}/tasks/{task_id}", {
      params: { path: { ...path, task_id: task.id } },
      body,
    });
    ok("updateRunTask", res);
  }
  const body: CompleteTaskBody = { task_id: task.id };
  if (task.task_type === "approval") {
    if (plan.approve === undefined) throw new FieldValueError(`${what} is an approval: decide it (approve: true or false)`);
    body.is_approved = plan.approve;
  }
  const res = await client.POST("/organizations/{org_id}/runs/{run_id}/completed-tasks", { params: { path }, body });
  return ok("completeRunTask", res).data;
}

function hasValue(f: { value?: unknown; field_value?: unknown }): boolean {
  const v = f.value ?? f.field_value;
  return !(v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0));
}

export interface RunState {
  id: string;
  status: string;
  /** The `with=tasks` include (hidden tasks are left out), in position order. */
  tasks: Array<{ id: string; title: string; status: string; taskType: string }>;
  /** Tasks not completed yet (status is an open set: compare with the known "done" values). */
  openTasks: number;
}

/** A process, read back with its tasks (getRun, with=tasks; the include is wrapped or bare). */
export async function readRun(client: TallyfyClient, runID: string): Promise<RunState> {
  const res = await client.GET("/organizations/{org_id}/runs/{run_id}", {
    params: { path: { run_id: runID }, query: { with: ["tasks"] } },
  });
  const run = ok("getRun", res).data;
  const tasks = related(run.tasks)
    .slice()
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((t) => ({ id: t.id, title: t.title ?? "", status: t.status ?? "", taskType: t.task_type ?? "" }));
  return { id: run.id, status: run.status ?? "", tasks, openTasks: tasks.filter((t) => !doneStatuses.has(t.status)).length };
}

export interface WorkflowResult {
  launched: FetchedRun;
  completed: FetchedTask[];
  run: RunState;
}

/**
 * Launches a process and completes each of its open tasks in position order, with the plan the
 * caller gives per task, then reads the run back and checks that it is complete.
 */
export async function launchAndComplete(
  client: TallyfyClient,
  templateID: string,
  kickoff: Readonly<Record<string, FieldInput>>,
  planFor: (task: FetchedTask) => TaskPlan,
): Promise<WorkflowResult> {
  const launched = await launchProcess(client, templateID, kickoff);
  const tasks = (await listTasks(client, launched.id))
    .filter((t) => !doneStatuses.has(t.status ?? ""))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const completed: FetchedTask[] = [];
  for (const task of tasks) completed.push(await completeTask(client, launched.id, task, planFor(task)));
  const run = await readRun(client, launched.id);
  if (run.status !== "complete" || run.openTasks !== 0) {
    throw new Error(`run ${run.id} is ${run.status} with ${run.openTasks} open tasks after completing ${completed.length}`);
  }
  return { launched, completed, run };
}
