// The packed package in headless Chromium: a page loads it the no-bundler way (an import map
// to the browser entry), normalizes every fixture and every JSONTestSuite file, and posts the
// answers back to this test's server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize as normalizePath } from "node:path";
import { CHROMIUM_FLAGS, fixtures, jsonTestSuite, root, scratchProject } from "../support.mjs";
import { VENDOR_SECRETS, receiveMatrix } from "../signers.mjs";

const signed = receiveMatrix((path) => readFileSync(join(root, "tests/fixtures", path)));

const PAGE = `<!doctype html><meta charset="utf-8">
<script type="importmap">{"imports":{"voicehook":"/node_modules/voicehook/voicehook.browser.mjs"}}</script>
<script type="module">
const report = (result) => fetch("/result", { method: "POST", body: JSON.stringify(result) });
try {
  const { safeNormalize, normalize, detect, receive, VoicehookError, SCHEMA_VERSION, schema } = await import("voicehook");
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const cases = await (await fetch("/cases")).json();
  const fixtures = cases.fixtures.map((f) => ({ name: f.name, answer: safeNormalize(bytes(f.body), f.options) }));
  const suite = cases.suite.map(({ name, body }) => {
    try {
      return { name, ok: safeNormalize(bytes(body)).ok, typedThrow: (() => {
        try { normalize(bytes(body)); return true; } catch (err) { return err instanceof VoicehookError; }
      })() };
    } catch (err) {
      return { name, crash: String(err) };
    }
  });
  const received = [];
  for (const r of cases.signed) {
    const request = new Request(r.url, { method: "POST", headers: r.headers, body: bytes(r.body) });
    try {
      const event = await receive(request, { vendor: r.vendor, secrets: cases.secrets });
      received.push({ name: r.name, outcome: "ok", vendor: event.vendor });
    } catch (err) {
      received.push({ name: r.name, outcome: err.code, typed: err instanceof VoicehookError });
    }
  }
  let thrown = null;
  try { normalize('{"event":'); } catch (err) { thrown = { typed: err instanceof VoicehookError, code: err.code }; }
  report({
    fixtures,
    suite,
    thrown,
    received,
    parsedObject: safeNormalize({ event: "incoming_call" }),
    text: safeNormalize(new TextDecoder().decode(bytes(cases.fixtures[0].body)), cases.fixtures[0].options),
    version: SCHEMA_VERSION,
    schemaId: schema.$id,
  });
} catch (err) {
  report({ error: String(err && err.stack || err) });
}
</script>`;

const TYPES = { ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

let scratch;
let server;
let browser;
let profile;
let answer;

before(async () => {
  scratch = scratchProject({ "index.html": PAGE });
  const cases = JSON.stringify({
    fixtures: fixtures().map((f) => ({ name: f.name, body: f.body.toString("base64"), options: f.options })),
    suite: jsonTestSuite().map((f) => ({ name: f.name, body: f.body.toString("base64") })),
    signed: signed.map((r) => ({ ...r, body: r.body.toString("base64") })),
    secrets: VENDOR_SECRETS,
  });
  answer = new Promise((resolve, reject) => {
    server = createServer((req, res) => {
      if (req.method === "POST" && req.url === "/result") {
        const chunks = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
          res.end("ok");
          resolve(JSON.parse(Buffer.concat(chunks).toString()));
        });
        return;
      }
      if (req.url === "/cases") return res.end(cases);
      const path = normalizePath(join(scratch, req.url === "/" ? "index.html" : req.url));
      if (!path.startsWith(scratch)) return res.writeHead(403).end();
      try {
        const body = readFileSync(path);
        res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    server.listen(0, "127.0.0.1", () => {
      profile = mkdtempSync(join(tmpdir(), "voicehook-chromium-"));
      const url = `http://127.0.0.1:${server.address().port}/`;
      browser = spawn("chromium", [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, url], {
        stdio: "ignore",
        detached: true,
      });
      browser.on("error", reject);
    });
    setTimeout(() => reject(new Error("no answer from Chromium within 60 s")), 60_000).unref();
  });
});

after(async () => {
  // Chromium's helpers (renderer, GPU, network, crashpad) outlive a killed browser process and
  // keep writing into the profile for seconds. The browser leads a process group of its own, so
  // the whole group is stopped, and the profile removed once no member is left.
  if (browser?.pid) await stopProcessGroup(browser.pid);
  server?.close();
  for (const dir of [scratch, profile]) {
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
});

/** Sends SIGKILL to a process group and waits (up to 10 s) until none of its members is left. */
async function stopProcessGroup(pgid) {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let waited = 0; alive() && waited < 10_000; waited += 50) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // The group emptied between the check and the kill.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("every fixture gives its golden answer in Chromium", async () => {
  const result = await answer;
  assert.equal(result.error, undefined, result.error);
  const expected = fixtures();
  assert.equal(result.fixtures.length, expected.length);
  result.fixtures.forEach((got, i) => assert.deepEqual(got.answer, expected[i].expected, got.name));
  assert.deepEqual(result.text, expected[0].expected);
  assert.equal(result.version, 1);
  assert.equal(result.schemaId, "https://voicehook.dev/schema/v1/call-event.json");
});

test("typed rejections in Chromium, and a parsed object refused", async () => {
  const result = await answer;
  assert.deepEqual(result.thrown, { typed: true, code: "invalid_json" });
  assert.equal(result.parsedObject.ok, false);
  assert.equal(result.parsedObject.issues[0].code, "invalid_body");
});

test("receive() on Chromium's Request: every signing vendor, valid, rotated, tampered, stale, missing", async () => {
  const result = await answer;
  assert.equal(result.received.length, signed.length);
  result.received.forEach((got, i) => {
    assert.equal(got.outcome, signed[i].expect, got.name);
    if (got.outcome === "ok") assert.equal(got.vendor, signed[i].vendor, got.name);
    else assert.equal(got.typed, true, got.name);
  });
});

test("no JSONTestSuite file crashes in Chromium", async () => {
  const result = await answer;
  assert.ok(result.suite.length > 300);
  for (const file of result.suite) {
    assert.equal(file.crash, undefined, `${file.name}: ${file.crash}`);
    assert.equal(file.typedThrow, true, file.name);
    if (file.name.startsWith("n_")) assert.equal(file.ok, false, file.name);
  }
});
