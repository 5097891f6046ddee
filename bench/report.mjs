// Writes BENCHMARKS.md from the results of one `npm run bench`: criterion's estimates (native),
// target/bench-results/npm.json (Node), worker.json (wrk on local workerd) and sizes.json.
// Ratios first, absolute numbers for context; each budget marked met or not.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { composition } from "./wasm-size.mjs";

const root = new URL("..", import.meta.url);
const read = (path) => JSON.parse(readFileSync(new URL(path, root), "utf8"));
const index = read("target/bench-corpus/index.json");
const npm = read("target/bench-results/npm.json");
const worker = read("target/bench-results/worker.json");
const sizes = read("target/bench-results/sizes.json");

/** Criterion's mean time (ns) of `group/name`, or null when it did not run. */
function criterion(group, name) {
  const file = new URL(`target/criterion/${group}/${name.replaceAll("/", "_")}/new/estimates.json`, root);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).mean.point_estimate : null;
}

const fmt = (x, digits = 2) => (x == null ? "–" : x.toFixed(digits));
const mbps = (bytes, ns) => (ns ? ((bytes / ns) * 1e9) / 1048576 : null);
const mark = (ok) => (ok ? "met" : "**not met**");
const lines = [];
const out = (text = "") => lines.push(text);

out("# Benchmarks");
out();
out(`Regenerate everything with \`npm run bench\` (corpus, criterion, Node, Worker load, sizes, this file).`);
out(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${npm.node}; date ${new Date().toISOString().slice(0, 10)}.`);
out("Every ratio is against a baseline measured in the same run; these machines are noisy, so read the ratios first.");
out();

const budgets = [];
// 1. Native.
out("## Native `normalize` (criterion) against `serde_json::from_slice::<Value>` (Twilio: `form_urlencoded` pairs)");
out();
out("`detect` parses the body with voicehook's own reader (a borrowed tree, every string checked) and recognises the vendor;");
out("`build` clones the event (allocating and copying every string it holds, as making it must); `hash` is BLAKE3 over the");
out("body's bytes (about as many as the id's content digest hashes). The three are the floor: the parts of `normalize` no");
out("normalizer of this event goes without. The rest is mapping: reading the vendor's members, splitting transcripts, `extra`.");
out();
out("| body | bytes | normalize ÷ Value parse | detect ÷ Value parse | build ÷ Value parse | hash ÷ Value parse | floor ÷ Value parse | normalize MB/s | Value parse MB/s |");
out("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
let worstNative = { ratio: 0, name: "" };
const nativeFrom10k = { met: [], prevented: [], open: [] };
for (const c of index.cases) {
  const name = c.file.replace(/\.(json|form)$/, "");
  const ours = criterion("normalize", `${name}/voicehook`);
  const base = criterion("normalize", `${name}/serde_json_value`);
  const ratio = ours && base ? ours / base : null;
  const part = (what) => {
    const ns = criterion("normalize", `${name}/${what}`);
    return ns && base ? ns / base : null;
  };
  const [detect, build, hash] = [part("detect"), part("build"), part("hash")];
  const floor = detect != null && build != null && hash != null ? detect + build + hash : null;
  if (ratio && c.size !== "1k" && ratio > worstNative.ratio) worstNative = { ratio, name, detect, build, hash, floor };
  if (ratio && c.size !== "1k") {
    nativeFrom10k[ratio <= 1.5 ? "met" : floor > 1.5 ? "prevented" : "open"].push(name);
  }
  out(`| ${name} | ${c.bytes} | ${fmt(ratio)} | ${fmt(detect)} | ${fmt(build)} | ${fmt(hash)} | ${fmt(floor)} | ${fmt(mbps(c.bytes, ours), 0)} | ${fmt(mbps(c.bytes, base), 0)} |`);
}
{
  const w = worstNative;
  const { met, prevented, open } = nativeFrom10k;
  budgets.push([
    "Native `normalize` ≤ 1.5× a `Value` parse, every vendor, from 10 KB",
    `worst ${fmt(w.ratio)}× (${w.name})`,
    w.ratio <= 1.5,
    `for ${w.name}: the floor (parsing ${fmt(w.detect)}× + the event's values ${fmt(w.build)}× + hashing ${fmt(w.hash)}×) is ${fmt(w.floor)}×; the rest is mapping. ` +
      `Per body: met for ${met.length} of ${met.length + prevented.length + open.length}; prevented by the floor for ${prevented.length} (${prevented.join(", ") || "none"}); open for ${open.length} (${open.join(", ") || "none"})`,
  ]);
}
out();

// 2. Node.
out("## npm package in Node: `normalize(bytes)` against `JSON.parse` and zod normalizers");
out();
out("The event crosses from wasm in compact form (numbers and two text tables, no JSON text; `pkg-config/decode.js`,");
out("generated from the Rust types, builds the objects). Baseline: `JSON.parse(new TextDecoder().decode(bytes))` of the");
out("same body (Twilio's forms: `URLSearchParams` into an object). `normalizeToJSON` is the wasm side alone (parse, map,");
out("id, write the event as ASCII-only JSON text, no JS object); `normalizeToJSONBytes` the same with the event as UTF-8");
out("JSON bytes (no string either); `detect` is parsing alone in wasm.");
out("zod normalizers (bench/zod-normalizer.ts) for Starleads, Atoms, Retell and Vapi, written as their users would.");
out("Building the event's objects is timed two ways: `JSON.parse(event)`, of the event's own JSON text, and the package's");
out("decoder alone (`decode`: the objects from the compact answer, what `normalize` spends in JS). Parsing the body (`detect`)");
out("plus the faster of the two is the floor: no normalizer of this event in this package's design goes under it.");
out();
out("| body | normalize ÷ JSON.parse | normalizeToJSON ÷ JSON.parse | normalizeToJSONBytes ÷ JSON.parse | detect ÷ JSON.parse | JSON.parse(event) ÷ JSON.parse | decode ÷ JSON.parse | floor (detect + build) | zod ÷ JSON.parse | zod ÷ voicehook | JSON.parse µs | normalize µs |");
out("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
const worst = { small: { r: 0 }, large: { r: 0 }, zodAll: { r: Infinity }, zodLarge: { r: Infinity } };
/** Building the event's objects in JS: the faster of JSON.parse of its text and the package's decoder. */
const build = (c) => Math.min(c.us.answer_parse, c.us.decode ?? Infinity);
/** Microseconds no normalizer of this event goes under: parsing the body in wasm, then building the event. */
const floorUs = (c) => c.us.detect + build(c);
/** The floor ÷ JSON.parse of the body. */
const floorRatio = (c) => floorUs(c) / c.us.json_parse;
const track = (slot, r, c, higher = true) => {
  if (higher ? r > worst[slot].r : r < worst[slot].r) worst[slot] = { r, c };
};
for (const c of npm.cases) {
  const { json_parse: base, voicehook: ours, zod, to_json: toJson, to_json_bytes: toJsonBytes, detect } = c.us;
  const ratio = ours / base;
  const large = c.size === "100k" || c.size === "1m";
  if (c.size === "1k") track("small", ratio, c);
  if (large) track("large", ratio, c);
  if (zod) {
    track("zodAll", zod / ours, c, false);
    if (large) track("zodLarge", zod / ours, c, false);
  }
  out(`| ${c.file.replace(/\.(json|form)$/, "")} | ${fmt(ratio)} | ${fmt(toJson / base)} | ${fmt(toJsonBytes / base)} | ${fmt(detect / base)} | ${fmt(c.us.answer_parse / base)} | ${fmt(c.us.decode / base)} | ${fmt(floorRatio(c))} | ${zod ? fmt(zod / base) : "–"} | ${zod ? fmt(zod / ours) : "–"} | ${fmt(base, 1)} | ${fmt(ours, 1)} |`);
}
out();
/** A body of the corpus, as the goals name it: `vendor size`. */
const label = (c) => `${c.vendor} ${c.size}`;
const named = (w) => (w.c ? label(w.c) : "–");
/** What prevents a ratio goal, measured in this run for the worst body: parsing alone, and the wasm side alone. */
const floorOf = (w) =>
  w.c
    ? `for ${named(w)}: the floor (parsing the body ${fmt(w.c.us.detect / w.c.us.json_parse)}× + building the event's objects ${fmt(build(w.c) / w.c.us.json_parse)}×) is ${fmt(floorRatio(w.c))}×; normalize's wasm side (normalize − decode) ${fmt((w.c.us.voicehook - w.c.us.decode) / w.c.us.json_parse)}×`
    : "";
/**
 * Every body of `sizes`, sorted by a goal: met; not met but prevented (even at the floor, the
 * goal fails there); or open (the floor is within the goal: our own side is what is left).
 */
const byBody = (sizes, meets, floorMeets) => {
  const cases = npm.cases.filter((c) => sizes.includes(c.size) && meets(c) !== null);
  const met = cases.filter((c) => meets(c));
  const prevented = cases.filter((c) => !meets(c) && !floorMeets(c));
  const open = cases.filter((c) => !meets(c) && floorMeets(c));
  const list = (xs) => xs.map(label).join(", ") || "none";
  return `. Per body: met for ${met.length} of ${cases.length}; prevented by the floor for ${prevented.length} (${list(prevented)}); open for ${open.length} (${list(open)})`;
};
const timeGoal = (sizes, limit) =>
  byBody(sizes, (c) => c.us.voicehook / c.us.json_parse <= limit, (c) => floorRatio(c) <= limit);
/** zod ÷ voicehook ≥ `limit`; at the floor voicehook would take `floorUs`. */
const zodGoal = (sizes, limit) =>
  byBody(
    sizes,
    (c) => (c.us.zod ? c.us.zod / c.us.voicehook >= limit : null),
    (c) => c.us.zod / floorUs(c) >= limit,
  );
budgets.push(["npm `normalize` ≤ 3× `JSON.parse` at 1 KB, every vendor", `worst ${fmt(worst.small.r)}× (${named(worst.small)})`, worst.small.r <= 3, floorOf(worst.small) + timeGoal(["1k"], 3)]);
budgets.push(["npm `normalize` ≤ 1.3× `JSON.parse` from 100 KB, every vendor", `worst ${fmt(worst.large.r)}× (${named(worst.large)})`, worst.large.r <= 1.3, floorOf(worst.large) + timeGoal(["100k", "1m"], 1.3)]);
const zodFloor = (w) =>
  w.c
    ? `zod (which builds a smaller event: no extra, id or warnings) alone is ${fmt(w.c.us.zod / w.c.us.json_parse)}× JSON.parse there; ${floorOf(w)}`
    : "";
budgets.push(["zod ÷ voicehook ≥ 1.0 at every size", `worst ${fmt(worst.zodAll.r)} (${named(worst.zodAll)})`, worst.zodAll.r >= 1, zodFloor(worst.zodAll) + zodGoal(["1k", "10k", "100k", "1m"], 1)]);
budgets.push(["zod ÷ voicehook ≥ 1.5 from 100 KB", `worst ${fmt(worst.zodLarge.r)} (${named(worst.zodLarge)})`, worst.zodLarge.r >= 1.5, zodFloor(worst.zodLarge) + zodGoal(["100k", "1m"], 1.5)]);
out();

// 3. Worker.
out("## Worker in local workerd (Miniflare, local D1), wrk -c8 on 127.0.0.1");
out();
out("| route | requests/s | ÷ /healthz | p50 ms | p99 ms | non-2xx |");
out("|---|---:|---:|---:|---:|---:|");
const floor = worker.healthz?.requests_per_s;
let worstThroughput = Infinity;
const ingest = worker._ingest;
for (const [name, run] of Object.entries(worker).filter(([name]) => !name.startsWith("_"))) {
  const share = run.requests_per_s / floor;
  if (name.startsWith("staragent")) worstThroughput = Math.min(worstThroughput, share);
  const route =
    name === "healthz"
      ? "GET /healthz"
      : name.startsWith("dryrun")
        ? `POST /v1/normalize (${name.split("-")[1]}, nothing stored)`
        : `POST /v1/hooks/staragent (${name.split("-")[1]})`;
  out(`| ${route} | ${fmt(run.requests_per_s, 0)} | ${fmt(share)} | ${fmt(run.p50_ms)} | ${fmt(run.p99_ms)} | ${run.non_2xx} |`);
}
budgets.push(["(earlier) Worker ingest throughput ≥ 80% of /healthz", `worst ${fmt(worstThroughput * 100, 0)}%`, worstThroughput >= 0.8, "the local D1 write before the 2xx: see the dry run"]);
out();
if (ingest) {
  out(`D1 write requests per accepted webhook, from the Worker's log lines of these runs: mean ${fmt(ingest.d1_writes_mean)},`);
  out(`max ${ingest.d1_writes_max}, over ${ingest.accepted} accepted webhooks.`);
  out();
  budgets.push(["(earlier) One D1 write per accepted webhook", `max ${ingest.d1_writes_max}`, ingest.d1_writes_max === 1, ""]);
}
const dryRun = Object.entries(worker).find(([name]) => name.startsWith("dryrun"))?.[1];
if (dryRun) {
  out(`The same Worker normalizing without storing (\`/v1/normalize\`) reaches ${fmt((dryRun.requests_per_s / floor) * 100, 0)}% of /healthz: the rest of an`);
  out("ingest is the D1 write that must finish before the 2xx (local D1 runs in Miniflare's SQLite, one write per request).");
  out();
}
out("CPU time per request: local workerd does not report it (Cloudflare reports it per request in production). The");
out("proxy is what the Worker computes before storing, in Node (same wasm code and engine, minus D1 and R2): parse, map,");
out("id and the event's JSON. The Worker keeps the event as ASCII-only text in its D1 row, or over 1,000,000 bytes in R2;");
out("for a body under 250,000 bytes it writes the ASCII text directly (`normalizeToJSON`), for a larger one UTF-8 first");
out("(`normalizeToJSONBytes`), escaped to ASCII only if it fits a row after all. That last case is counted as both calls");
out("less one parse (an upper bound, marked ≤: mapping and the id are counted twice). For the slowest vendor at each size.");
/** The Worker's event document: ASCII text in its D1 row up to this many bytes, else R2 (src/worker/store). */
const INLINE_LIMIT = 1_000_000;
/** Bodies under this many bytes get their event's ASCII text written first (src/worker/store). */
const ASCII_FIRST_BELOW = INLINE_LIMIT / 4;
/** Whether the Worker writes this body's event twice: UTF-8 first, then ASCII for its row. */
const writtenTwice = (c) => c.bytes >= ASCII_FIRST_BELOW && c.event_utf8_bytes <= INLINE_LIMIT;
/** The proxy for one body: the writes of the document the Worker keeps. */
const workerUs = (c) => {
  if (c.bytes < ASCII_FIRST_BELOW) return c.us.to_json;
  return writtenTwice(c) ? c.us.to_json_bytes + c.us.to_json - c.us.detect : c.us.to_json_bytes;
};
/** A proxy in ms as the report writes it: `≤` for an upper bound. */
const proxyMs = (c, digits) => `${writtenTwice(c) ? "≤ " : ""}${fmt(workerUs(c) / 1000, digits)}`;
const slowest = (size) => npm.cases.filter((c) => c.size === size).reduce((a, b) => (workerUs(b) > workerUs(a) ? b : a));
for (const [size, sizeName, limitMs] of [["1k", "1 KB", 0.1], ["1m", "1 MB", 5]]) {
  const c = slowest(size);
  const ms = workerUs(c) / 1000;
  const over = npm.cases.filter((x) => x.size === size && workerUs(x) / 1000 > limitMs);
  const perVendor = over.map((x) => `${x.vendor} ${proxyMs(x, 1)} (parsing ${fmt(x.us.detect / 1000, 1)})`).join(", ");
  budgets.push([`Worker CPU proxy ≤ ${limitMs} ms at ${sizeName}, every vendor`, `${proxyMs(c, 3)} ms (${c.vendor})`, ms <= limitMs, `parsing alone there: ${fmt(c.us.detect / 1000, 3)} ms; \`JSON.parse\` of the same body in this run, for this machine's speed: ${fmt(c.us.json_parse / 1000, 3)} ms. Over ${limitMs} ms, in ms: ${perVendor}`]);
}
out();

// 4. Sizes and start-up.
out("## Size and start-up");
out();
out("| artifact | raw bytes | gzip -9 bytes |");
out("|---|---:|---:|");
for (const [name, size] of Object.entries(sizes)) out(`| ${name} | ${size.raw} | ${size.gzip} |`);
out();
out(`Importing the package in a fresh Node (read + compile + instantiate the .wasm): median ${fmt(npm.startup_ms, 1)} ms.`);
// What the bytes are: each build before wasm-opt, by crate (names kept), from bench/wasm-size.mjs.
const builds = [
  ["npm", "target/bench-results/npm-before-wasm-opt.wasm"],
  ["Worker", "target/bench-results/worker-before-wasm-opt.wasm"],
].filter(([, path]) => existsSync(new URL(path, root)));
const kb = (n) => (n / 1024).toFixed(1);
const made = {};
for (const [name, path] of builds) {
  const c = composition(new URL(path, root).pathname);
  made[name] = c;
  const top = Object.entries(c.crates).sort((a, b) => b[1] - a[1]).slice(0, 8);
  out(`${name} build before wasm-opt (\`${path}\`): ${kb(c.total)} KB, of which code ${kb(c.code)} KB (${top.map(([k, v]) => `${k} ${kb(v)}`).join(", ")}) and data ${kb(c.data)} KB.`);
  out();
}
const prevents = (name) => {
  const c = made[name];
  if (!c) return "";
  const own = c.crates.voicehook ?? 0;
  return `voicehook's own functions are ${kb(own)} KB of ${kb(c.code)} KB of code before wasm-opt (${((own / c.code) * 100).toFixed(0)}%): the eleven vendors, the mapping engine, the reader, signatures, the answer writers`;
};
budgets.push(["npm `.wasm` ≤ 150 KB gzip", `${(sizes["npm voicehook_bg.wasm"].gzip / 1024).toFixed(1)} KB`, sizes["npm voicehook_bg.wasm"].gzip <= 150 * 1024, prevents("npm")]);
budgets.push(["Worker ≤ 400 KB gzip", `${(sizes["worker index_bg.wasm + index.js"].gzip / 1024).toFixed(1)} KB`, sizes["worker index_bg.wasm + index.js"].gzip <= 400 * 1024, prevents("Worker")]);
budgets.push(["Package import (compile and instantiate) ≤ 15 ms", `${fmt(npm.startup_ms, 1)} ms`, npm.startup_ms <= 15, ""]);
out();

// 5. Growth.
out("## Growth: time against body size (Atoms, doubling from 1 KB to 8 MB)");
out();
out("| bytes | native µs/KB | npm µs/KB | npm ÷ JSON.parse |");
out("|---:|---:|---:|---:|");
for (const g of npm.growth) {
  const native = criterion("growth", `${g.file.replace(".json", "")}/voicehook`);
  out(`| ${g.bytes} | ${native ? fmt(native / 1000 / (g.bytes / 1024)) : "–"} | ${fmt(g.us.voicehook / (g.bytes / 1024))} | ${fmt(g.us.voicehook / g.us.json_parse)} |`);
}
out();
out("Linear means a flat µs/KB column (small bodies carry a fixed cost per call).");
out();

// Budgets first in the file.
const summary = [
  "## Goals (issue 15) and earlier budgets",
  "",
  "| goal | measured | | what prevents it (measured in this run) |",
  "|---|---|---|---|",
  ...budgets.map(([what, got, ok, floor]) => `| ${what} | ${got} | ${mark(ok)} | ${ok ? "" : floor ?? ""} |`),
  "",
];
lines.splice(6, 0, ...summary);
writeFileSync(new URL("BENCHMARKS.md", root), lines.join("\n") + "\n");
console.log(lines.slice(0, 20).join("\n"));
