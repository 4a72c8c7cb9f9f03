// The package's createClient, on its own: what it sends (through a fetch that records the request
// and answers without a network), what it refuses before sending, and how a write meets a
// redirect (a server on 127.0.0.1). `make ts-consumer` runs it with `node --test` on the build.

import test from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { createClient, InvalidArgumentError } from "@tallyfy-go/api-client";

const org = "8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f";
const run = "3d6e5e3ae6b54b36bd4eb9d2c1fd1e04";
const token = "tk_9f8e7d6c5b4a";

/** A client whose fetch records each Request and answers 200 `{"data": []}` without a network. */
function recordingClient(options = {}) {
  const sent = [];
  const client = createClient({
    token,
    org,
    fetch: async (request) => {
      sent.push(request);
      return new Response('{"data":[]}', { status: 200, headers: { "Content-Type": "application/json" } });
    },
    ...options,
  });
  return { client, sent };
}

test("array query parameters are sent comma-separated, each item encoded", async () => {
  const { client, sent } = recordingClient();
  await client.GET("/organizations/{org_id}/runs", {
    params: { query: { with: ["checklist", "tasks"], owners: [1002, 1003], status: "active", per_page: 100 } },
  });
  await client.GET("/organizations/{org_id}/runs", { params: { query: { with: ["tasks"], q: "a b,c" } } });
  await client.GET("/organizations/{org_id}/runs", { params: { query: { with: [] } } });
  assert.deepEqual(
    sent.map((r) => new URL(r.url).search),
    ["?with=checklist,tasks&owners=1002,1003&status=active&per_page=100", "?with=tasks&q=a%20b%2Cc", ""],
  );
});

test("every request carries the token, X-Tallyfy-Client and Accept; org_id is filled in", async () => {
  const { client, sent } = recordingClient();
  await client.GET("/organizations/{org_id}/runs/{run_id}", { params: { path: { run_id: run } } });
  await client.POST("/organizations/{org_id}/runs", { body: { checklist_id: run } });
  await client.GET("/me");
  for (const r of sent) {
    assert.equal(r.headers.get("authorization"), `Bearer ${token}`);
    assert.equal(r.headers.get("x-tallyfy-client"), "APIClient");
    assert.equal(r.headers.get("accept"), "application/json");
  }
  assert.deepEqual(
    sent.map((r) => `${r.method} ${r.url}`),
    [
      `GET https://go.tallyfy.com/api/organizations/${org}/runs/${run}`,
      `POST https://go.tallyfy.com/api/organizations/${org}/runs`,
      "GET https://go.tallyfy.com/api/me",
    ],
  );
});

test("an org_id the call names wins over the client's; path values are encoded", async () => {
  const { client, sent } = recordingClient({ baseUrl: "https://tallyfy.example/api/" });
  await client.GET("/organizations/{org_id}/runs/{run_id}", { params: { path: { org_id: "other", run_id: "a/b?c" } } });
  assert.equal(sent[0].url, "https://tallyfy.example/api/organizations/other/runs/a%2Fb%3Fc");
});

test("reads follow redirects, writes are told not to", async () => {
  const { client, sent } = recordingClient();
  await client.GET("/organizations/{org_id}/runs");
  await client.POST("/organizations/{org_id}/runs", { body: { checklist_id: run } });
  await client.PUT("/organizations/{org_id}/runs/{run_id}", { params: { path: { run_id: run } }, body: { users: [], groups: [] } });
  await client.DELETE("/organizations/{org_id}/runs/{run_id}", { params: { path: { run_id: run } } });
  assert.deepEqual(
    sent.map((r) => `${r.method} ${r.redirect}`),
    ["GET follow", "POST error", "PUT error", "DELETE error"],
  );
});

test("a missing, empty or dot-segment path value is refused before anything is sent", async () => {
  const { client, sent } = recordingClient();
  const path = "/organizations/{org_id}/runs/{run_id}";
  for (const [value, why] of [
    [undefined, /path parameter run_id is required/],
    ["", /path parameter run_id is required/],
    ["..", /path parameter run_id must not be "\.\."/],
    [".", /path parameter run_id must not be "\."/],
    [null, /path parameter run_id is required/],
  ]) {
    await assert.rejects(client.GET(path, { params: { path: { run_id: value } } }), (err) => err instanceof InvalidArgumentError && why.test(err.message));
  }
  await assert.rejects(client.GET(path), /path parameter run_id is required/);
  assert.equal(sent.length, 0);
});

test("createClient refuses bad options, and never echoes the token or a password", () => {
  const ok = { token, org };
  const refused = [
    [{ org }, /token is required/],
    [{ ...ok, token: "" }, /token is required/],
    [{ ...ok, token: "tk secret" }, /token contains a space, control or non-ASCII character at index 2/],
    [{ ...ok, token: "tk\r\nX-Evil: 1" }, /token contains a space/],
    [{ token }, /org is required/],
    [{ ...ok, org: ".." }, /org must not be "\.\."/],
    [{ ...ok, baseUrl: "go.tallyfy.com/api" }, /baseUrl is not an absolute URL/],
    [{ ...ok, baseUrl: "http://go.tallyfy.com/api" }, /baseUrl must be https \(plain http only to a loopback host\)/],
    [{ ...ok, baseUrl: "ftp://127.0.0.1/api" }, /baseUrl must be https/],
    [{ ...ok, baseUrl: "https://me:hunter2@go.tallyfy.com/api" }, /baseUrl must not carry credentials/],
    [{ ...ok, baseUrl: "https://go.tallyfy.com/api?x=1" }, /baseUrl must not have a query/],
    [{ ...ok, baseUrl: "https://go.tallyfy.com/api#x" }, /baseUrl must not have a fragment/],
  ];
  for (const [options, why] of refused) {
    assert.throws(
      () => createClient(options),
      (err) => err instanceof InvalidArgumentError && why.test(err.message) && !err.message.includes("secret") && !err.message.includes("hunter2"),
      JSON.stringify(options),
    );
  }
  for (const baseUrl of ["http://127.0.0.1:8080", "http://localhost/api", "http://[::1]:1/", "https://go.tallyfy.com/api"]) {
    assert.doesNotThrow(() => createClient({ ...ok, baseUrl }), baseUrl);
  }
});

test("a write answered with a redirect fails once, unrepeated; a read follows it", async (t) => {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url.endsWith("/runs") && req.method === "POST") {
      res.writeHead(307, { Location: "/api/organizations/elsewhere/runs" }).end();
    } else if (req.url.endsWith(`/runs/${run}`)) {
      res.writeHead(302, { Location: `/api/organizations/${org}/runs/moved` }).end();
    } else {
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"data":{"id":"moved"}}');
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const client = createClient({ token, org, baseUrl: `http://127.0.0.1:${server.address().port}/api` });

  await assert.rejects(client.POST("/organizations/{org_id}/runs", { body: { checklist_id: run } }));
  const { data } = await client.GET("/organizations/{org_id}/runs/{run_id}", { params: { path: { run_id: run } } });
  assert.equal(data.data.id, "moved");
  assert.deepEqual(seen, [
    `POST /api/organizations/${org}/runs`,
    `GET /api/organizations/${org}/runs/${run}`,
    `GET /api/organizations/${org}/runs/moved`,
  ]);
});
