// Opens docs/api.html in headless Chromium with every host name unresolvable (no network at
// all) and checks, through the DevTools protocol, that the Redoc page renders the contract:
//
//   * the page title and the five operations' paths are on the page;
//   * after opening every tag in the sidebar, it lists the five operation summaries;
//   * each operation's own route (#/<tag>/<operationid>) shows its summary and path;
//   * no uncaught JavaScript exception, no console error, no Redoc error text;
//   * no network request other than file:, data: and blob: ones, except the Redocly
//     attribution logo (an <img> with an onError fallback that hides it when offline).
//
// A screenshot of an operation page is written to docs/.tmp/api.png (gitignored).
//
// Not part of `make check`: CI does not install Chromium. Run it by hand after changing the
// spec or the Redocly version, as root on Debian:
//
//     apt-get install -y chromium
//     make docs-render          # = node --experimental-websocket scripts/check-docs-render.mjs
//
// Node 20 needs --experimental-websocket for the global WebSocket (Node 22 has it by default).

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const html = resolve(process.argv[2] ?? "docs/api.html");
const shot = resolve(process.argv[3] ?? "docs/.tmp/api.png");
const browser = process.env.CHROMIUM ?? "chromium";

const operations = [
  { id: "getRun", summary: "Get a process", path: "/organizations/{org_id}/runs/{run_id}" },
  { id: "listRuns", summary: "List processes", path: "/organizations/{org_id}/runs" },
  { id: "listRunTasks", summary: "List the tasks of a process", path: "/organizations/{org_id}/runs/{run_id}/tasks" },
  { id: "getTask", summary: "Get a task", path: "/organizations/{org_id}/tasks/{task_id}" },
  { id: "getTemplate", summary: "Get a template", path: "/organizations/{org_id}/checklists/{checklist_id}" },
];
const allowedRemote = new Set(["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"]);
const errorTexts = ["Something went wrong", "Error downloading", "Invalid API definition", "Failed to load"];

const failures = [];
const fail = (msg) => { failures.push(msg); console.log(`FAIL ${msg}`); };
const ok = (msg) => console.log(`ok   ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (typeof WebSocket === "undefined") {
  console.error("no global WebSocket: run with `node --experimental-websocket` (Node 20)");
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), "docs-render-"));
const chrome = spawn(browser, [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  `--user-data-dir=${profile}`,
  "--host-resolver-rules=MAP * ~NOTFOUND", // offline: every host name fails to resolve
  "--remote-debugging-port=0", "--window-size=1400,1000", "about:blank",
], { stdio: ["ignore", "ignore", "pipe"], detached: true }); // own process group, killed whole
chrome.on("error", (e) => { console.error(`cannot start ${browser}: ${e.message} (apt-get install -y chromium)`); process.exit(2); });
const watchdog = setTimeout(() => {
  console.error("timed out after 120 s");
  try { process.kill(-chrome.pid, "SIGKILL"); } catch { chrome.kill("SIGKILL"); }
  process.exit(2);
}, 120_000);

async function cleanup() {
  clearTimeout(watchdog);
  if (chrome.exitCode === null && chrome.signalCode === null) {
    const exited = new Promise((res) => chrome.once("exit", res));
    try { process.kill(-chrome.pid, "SIGKILL"); } catch { chrome.kill("SIGKILL"); }
    await exited;
  }
  await sleep(200);
  try { rmSync(profile, { recursive: true, force: true, maxRetries: 5 }); } catch { /* best effort */ }
}

try {
  const wsURL = await new Promise((res, rej) => {
    let buf = "";
    chrome.stderr.on("data", (d) => {
      buf += d;
      const m = buf.match(/DevTools listening on (ws:\S+)/);
      if (m) res(m[1]);
    });
    chrome.on("exit", (code) => rej(new Error(`${browser} exited with ${code} before DevTools was up`)));
  });

  const ws = new WebSocket(wsURL);
  await new Promise((res, rej) => { ws.onopen = res; ws.onerror = () => rej(new Error("DevTools websocket error")); });
  let seq = 0;
  const pending = new Map();
  const events = [];
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.id !== undefined && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
    } else events.push(m);
  };
  const send = (method, params = {}, sessionId) => new Promise((res, rej) => {
    const id = ++seq;
    pending.set(id, (m) => (m.error ? rej(new Error(`${method}: ${m.error.message}`)) : res(m.result)));
    ws.send(JSON.stringify({ id, method, params, sessionId }));
  });

  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const page = (method, params) => send(method, params, sessionId);
  for (const domain of ["Network", "Page", "Runtime", "Log"]) await page(`${domain}.enable`);
  const evaluate = async (expression) => {
    const r = await page("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`evaluate: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  const text = () => evaluate("document.body.innerText");

  const loaded = new Promise((res) => {
    const t = setInterval(() => {
      if (events.some((e) => e.method === "Page.loadEventFired")) { clearInterval(t); res(); }
    }, 50);
  });
  await page("Page.navigate", { url: `file://${html}` });
  await loaded;
  await sleep(2000); // hydration
  // Sections below the fold render lazily: scroll through the page once.
  await evaluate(`(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
    scrollTo(0, 0);
  })()`);

  const title = await evaluate("document.title");
  if (title.startsWith("Tallyfy API")) ok(`title: ${title}`);
  else fail(`title is ${JSON.stringify(title)}`);

  let body = await text();
  for (const op of operations) {
    if (body.includes(op.path)) ok(`${op.id}: path ${op.path} listed`);
    else fail(`${op.id}: path ${op.path} not on the page`);
  }

  // Open each tag in the sidebar menu, which then lists the tag's operations by summary.
  const sidebar = await evaluate(`(async () => {
    const wait = (ms) => new Promise((r) => setTimeout(r, ms));
    const menu = () => document.querySelector('[data-component-name="Menu/Menu"]');
    let seen = "";
    for (const tag of ["Processes", "Tasks", "Templates"]) {
      const a = [...(menu()?.querySelectorAll("a") ?? [])].find((a) => a.textContent.trim() === tag);
      if (!a) continue;
      a.click();
      await wait(700);
      seen += menu().innerText + "\\n";
    }
    return seen;
  })()`);
  for (const op of operations) {
    if (sidebar.includes(op.summary)) ok(`${op.id}: "${op.summary}" listed in the sidebar`);
    else fail(`${op.id}: "${op.summary}" not in the sidebar after opening every tag`);
  }

  // Each operation's own route.
  const links = await evaluate(`[...document.querySelectorAll("a[href^='#/']")].map((a) => a.getAttribute("href"))`);
  for (const op of operations) {
    const href = links.find((h) => h.endsWith(`/${op.id.toLowerCase()}`));
    if (!href) { fail(`${op.id}: no #/<tag>/${op.id.toLowerCase()} link`); continue; }
    await evaluate(`location.hash = ${JSON.stringify(href)}`);
    await sleep(800);
    const heading = await evaluate(`(() => {
      const h = [...document.querySelectorAll("h1, h2, h3")].find((h) => h.textContent.includes(${JSON.stringify(op.summary)}));
      return h ? h.textContent.trim() : "";
    })()`);
    if (heading) ok(`${op.id}: ${href} shows heading "${heading.replace(/\s*Copy$/, "")}"`);
    else fail(`${op.id}: ${href} shows no heading "${op.summary}"`);
  }

  body = await text();
  for (const e of errorTexts) if (body.includes(e)) fail(`page shows "${e}"`);

  await evaluate(`location.hash = "#/processes/listruns"`);
  await sleep(800);
  const { data } = await page("Page.captureScreenshot", { format: "png" });
  mkdirSync(dirname(shot), { recursive: true });
  writeFileSync(shot, Buffer.from(data, "base64"));
  ok(`screenshot of #/processes/listruns: ${shot}`);

  const remote = [];
  for (const e of events) {
    if (e.method === "Runtime.exceptionThrown") fail(`JavaScript exception: ${e.params.exceptionDetails.exception?.description ?? e.params.exceptionDetails.text}`);
    if (e.method === "Runtime.consoleAPICalled" && e.params.type === "error") {
      fail(`console.error: ${e.params.args.map((a) => a.value ?? a.description).join(" ")}`);
    }
    if (e.method === "Network.requestWillBeSent") {
      const url = e.params.request.url;
      if (/^(file|data|blob):/.test(url)) continue;
      remote.push(url);
      if (allowedRemote.has(url)) ok(`network: ${url} attempted (decorative attribution logo; hidden when it fails offline)`);
      else fail(`network request to ${url}: the page is not self-contained`);
    }
    if (e.method === "Log.entryAdded" && e.params.entry.level === "error" && !allowedRemote.has(e.params.entry.url)) {
      fail(`browser log error: ${e.params.entry.text}`);
    }
  }
  if (remote.length === 0) ok("network: no request left the machine");
} catch (e) {
  fail(String(e?.stack ?? e));
} finally {
  await cleanup();
}

console.log(failures.length === 0 ? "docs render check: OK" : `docs render check: ${failures.length} failure(s)`);
process.exit(failures.length === 0 ? 0 : 1);
