// The packed package inside a Cloudflare Worker: a scratch Worker imports "voicehook", wrangler
// bundles it the way `wrangler deploy` would (the `workerd` export condition, the .wasm as a
// compiled module), and Miniflare runs the bundle in local workerd.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { fixtures, jsonTestSuite, root, scratchProject } from "../support.mjs";
import { VENDOR_SECRETS, receiveMatrix } from "../signers.mjs";

const WORKER = `
import { safeNormalize, normalize, detect, receive, VoicehookError, SCHEMA_VERSION } from "voicehook";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/hooks/")) {
      // The secrets a deployment would hold, passed in by the test.
      const secrets = JSON.parse(request.headers.get("x-secrets"));
      const publicUrl = "https://hooks.example.com";
      try {
        const event = await receive(request, { vendor: url.pathname.split("/")[2], secrets, publicUrl });
        return Response.json({ outcome: "ok", vendor: event.vendor });
      } catch (err) {
        return Response.json({ outcome: err.code, typed: err instanceof VoicehookError, error: String(err) });
      }
    }
    const body = new Uint8Array(await request.arrayBuffer());
    if (url.pathname === "/normalize") {
      const options = JSON.parse(request.headers.get("x-options") ?? "{}");
      return Response.json(safeNormalize(body, options));
    }
    if (url.pathname === "/throw") {
      try {
        return Response.json({ event: normalize(body) });
      } catch (err) {
        return Response.json({ typed: err instanceof VoicehookError, code: err.code, issues: err.issues });
      }
    }
    if (url.pathname === "/detect") return Response.json({ vendor: detect(await new Response(body).text()) });
    if (url.pathname === "/parsed") return Response.json(safeNormalize({ event: "voicemail" }));
    return Response.json({ version: SCHEMA_VERSION });
  },
};
`;

let scratch;
let mf;

before(async () => {
  scratch = scratchProject({
    "worker.js": WORKER,
    "wrangler.toml": 'name = "scratch"\nmain = "worker.js"\ncompatibility_date = "2026-01-01"\nsend_metrics = false\n',
  });
  execFileSync(join(root, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", "dist"], {
    cwd: scratch,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  mf = new Miniflare({
    cf: false,
    modules: true,
    modulesRoot: join(scratch, "dist"),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    scriptPath: join(scratch, "dist/worker.js"),
    compatibilityDate: "2026-01-01",
  });
});

after(async () => {
  await mf?.dispose();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function post(path, body, headers = {}) {
  const response = await mf.dispatchFetch(`http://localhost${path}`, { method: "POST", body, headers });
  assert.equal(response.status, 200);
  return response.json();
}

test("every fixture gives its golden answer inside a Worker", async () => {
  for (const fixture of fixtures()) {
    const answer = await post("/normalize", fixture.body, { "x-options": JSON.stringify(fixture.options) });
    assert.deepEqual(answer, fixture.expected, fixture.name);
  }
});

test("typed rejections, detection and the parsed-object refusal inside a Worker", async () => {
  const thrown = await post("/throw", '{"event":');
  assert.equal(thrown.typed, true);
  assert.equal(thrown.code, "invalid_json");
  const starleads = fixtures().find((f) => f.name === "starleads/webhook_pascal_case.json");
  assert.deepEqual(await post("/detect", starleads.body), { vendor: "starleads" });
  const parsed = await post("/parsed", "");
  assert.equal(parsed.issues[0].code, "invalid_body");
});

test("no JSONTestSuite file crashes inside a Worker", async () => {
  for (const { name, body } of jsonTestSuite()) {
    const answer = await post("/normalize", body);
    assert.equal(typeof answer.ok, "boolean", name);
    if (name.startsWith("n_")) assert.equal(answer.ok, false, name);
  }
});

test("receive() on the Worker's own Request: every signing vendor, valid, rotated, tampered, stale, missing", async () => {
  const read = (path) => readFileSync(join(root, "tests/fixtures", path));
  for (const request of receiveMatrix(read)) {
    const headers = { ...request.headers, "x-secrets": JSON.stringify(VENDOR_SECRETS) };
    const answer = await post(new URL(request.url).pathname, request.body, headers);
    assert.equal(answer.outcome, request.expect, `${request.name}: ${answer.error}`);
    if (request.expect === "ok") assert.equal(answer.vendor, request.vendor, request.name);
    else assert.equal(answer.typed, true, request.name);
  }
});
