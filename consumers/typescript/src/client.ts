// createClient: openapi-fetch over the generated types, preset the way the Tallyfy API needs it.
//
// What a plain `createClient<paths>()` from openapi-fetch gets wrong, and this preset sets:
//   * array query parameters: openapi-fetch sends `with=a&with=b` by default; the spec's array
//     parameters are `style: form, explode: false` and the API (and `tallyfy mock`) want `with=a,b`;
//   * `X-Tallyfy-Client: APIClient` on every request beside the bearer token: without it the API
//     answers 401 or 404 (the `tallyfyClient` security scheme in the spec);
//   * `{org_id}`: nearly every path starts with /organizations/{org_id}; the preset fills it with
//     the organization it was made for, so a call only names the other ids;
//   * a path parameter left out or empty is refused before anything is sent (openapi-fetch would
//     send `{run_id}` literally, or `//`), and so is a dot segment (`..` would climb the path);
//   * a write is not redirected: fetch replays a POST as a GET on 301/302/303 and drops the body,
//     so for anything but GET, HEAD, OPTIONS and TRACE a redirect is an error, never a silent loss.

import createFetchClient, { type Client, type ClientPathsWithMethod, type MethodResponse } from "openapi-fetch";
import type { paths } from "../schema.js";

/** The API root of production Tallyfy (the spec's first server). */
const defaultBaseUrl = "https://go.tallyfy.com/api";

/** What `createClient` needs. */
export interface ClientOptions {
  /** A personal access token (Settings > Integrations > REST API) or an OAuth access token. */
  token: string;
  /** The organization id: it fills `{org_id}` in every path unless a call names another. */
  org: string;
  /**
   * The API root, paths starting at /organizations (default https://go.tallyfy.com/api). https,
   * or plain http to a loopback host only (`tallyfy mock` prints an http://127.0.0.1 one).
   */
  baseUrl?: string;
  /** A fetch to use instead of globalThis.fetch (to record, police or stub requests in tests). */
  fetch?: (input: Request) => Promise<Response>;
}

/**
 * Thrown for an argument this client refuses before anything is sent: a bad option to
 * `createClient`, or a path parameter that is missing, empty or a dot segment. The token is never
 * part of the message.
 */
export class InvalidArgumentError extends Error {
  override name = "InvalidArgumentError";
}

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/** `{ [K in keyof T]: T[K] }`: one object type instead of an intersection, for readable errors. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** A path-parameter object with `org_id` made optional. */
type OrgOptional<Path> = Path extends { org_id: infer Org } ? Flat<Omit<Path, "org_id"> & { org_id?: Org }> : Path;

/** An operation's parameters with `org_id` optional, and `path` optional when nothing else in it is required. */
type OrgOptionalParameters<Params> = Params extends { path: infer Path }
  ? Flat<Omit<Params, "path"> & ({} extends OrgOptional<Path> ? { path?: OrgOptional<Path> } : { path: OrgOptional<Path> })>
  : Params;

type OrgOptionalOperation<Op> = Op extends { parameters: infer Params }
  ? Flat<Omit<Op, "parameters"> & { parameters: OrgOptionalParameters<Params> }>
  : Op;

/**
 * The generated `paths` as a client made by `createClient` takes them: the same operations,
 * bodies and responses, with `org_id` optional in every path (the client fills it).
 * `any` stays `any`, so a program whose generated types degrade to `any` does not turn into errors.
 */
export type OrgPaths = 0 extends 1 & paths
  ? any
  : {
      [Path in keyof paths]: {
        [Key in keyof paths[Path]]: Key extends HttpMethod ? OrgOptionalOperation<paths[Path][Key]> : paths[Path][Key];
      };
    };

/** A client for the whole contract: openapi-fetch's `Client` over `OrgPaths`. */
export type TallyfyClient = Client<OrgPaths>;

/**
 * The data of a 2xx answer as the client returns it, e.g.
 * `ResponseData<"get", "/organizations/{org_id}/runs/{run_id}">`. This is openapi-fetch's view of
 * the generated response type (its `Readable`), which a program should use for what it fetched:
 * tsc does not always take it back as the generated schema type (an empty tuple such as
 * `EmptyLinks` reads as `never[]`).
 */
export type ResponseData<Method extends HttpMethod, Path extends ClientPathsWithMethod<TallyfyClient, Method>> = MethodResponse<
  TallyfyClient,
  Method,
  Path
>;

/**
 * Makes a client for the Tallyfy REST API: openapi-fetch over the generated types, with the
 * bearer token and `X-Tallyfy-Client: APIClient` on every request, array query parameters sent
 * comma-separated, `{org_id}` filled with `org`, path parameters checked, and writes not
 * redirected. Throws InvalidArgumentError for a missing or malformed option.
 *
 * @example
 * const tallyfy = createClient({ token: process.env.TALLYFY_ACCESS_TOKEN!, org: "8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f" });
 * const { data, error } = await tallyfy.GET("/organizations/{org_id}/runs/{run_id}", {
 *   params: { path: { run_id: "…" }, query: { with: ["checklist", "tasks"] } }, // with=checklist,tasks
 * });
 */
export function createClient(options: ClientOptions): TallyfyClient {
  const token = checkToken(options.token);
  const org = checkSegment("org", options.org);
  const baseUrl = checkBaseUrl(options.baseUrl ?? defaultBaseUrl);
  const inner = createFetchClient<paths>({
    baseUrl,
    headers: {
      Authorization: `Bearer ${token}`,
      "X-Tallyfy-Client": "APIClient",
      Accept: "application/json",
    },
    querySerializer: { array: { style: "form", explode: false } },
    pathSerializer: checkedPath,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

  // Every call goes through here: org_id filled in (an org_id the call names wins), and a write
  // told not to follow redirects unless the call says otherwise.
  const init = (method: string, given: unknown): Record<string, unknown> => {
    const o = (given ?? {}) as { params?: { path?: Record<string, unknown> } };
    const params = o.params ?? {};
    const safe = ["GET", "HEAD", "OPTIONS", "TRACE"].includes(method.toUpperCase());
    return {
      redirect: safe ? "follow" : "error",
      ...o,
      params: { ...params, path: { ...params.path, org_id: params.path?.org_id ?? org } },
    };
  };
  type Call = (url: string, init: unknown) => Promise<unknown>;
  const call = inner as unknown as Record<Uppercase<HttpMethod>, Call> & {
    request: (method: string, url: string, init: unknown) => Promise<unknown>;
  };
  const client = {
    request: (method: string, url: string, given?: unknown) => call.request(method, url, init(method, given)),
    GET: (url: string, given?: unknown) => call.GET(url, init("GET", given)),
    PUT: (url: string, given?: unknown) => call.PUT(url, init("PUT", given)),
    POST: (url: string, given?: unknown) => call.POST(url, init("POST", given)),
    DELETE: (url: string, given?: unknown) => call.DELETE(url, init("DELETE", given)),
    OPTIONS: (url: string, given?: unknown) => call.OPTIONS(url, init("OPTIONS", given)),
    HEAD: (url: string, given?: unknown) => call.HEAD(url, init("HEAD", given)),
    PATCH: (url: string, given?: unknown) => call.PATCH(url, init("PATCH", given)),
    TRACE: (url: string, given?: unknown) => call.TRACE(url, init("TRACE", given)),
    use: inner.use,
    eject: inner.eject,
  };
  // The wrappers only add org_id and the redirect mode; what each method takes and returns is
  // openapi-fetch's, over OrgPaths.
  return client as unknown as TallyfyClient;
}

/** A bearer token: visible ASCII only (RFC 6750), so it cannot split or corrupt a header. */
function checkToken(token: unknown): string {
  if (typeof token !== "string" || token === "") throw new InvalidArgumentError("createClient: token is required");
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) {
      throw new InvalidArgumentError(`createClient: token contains a space, control or non-ASCII character at index ${i}`);
    }
  }
  return token;
}

/** A path segment: a non-empty string (or a finite number) that is not `.` or `..`. */
function checkSegment(name: string, value: unknown): string {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || text === "") throw new InvalidArgumentError(`${name} is required`);
  if (text === "." || text === "..") throw new InvalidArgumentError(`${name} must not be ${JSON.stringify(text)}: it would climb the path`);
  return text;
}

/**
 * An absolute http(s) URL without credentials, query or fragment; plain http only to a loopback
 * host, where no token can be sniffed (the Go SDK's rule). Returned without a trailing slash.
 */
function checkBaseUrl(raw: unknown): string {
  if (typeof raw !== "string") throw new InvalidArgumentError("createClient: baseUrl must be a string");
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // The URL itself is left out: it may carry a password.
    throw new InvalidArgumentError("createClient: baseUrl is not an absolute URL");
  }
  const host = u.hostname;
  const loopback = host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback)) {
    throw new InvalidArgumentError(`createClient: baseUrl must be https (plain http only to a loopback host), not ${u.protocol}//${host}`);
  }
  if (u.username !== "" || u.password !== "") throw new InvalidArgumentError("createClient: baseUrl must not carry credentials: pass token");
  if (u.search !== "" || raw.includes("?")) throw new InvalidArgumentError("createClient: baseUrl must not have a query");
  if (u.hash !== "" || raw.includes("#")) throw new InvalidArgumentError("createClient: baseUrl must not have a fragment");
  return u.href.replace(/\/+$/, "");
}

/**
 * openapi-fetch's path serializer, strict: every `{name}` in the path must have a value (else it
 * would be sent literally), which must not be empty or a dot segment. The spec's path parameters
 * are all simple strings and integers.
 */
function checkedPath(url: string, params: Record<string, unknown>): string {
  return url.replace(/\{([^{}]+)\}/g, (_, name: string) => encodeURIComponent(checkSegment(`path parameter ${name}`, params[name])));
}
