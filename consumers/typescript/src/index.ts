/**
 * A typed client for the Tallyfy REST API, generated from tallyfy-go's contract (api/openapi.yaml):
 *
 *   * `createClient`: openapi-fetch, preset the way the API needs it (token and
 *     `X-Tallyfy-Client` headers, comma-separated array parameters, `{org_id}` filled in);
 *   * readers for the fields the API sends in two shapes (`related`, `percent`, `pageLinks`, ...);
 *   * the generated types: `paths`, `components`, `operations` (schema.d.ts, by openapi-typescript).
 *
 * @packageDocumentation
 */

import type { components } from "../schema.js";

export { createClient, InvalidArgumentError } from "./client.js";
export type { ClientOptions, OrgPaths, ResponseData, TallyfyClient } from "./client.js";
export { freeForm, pageInfo, pageLinks, percent, related, relatedOne, userID } from "./shapes.js";
export type { PageInfo, PageLinks } from "./shapes.js";
export type { components, operations, paths } from "../schema.js";

/** The generated schemas by name: `Schemas["Run"]`, `Schemas["Task"]`, `Schemas["FieldValue"]`, ... */
export type Schemas = components["schemas"];
