// Readers for the fields the API sends in more than one shape. The spec describes every shape
// (each with its source), so the generated types are unions a program must narrow; these do the
// narrowing once. Each takes the generated schema type, and what openapi-fetch returns for it.

import type { components } from "../schema.js";

type Schemas = components["schemas"];

/**
 * A relation as a list: Fractal-wrapped (`{"data": [...]}`, as documented) or bare (`[...]`, as
 * some responses and official scripts have it); absent (not asked for with `with`) is empty.
 * Fits every `Related*` list type (tasks, tags, form fields, steps, kick-off fields, ...).
 */
export function related<T>(r: { data: T[] } | T[] | undefined): T[] {
  if (r === undefined) return [];
  return Array.isArray(r) ? r : r.data;
}

/**
 * A single relation, Fractal-wrapped (`{"data": {...}}`) or bare (`{...}`); undefined when absent.
 * Fits `RelatedTemplate`, `RelatedStep` and `RelatedRun`.
 */
export function relatedOne<T extends { id: string }>(r: { data: T } | T | undefined): T | undefined {
  if (r === undefined) return undefined;
  // A bare object has its own id; a wrapper has only `data`.
  return "data" in r && !("id" in r) ? (r as { data: T }).data : (r as T);
}

/**
 * A free-form object (a run's kick-off values `prerun`, a task's `taskdata`): the object as sent,
 * with `[]` (how Laravel encodes an empty one), `null` and absent read as `{}`. undefined when the
 * API sent a list that is not empty, a shape one old connector documents for `prerun`: it is not
 * keyed by field id, so it is left to the caller, in the response, rather than read as empty.
 */
export function freeForm(v: Schemas["FreeFormObject"] | undefined): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return {};
  if (Array.isArray(v)) return v.length === 0 ? {} : undefined;
  return v;
}

/** A process's `progress`, an object with `percent` or a bare percentage, as a percentage (0 when absent). */
export function percent(p: Schemas["Progress"] | undefined): number {
  if (p === undefined) return 0;
  return typeof p === "number" ? p : p.percent;
}

/** An assignee (`owners.users[i]`), a user id or a user object, as the user id. */
export function userID(u: Schemas["UserRef"]): number {
  return typeof u === "number" ? u : u.id;
}

/** The neighbouring pages, when there are any. */
export interface PageLinks {
  previous?: string;
  next?: string;
}

/**
 * `meta.pagination.links`: an object of `previous`/`next` URLs (each may be null), or `[]` when
 * there is no other page (PHP's empty associative array), or null, or absent; `{}` for all but
 * the first. (`never[]` is how openapi-fetch's view types the empty array.)
 */
export function pageLinks(links: Schemas["PaginationLinks"] | never[] | undefined): PageLinks {
  if (links === undefined || links === null || Array.isArray(links)) return {};
  const out: PageLinks = {};
  if (typeof links.previous === "string") out.previous = links.previous;
  if (typeof links.next === "string") out.next = links.next;
  return out;
}

/** Where a page of a list sits, and whether there is another. */
export interface PageInfo extends PageLinks {
  /** The 1-based page number. */
  page: number;
  totalPages: number;
  /** Items in the whole list. */
  total: number;
  /** `current_page < total_pages`: the spec's rule for when to stop, whatever `links` says. */
  hasMore: boolean;
}

/**
 * The paging of a list answer (listRuns, listRunTasks, ...). `meta` is absent when the list was
 * asked for with `without_pagination=true`: then everything came on one page.
 */
export function pageInfo(res: {
  data: readonly unknown[];
  meta?: { pagination: Omit<Schemas["Pagination"], "links"> & { links?: Schemas["PaginationLinks"] | never[] } };
}): PageInfo {
  if (res.meta === undefined) return { page: 1, totalPages: 1, total: res.data.length, hasMore: false };
  const p = res.meta.pagination;
  return {
    page: p.current_page,
    totalPages: p.total_pages,
    total: p.total,
    hasMore: p.current_page < p.total_pages,
    ...pageLinks(p.links),
  };
}
