// The packed package inside a Cloudflare Worker: a scratch Worker imports "voicehook", wrangler
// bundles it the way `wrangler deploy` would (the `workerd` export condition, the .wasm as a
// compiled module), and Miniflare runs the bundle in local workerd.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { fixtures, jsonTestSuite, root, scratchProject } from "../support.mjs";

const WORKER = `
import { safeNormalize, normalize, detect, VoicehookError, SCHEMA_VERSION } from "voicehook";

export default {
  async fetch(request) {
    const url = new URL(request.url);
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
