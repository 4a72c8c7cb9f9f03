// This file MUST NOT compile. `make ts-consumer` runs tsc on negative/tsconfig.json and
// fails unless tsc exits non-zero with exactly the errors listed in negative/expected.txt.
// Proof that a wrong field access is caught by the generated types (were they `any`, this
// file would compile and the check would fail).

import type { components } from "@tallyfy-go/api-client";

type Run = components["schemas"]["Run"];
type Task = components["schemas"]["Task"];

export function title(task: Task): string {
  return task.tittle; // typo: the field is `title`
}

export function kickoffCount(run: Run): number {
  return run.prerun?.length; // `prerun` on a run is an object keyed by field id (or `[]` when empty), not a list
}
