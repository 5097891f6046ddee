// Which way should a result cross from wasm to JavaScript? Loads two builds of the npm package
// in one process, the shipped one (ASCII-only JSON text) and a variant that returns plain UTF-8
// JSON text, and times `safeNormalize` on Atoms bodies of 1 KB to 1 MB (Hindi, French and emoji
// transcript) against `JSON.parse(new TextDecoder().decode(bytes))` of the same bytes, interleaved,
// median of batches. The UTF-8 variant is `pkg/` built after replacing `to_ascii_json(value)` with
// `serde_json::to_string(value)` in src/wasm/mod.rs. `LATIN=1` uses French/English text only.
// Usage: node bench/result-path.mjs <ascii pkg dir> <utf8 pkg dir>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(import.meta.url);
const [asciiDir, utf8Dir] = process.argv.slice(2).map((dir) => resolve(dir));
const ascii = require(`${asciiDir}/voicehook.node.cjs`);
const utf8 = require(`${utf8Dir}/voicehook.node.cjs`);

const fixture = JSON.parse(
  readFileSync(new URL("../tests/fixtures/smallest_atoms/post_conversation.json", import.meta.url), "utf8"),
);
const lines = process.env.LATIN
  ? ["Bonjour, je vous appelle au sujet de votre facture de décembre", "Oui, je peux payer vendredi, ça marche 😀", "Thanks — see you then"]
  : ["नमस्ते, मैं Nisha बोल रही हूँ, आपका बकाया ₹29,000 है", "Oui, je peux payer vendredi, ça marche 😀", "Thanks — see you then ☎️"];
function body(size) {
  const copy = structuredClone(fixture);
  const transcript = [];
  let i = 0;
  while (JSON.stringify(copy).length + JSON.stringify(transcript).length < size) {
    transcript.push({ role: i % 2 ? "user" : "agent", content: lines[i % 3], timestamp: new Date(1778226725000 + i * 1500).toISOString() });
    i++;
  }
  copy.metadata.transcript = transcript;
  return new TextEncoder().encode(JSON.stringify(copy));
}

function perCall(fn, bytes) {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < 150) {
    fn(bytes);
    n++;
  }
  return ((performance.now() - started) / n) * 1000; // µs
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const paths = {
  baseline: (b) => JSON.parse(new TextDecoder().decode(b)),
  ascii: (b) => ascii.safeNormalize(b),
  utf8: (b) => utf8.safeNormalize(b),
};
console.log("size      baseline µs   ascii ×   utf8 ×");
for (const size of [1_000, 10_000, 100_000, 1_000_000]) {
  const bytes = body(size);
  if (!ascii.safeNormalize(bytes).ok) throw new Error("the body does not normalize");
  const samples = { baseline: [], ascii: [], utf8: [] };
  for (let round = 0; round < 7; round++) {
    for (const [name, fn] of Object.entries(paths)) samples[name].push(perCall(fn, bytes));
  }
  const base = median(samples.baseline);
  const ratio = (name) => (median(samples[name]) / base).toFixed(2);
  console.log(`${String(bytes.length).padEnd(9)} ${base.toFixed(1).padStart(11)}   ${ratio("ascii").padStart(7)}   ${ratio("utf8").padStart(6)}`);
}
