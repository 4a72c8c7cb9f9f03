// A small TypeScript consumer of api/openapi.yaml, written the way another language team would
// use the contract: against the generated types and the readers @tallyfy-go/api-client exports,
// imported by the package's name.
//
// `make ts-consumer` type-checks it (strict), then runs the compiled file in consumer.test.mjs,
// which feeds it the spec's own response examples and the second shapes in api/examples.
//
// It covers the sharp edges the spec models:
//   * getRun: the `tasks` include, Fractal-wrapped (`{"data": [...]}`) or bare (`[...]`);
//     `prerun`, an object of kick-off values keyed by field id, or `[]` when empty (on templates
//     `prerun` is a list instead); `progress`, an object or a bare percentage;
//   * getTask: a task's `form_fields`, wrapped or bare, whose `value` is a union; its assignees,
//     user ids or user objects;
//   * listRuns / listRunTasks: `meta` (absent with without_pagination), whose `links` is an object
//     with `previous`/`next` (each possibly null), OR an empty array `[]` when there is no other page.
//   * Only ids and a few buckets are required: every other property may be missing.

import { freeForm, percent, related, relatedOne, userID, type operations, type Schemas } from "@tallyfy-go/api-client";

/**
 * The JSON body of an operation's 200 response, straight from the generated `operations`
 * (`Extract` keeps it to operations that have one: launchRun and createTask answer 201 only).
 */
type Ok<Op extends keyof operations> = Extract<
  operations[Op]["responses"],
  { 200: { content: { "application/json": unknown } } }
>[200]["content"]["application/json"];

export type GetRunResponse = Ok<"getRun">;
export type ListRunsResponse = Ok<"listRuns">;
export type ListRunTasksResponse = Ok<"listRunTasks">;
export type GetTaskResponse = Ok<"getTask">;
export type GetTemplateResponse = Ok<"getTemplate">;
export type ListRunsQuery = NonNullable<operations["listRuns"]["parameters"]["query"]>;

// ---- getRun ------------------------------------------------------------------------------

export interface TaskLine {
  id: string;
  title: string;
  status: string;
  deadline: string | null;
}

export interface RunSummary {
  id: string;
  name: string;
  status: string;
  percent: number;
  /** The `with=tasks` include, unwrapped from its Fractal `{"data": [...]}`; empty if not asked for. */
  tasks: TaskLine[];
  /** Tasks not completed yet (status is open-ended, so compare with the known "done" values only). */
  openTasks: number;
  /** Kick-off values keyed by kick-off field id (`prerun` is an object on runs). */
  kickoff: Map<string, string>;
}

const doneTaskStatuses: ReadonlySet<string> = new Set(["completed", "auto-skipped"]);

export function summarizeRun(res: GetRunResponse): RunSummary {
  const run: Schemas["Run"] = res.data;
  // The include is absent unless `with=tasks` was sent, and wrapped or bare when it was.
  const tasks: Schemas["Task"][] = related(run.tasks);
  const kickoff = new Map<string, string>();
  for (const [fieldID, value] of Object.entries(freeForm(run.prerun) ?? {})) {
    kickoff.set(fieldID, formatValue(value));
  }
  return {
    id: run.id,
    name: run.name ?? "",
    status: run.status ?? "",
    percent: percent(run.progress),
    tasks: tasks
      .slice()
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((t) => ({ id: t.id, title: t.title ?? "", status: t.status ?? "", deadline: t.deadline ?? null })),
    openTasks: tasks.filter((t) => !doneTaskStatuses.has(t.status ?? "")).length,
    kickoff,
  };
}

/** Labels a run's kick-off values with the field definitions of its template (`with=checklist`). */
export function labelledKickoff(res: GetRunResponse): Array<{ label: string; value: string }> {
  const definitions: Schemas["KickoffField"][] = related(relatedOne(res.data.checklist)?.prerun);
  const values = freeForm(res.data.prerun) ?? {};
  return definitions
    .filter((f) => f.id in values)
    .map((f) => ({ label: f.label ?? "", value: formatValue(values[f.id]) }));
}

// ---- getTask -----------------------------------------------------------------------------

export interface FieldView {
  label: string;
  type: string;
  required: boolean;
  value: string;
}

export function taskFormFields(res: GetTaskResponse): FieldView[] {
  const fields: Schemas["FormField"][] = related(res.data.form_fields);
  return fields
    .slice()
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((f) => ({
      label: f.label ?? "",
      type: f.field_type ?? "",
      required: f.required ?? false,
      // `value` per the documentation's example, `field_value` per the official MCP server.
      value: formatValue(f.value ?? f.field_value),
    }));
}

/** The users a task is assigned to, as ids (each is an id or a user object; `owners` may be absent). */
export function assigneeIDs(res: GetTaskResponse): number[] {
  return (res.data.owners?.users ?? []).map(userID);
}

function isOption(v: unknown): v is Schemas["FieldOption"] {
  return typeof v === "object" && v !== null && typeof (v as { text?: unknown }).text === "string";
}

/** Renders a form-field or kick-off value: string, number, boolean, options list, table rows or null. */
export function formatValue(v: Schemas["FormField"]["value"] | unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    return v.map((item: unknown) => (isOption(item) ? item.text : JSON.stringify(item))).join(", ");
  }
  return JSON.stringify(v);
}

// ---- listRuns / listRunTasks -------------------------------------------------------------

export function runNames(res: ListRunsResponse): string[] {
  return res.data.map((r) => r.name ?? "");
}

// ---- getTemplate -------------------------------------------------------------------------

/** On a template, `prerun` is the list of kick-off field definitions (bare, or wrapped when asked for). */
export function kickoffLabels(res: GetTemplateResponse): string[] {
  return related(res.data.prerun).map((f) => f.label ?? "");
}

// ---- listMembers (the people operations) ---------------------------------------------------

export type ListMembersResponse = Ok<"listMembers">;

/** Who can be assigned by email: the active members of a page of listMembers, email → user id. */
export function assignableByEmail(page: ListMembersResponse): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of page.data) {
    // Only `id` is required: a member without an email (or not active) cannot be named by one.
    if (m.email && (m.status === undefined || m.status === "active")) out.set(m.email.toLowerCase(), m.id);
  }
  return out;
}
