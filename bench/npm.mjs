// The npm package in Node, against baselines measured in the same process and run:
// `JSON.parse(new TextDecoder().decode(bytes))` of the same body (what a JS user pays anyway; for
// Twilio's forms, `URLSearchParams` into an object), and, for Starleads, Atoms, Retell and Vapi, an
// idiomatic zod-based normalizer (bench/zod-normalizer.ts). Also `normalizeToJSON` and
// `normalizeToJSONBytes` (the wasm side alone, the event as ASCII JSON text or as UTF-8 bytes:
// what the Worker writes for a D1 row or for R2), `detect` (parsing alone), the growth curve
// (Atoms, 1 KB to 8 MB) and the time to load the package in a fresh Node.
// Writes target/bench-results/npm.json. Needs `npm run build:npm` and `node bench/corpus.mjs`.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const corpusDir = new URL("target/bench-corpus/", root);
const resultsDir = new URL("target/bench-results/", root);
mkdirSync(resultsDir, { recursive: true });
const index = JSON.parse(readFileSync(new URL("index.json", corpusDir), "utf8"));
const quick = process.env.BENCH_QUICK === "1";

const voicehook = await import(new URL("pkg/voicehook.node.mjs", root).href);
// The package's own decoder, timed alone: a second instance of the same .wasm through the
// wasm-bindgen glue the package bundles, and pkg-config/decode.js as the package bundles it.
const glue = await import(new URL("target/npm/voicehook_wasm.js", root).href);
const { decodeAnswer } = await import(new URL("pkg-config/decode.js", root).href);
const { answerNumber, located } = await import(new URL("pkg-config/compact.js", root).href);
const instance = glue.initSync({ module: readFileSync(new URL("pkg/voicehook_bg.wasm", root)) });
// The package's Node decoders (pkg-config/init/node-decode.js), as it bundles them.
const { decodeAscii: latin1, decodeUtf16: utf16 } = await import(new URL("pkg-config/init/node-decode.js", root).href);
/**
 * Builds the event's objects from the compact answer `bytes` leave in the wasm memory, each time
 * anew: the second answer for them, which names the map keys the first gave by their slots, as a
 * webhook after another of its kind does in `normalize` (pkg-config/api.js).
 */
function decoderOf(bytes, contentType) {
  let decoded = 0;
  let decode;
  for (let answer = 0; answer < 2; answer++) {
    const at = glue.normalizeCompact(bytes, undefined, undefined, false, contentType, decoded);
    const { buffer } = instance.memory;
    const views = { u32: new Uint32Array(buffer), u8: new Uint8Array(buffer) };
    const f64 = new Float64Array(buffer);
    decode = () => decodeAnswer(f64, ...located(views, at, latin1, utf16));
    decode();
    decoded = answerNumber(views, at);
  }
  return decode;
}
const zodBundle = new URL("zod-normalizer.mjs", resultsDir);
await build({
  entryPoints: [new URL("bench/zod-normalizer.ts", root).pathname],
  outfile: zodBundle.pathname,
  bundle: true,
  format: "esm",
  platform: "node",
  logLevel: "warning",
});
const zod = await import(zodBundle.href);

const decoder = new TextDecoder();
const FORM = "application/x-www-form-urlencoded";
const zodNormalizers = {
  starleads: (b) => zod.normalizeStarleads(decoder.decode(b)),
  smallest_atoms: (b) => zod.normalizeAtoms(decoder.decode(b)),
  retell: (b) => zod.normalizeRetell(decoder.decode(b)),
  vapi: (b) => zod.normalizeVapi(decoder.decode(b)),
};
/** The calls measured for one corpus entry. */
function paths(entry) {
  const options = { contentType: entry.content_type };
  const baseline =
    entry.content_type === FORM
      ? (bytes) => Object.fromEntries(new URLSearchParams(decoder.decode(bytes)))
      : (bytes) => JSON.parse(decoder.decode(bytes));
  return {
    json_parse: baseline,
    voicehook: (bytes) => voicehook.normalize(bytes, options),
    to_json: (bytes) => voicehook.normalizeToJSON(bytes, options),
    to_json_bytes: (bytes) => voicehook.normalizeToJSONBytes(bytes, options),
    detect: (bytes) => voicehook.detect(bytes, options),
    ...(zodNormalizers[entry.vendor] ? { zod: zodNormalizers[entry.vendor] } : {}),
  };
}

/** Microseconds per call, from calls repeated for at least `ms`. */
function perCall(fn, bytes, ms) {
  let n = 0;
  const started = performance.now();
  do {
    fn(bytes);
    n++;
  } while (performance.now() - started < ms);
  return ((performance.now() - started) / n) * 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(bytes, fns) {
  const rounds = quick ? 3 : 7;
  const ms = quick ? 40 : 120;
  const samples = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(fns)) samples[name].push(perCall(fn, bytes, ms));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const cases = [];
for (const entry of index.cases) {
  const bytes = readFileSync(new URL(entry.file, corpusDir));
  const fns = paths(entry);
  fns.voicehook(bytes); // voicehook accepts this body
  fns.zod?.(bytes); // and so does the zod normalizer
  // Building the event's objects: JSON.parse of its JSON text, and the package's own decoder from
  // the compact answer (what `normalize` spends in JS); the faster of the two is the floor's part.
  const eventJson = fns.to_json(bytes);
  fns.answer_parse = () => JSON.parse(eventJson);
  fns.decode = decoderOf(bytes, entry.content_type);
  const us = measure(bytes, fns);
  cases.push({ ...entry, us, event_utf8_bytes: fns.to_json_bytes(bytes).length });
  const ratio = (k) => (us[k] ? (us[k] / us.json_parse).toFixed(2) : "-");
  console.log(`${entry.file.padEnd(26)} JSON.parse ${us.json_parse.toFixed(1).padStart(8)} µs  voicehook ×${ratio("voicehook")}  zod ×${ratio("zod")}`);
}

const growth = [];
for (const entry of index.growth) {
  const bytes = readFileSync(new URL(entry.file, corpusDir));
  const { json_parse, voicehook: normalize } = paths(entry);
  const us = measure(bytes, { json_parse, voicehook: normalize });
  growth.push({ ...entry, us });
  console.log(`growth ${String(entry.bytes).padStart(8)} B  voicehook ${(us.voicehook / (entry.bytes / 1024)).toFixed(2)} µs/KB`);
}

// Start-up: a fresh Node loading the package (reading and instantiating the .wasm).
const startup = [];
for (let i = 0; i < (quick ? 3 : 9); i++) {
  const script = `const t=performance.now();await import(${JSON.stringify(new URL("pkg/voicehook.node.mjs", root).href)});console.log(performance.now()-t)`;
  startup.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script]).toString()));
}
const result = { node: process.version, cases, growth, startup_ms: median(startup) };
writeFileSync(new URL("npm.json", resultsDir), JSON.stringify(result, null, 2));
console.log(`import (instantiate) in a fresh Node: ${result.startup_ms.toFixed(1)} ms`);
