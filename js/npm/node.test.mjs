// The packed package in Node, as users load it: ES module `import` and CommonJS `require`
// from a scratch project, plus a TypeScript consumer checked with `tsc --noEmit`.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fixtures, jsonTestSuite, root, scratchProject } from "../support.mjs";

const TYPED_CONSUMER = `
import { normalize, safeNormalize, detect, receive, verify, schema, SCHEMA_VERSION, vendors, VoicehookError } from "voicehook";
import type { CallEvent, Issue, IssueCode, Vendor, EventKind } from "voicehook";

const body: string = '{"event":"incoming_call"}';
const result = safeNormalize(body, { vendor: "staragent", includeRaw: true });
if (result.ok) {
  const event: CallEvent = result.event;
  const kind: EventKind = event.kind;
  const e164: string | null = event.contact.phone?.e164 ?? null;
  const seconds: number | null = event.call.duration_seconds;
  console.log(kind, e164, seconds, event.transcript?.messages.map((m) => m.role));
} else {
  const issues: Issue[] = result.issues;
  const code: IssueCode = issues[0].code;
  console.log(code, issues[0].path);
}
try {
  normalize(new TextEncoder().encode(body));
} catch (err) {
  if (err instanceof VoicehookError) console.log(err.code, err.issues.length);
}
const vendor: Vendor = detect(new ArrayBuffer(2));
const all: readonly Vendor[] = vendors;
const version: number = SCHEMA_VERSION;
console.log(vendor, all, version, schema["$id"]);
// @ts-expect-error a parsed object is not a body
normalize({ event: "incoming_call" });
// A platform voicehook does not know is named, with its mapping.
safeNormalize(body, { vendor: "acme", mapping: { event: "/type" }, contentType: "application/json" });
// @ts-expect-error a vendor is a name
safeNormalize(body, { vendor: 42 });
// Webhooks received and verified: secrets keyed by vendor, one or several (rotation).
async function route(request: Request): Promise<Response> {
  try {
    const event: CallEvent = await receive(request, {
      secrets: { retell: "key_from_the_retell_dashboard", twilio: ["old-token", "new-token"] },
      tolerance: 600,
      publicUrl: "https://hooks.example.com",
    });
    return Response.json({ id: event.id });
  } catch (err) {
    if (err instanceof VoicehookError && err.code === "invalid_signature") return new Response(null, { status: 401 });
    throw err;
  }
}
const checked: string = verify({ body, headers: { "x-webhook-signature": "00" }, url: "/hooks" }, { vendor: "bland", secrets: { bland: "s" } });
console.log(route, checked);
// @ts-expect-error secrets are required
verify({ body, headers: [] }, {});
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [], lib: ["es2022", "dom"] },
  files: ["consumer.ts", "consumer.cts"],
});

let scratch;
let esm;
let cjs;

before(async () => {
  scratch = scratchProject({
    "esm-entry.mjs": 'export * from "voicehook";\nexport const resolvedEntry = import.meta.resolve("voicehook");\n',
    "cjs-entry.cjs": 'module.exports = require("voicehook");\n',
    "consumer.ts": TYPED_CONSUMER,
    "consumer.cts": 'import voicehook = require("voicehook");\nconst e: voicehook.CallEvent = voicehook.normalize("{}");\nconsole.log(e.id);\n',
    "tsconfig.json": TSCONFIG,
  });
  esm = await import(pathToFileURL(join(scratch, "esm-entry.mjs")).href);
  cjs = createRequire(join(scratch, "cjs-entry.cjs"))("./cjs-entry.cjs");
});

after(() => rmSync(scratch, { recursive: true, force: true }));

/** Where a Retell body's `call.metadata` lands in its event. */
const metadataOf = (event) => event.extra["/call/metadata"] ?? event.variables;

for (const flavour of ["esm", "cjs"]) {
  describe(`Node ${flavour === "esm" ? "ES module import" : "CommonJS require"}`, () => {
    const api = () => (flavour === "esm" ? esm : cjs);

    test("loads the entry for its module system", () => {
      const entry = flavour === "esm" ? "voicehook.node.mjs" : "voicehook.node.cjs";
      const resolved =
        flavour === "esm"
          ? esm.resolvedEntry
          : createRequire(join(scratch, "cjs-entry.cjs")).resolve("voicehook");
      assert.match(String(resolved), new RegExp(`${entry.replace(".", "\\.")}$`));
    });

    test("every fixture of every vendor gives its golden answer", () => {
      const cases = fixtures();
      assert.ok(cases.length >= 50);
      for (const fixture of cases) {
        assert.deepEqual(api().safeNormalize(fixture.body, fixture.options), fixture.expected, fixture.name);
      }
    });

    test("normalizeToJSON gives each fixture's event as JSON text, or throws its typed error", () => {
      for (const fixture of fixtures()) {
        if (fixture.expected.ok) {
          assert.deepEqual(JSON.parse(api().normalizeToJSON(fixture.body, fixture.options)), fixture.expected.event, fixture.name);
        } else {
          assert.throws(() => api().normalizeToJSON(fixture.body, fixture.options), { code: fixture.expected.issues[0].code }, fixture.name);
        }
      }
    });

    test("normalizeToJSONBytes gives each fixture's event as UTF-8 JSON bytes of its own, or throws its typed error", () => {
      const utf8 = new TextDecoder("utf-8", { fatal: true });
      let unescaped = 0;
      for (const fixture of fixtures()) {
        if (!fixture.expected.ok) {
          assert.throws(() => api().normalizeToJSONBytes(fixture.body, fixture.options), { code: fixture.expected.issues[0].code }, fixture.name);
          continue;
        }
        const bytes = api().normalizeToJSONBytes(fixture.body, fixture.options);
        assert.ok(bytes instanceof Uint8Array, fixture.name);
        const text = utf8.decode(bytes);
        assert.deepEqual(JSON.parse(text), fixture.expected.event, fixture.name);
        const ascii = api().normalizeToJSON(fixture.body, fixture.options);
        assert.ok(bytes.length <= ascii.length, fixture.name);
        if (!/^[\x00-\x7f]*$/.test(text)) unescaped++;
      }
      assert.ok(unescaped > 0, "some fixture has characters beyond ASCII, written as UTF-8");
      // A copy, not a view on the wasm memory that the next call overwrites.
      const body = '{"event":"call_ended","call":{"call_id":"c-é","call_status":"ended"}}';
      const first = api().normalizeToJSONBytes(body, { vendor: "retell" });
      const kept = first.slice();
      api().normalizeToJSONBytes('{"event":"call_ended","call":{"call_id":"c-2","call_status":"ended"}}', { vendor: "retell" });
      assert.deepEqual(first, kept);
      assert.equal(JSON.parse(utf8.decode(first)).call.id, "c-é");
    });

    test("the compact answer builds what JSON.parse builds: __proto__ keys, huge and odd numbers, raw bodies", () => {
      const body =
        '{"event":"call_ended","call":{"call_id":"c-proto","call_status":"ended","metadata":' +
        '{"__proto__":{"polluted":true},"constructor":1,"big":12345678901234567890123,"tiny":1e-400,"huge":1e400,"negZero":-0}}}';
      for (const includeRaw of [false, true]) {
        const options = { vendor: "retell", includeRaw };
        const { event } = api().safeNormalize(body, options);
        assert.deepEqual(event, JSON.parse(api().normalizeToJSON(body, options)));
        assert.equal({}.polluted, undefined, "no prototype was polluted");
        const metadata = JSON.stringify(event).match(/"__proto__":\{"polluted":true\}/g);
        assert.equal(metadata?.length, includeRaw ? 2 : 1, "__proto__ is an own member, as JSON.parse makes it");
      }
    });

    test("ASCII and other texts, interleaved in values, keys and raw bodies, each come back whole", () => {
      // The compact answer keeps ASCII texts and the others in two tables: each string must be
      // taken from its own table at its own place, whatever the order they alternate in.
      const body = JSON.stringify({
        event: "call_ended",
        call: {
          call_id: "c-tables",
          call_status: "ended",
          transcript: "Agent: Bonjour, ça va ?\nUser: yes\nAgent: नमस्ते 📱\nUser: ok",
          metadata: { "clé": "é", ascii: "plain", "😀": ["a", "ß", "b", "𝄞", ""], n: 1.5 },
        },
      });
      for (const includeRaw of [false, true]) {
        const options = { vendor: "retell", includeRaw };
        const { event } = api().safeNormalize(body, options);
        assert.deepEqual(event, JSON.parse(api().normalizeToJSON(body, options)));
        assert.deepEqual(metadataOf(event), JSON.parse(body).call.metadata);
        assert.equal(event.transcript.messages[2].text, "नमस्ते 📱");
      }
    });

    test("map keys named by the slot they were held in come back as sent, body after body", () => {
      // The wasm side names a map key JavaScript holds from an answer before by its slot only
      // (src/wasm/keys.rs). Bodies whose keys overlap, collide in more keys than there are slots,
      // are too long to hold, not ASCII, or `__proto__`, with rejections and JSON answers between
      // them: each key must still carry its own value.
      const keys = (from, to, name = (i) => `k${i}`) => Array.from({ length: to - from }, (_, i) => name(from + i));
      const metadata = (names) => Object.fromEntries(names.map((name) => [name, `value of ${name}`]));
      const sets = [
        keys(0, 200),
        keys(100, 5100),
        keys(0, 40, (i) => `${"x".repeat(60 + (i % 8))}${i}`),
        keys(0, 50, (i) => (i % 2 ? `clé ${i}` : `ключ ${i}`)),
        ["__proto__", "constructor", "k1"],
        keys(0, 200),
        keys(4000, 9000),
        keys(100, 5100),
      ];
      for (const [round, names] of sets.entries()) {
        const body = JSON.stringify({ event: "call_ended", call: { call_id: `c-keys-${round}`, call_status: "ended", metadata: metadata(names) } });
        const { event } = api().safeNormalize(body, { vendor: "retell" });
        assert.deepEqual(event, JSON.parse(api().normalizeToJSON(body, { vendor: "retell" })), `round ${round}`);
        assert.deepEqual(Object.entries(metadataOf(event)), Object.entries(JSON.parse(body).call.metadata), `round ${round}`);
        assert.equal(api().safeNormalize("{not json", { vendor: "retell" }).ok, false);
      }
    });

    test("a long transcript's messages come back whole as parts of its text, or on their own", () => {
      // Past 1 KB the compact answer writes a transcript text once and each message text found
      // in it, in order, as a part of it: split from it (Callab), sent beside it (Retell), or
      // not in it at all (then written on its own).
      const lines = ["Bonjour, ça va ?", "yes", "नमस्ते 📱", "ok", "Can you spell it?", "yes", "𝄞 ß"];
      const turns = Array.from({ length: 120 }, (_, i) => [i % 2 ? "User" : "Agent", lines[i % lines.length] + (i % 5 ? "" : ` #${i}`)]);
      const text = turns.map(([who, words]) => `${who}: ${words}`).join("\n");
      const ascii = turns.map(([who], i) => `${who}: plain words ${i}`).join("\n");
      const retell = (transcript, said) =>
        JSON.stringify({
          event: "call_ended",
          call: {
            call_id: "c-shared",
            call_status: "ended",
            transcript,
            transcript_object: turns.map(([who], i) => ({ role: who === "User" ? "user" : "agent", content: said(i) })),
          },
        });
      const bodies = [
        [JSON.stringify({ event: "call.ended", call_id: "c-callab", call_status: "completed", transcript: text }), undefined],
        [JSON.stringify({ event: "call.ended", call_id: "c-callab", call_status: "completed", transcript: ascii }), undefined],
        [retell(text, (i) => turns[i][1]), { vendor: "retell" }],
        [retell(ascii, (i) => `plain words ${i}`), { vendor: "retell" }],
        // Messages in another order, and some not in the text: each still whole.
        [retell(text, (i) => turns[(i * 7) % turns.length][1] + (i % 3 ? "" : " (edited)")), { vendor: "retell" }],
      ];
      for (const [body, options] of bodies) {
        const { event } = api().safeNormalize(body, options);
        assert.ok(event.transcript.text.length > 1024 && event.transcript.messages.length === turns.length);
        assert.deepEqual(event, JSON.parse(api().normalizeToJSON(body, options)));
      }
    });

    test("texts of answers past 128 KiB come back whole, across the pieces their tables are decoded in", () => {
      // Each table is decoded 32,768 units at a time, a piece starting at a string: strings that
      // would cross a piece's end, strings longer than a piece, and a long shared transcript text.
      const ascii = (n) => "abcdefghij".repeat(Math.ceil(n / 10)).slice(0, n);
      const wide = (n) => "é𝄞ठ".repeat(Math.ceil(n / 4)).slice(0, n).replace(/[\ud800-\udbff]$/, "x");
      const strings = Array.from({ length: 600 }, (_, i) => (i % 2 ? wide : ascii)((i * 997) % 1013));
      strings.splice(300, 0, ascii(40_000), wide(70_000), ascii(32_768), wide(32_768));
      const lines = Array.from({ length: 3000 }, (_, i) => `${i % 2 ? "User" : "Agent"}: ${i % 3 ? ascii(40) : wide(30)} ${i}`);
      const bodies = [
        JSON.stringify({ event: "call_ended", call: { call_id: "c-pieces", call_status: "ended", metadata: { strings } } }),
        JSON.stringify({ event: "call.ended", call_id: "c-pieces", call_status: "completed", transcript: lines.join("\n") }),
      ];
      for (const [body, options] of [[bodies[0], { vendor: "retell" }], [bodies[1], undefined]]) {
        const { event } = api().safeNormalize(body, options);
        assert.deepEqual(event, JSON.parse(api().normalizeToJSON(body, options)));
      }
      assert.deepEqual(metadataOf(api().normalize(bodies[0], { vendor: "retell" })).strings, strings);
    });

    test("numbers reach JavaScript as the doubles JSON.parse reads from the same text", () => {
      // The package reads number text to doubles itself (no standard-library tables): shortest
      // and 17-digit forms, long digit strings, halfway cases, subnormals, the edges of range.
      const texts = ["0", "-0", "1.5", "1756812511.315143", "0.30000000000000004", "9007199254740993",
        "9007199254740993.000000000000000000001", "2.2250738585072011e-308", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308",
        "123456789012345678901234567890", "0.000012345678901234567", "1e23", "8.98846567431158e307",
        "1" + "0".repeat(300), "0." + "0".repeat(320) + "5", "9007199254740992" + "5".repeat(40) + "e-40"];
      let state = 0x9e3779b9;
      const view = new DataView(new ArrayBuffer(8));
      for (let i = 0; i < 3000; i++) {
        state = (state * 1103515245 + 12345) >>> 0;
        view.setUint32(0, state);
        state = (state * 1103515245 + 12345) >>> 0;
        view.setUint32(4, state);
        const value = view.getFloat64(0);
        if (!Number.isFinite(value)) continue;
        texts.push(String(value), value.toPrecision(17), value.toExponential(20).replace("e", "9e"));
      }
      const body = `{"event":"call_ended","call":{"call_id":"c-numbers","call_status":"ended","metadata":{"n":[${texts.join(",")}]}}}`;
      const { event } = api().safeNormalize(body, { vendor: "retell" });
      const read = metadataOf(event).n;
      const expected = JSON.parse(body).call.metadata.n;
      assert.equal(read.length, expected.length);
      read.forEach((number, index) => assert.ok(Object.is(number, expected[index]), `${texts[index]}: ${number} vs ${expected[index]}`));
    });

    test("every character, at every place in a 16-byte block, reads back the same from all three answers", () => {
      // The writers scan 16 bytes at a time for a character to escape (wasm SIMD): each ASCII
      // character and the edge characters of each UTF-8 length, after 0 to 33 plain bytes, in
      // values and in keys.
      const characters = [...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code))];
      characters.push("\u0080", "é", "\u07ff", "\u0800", "न", "\u2028", "\uffff", "\u{10000}", "😀", "\u{10ffff}");
      const metadata = {};
      characters.forEach((character, index) => {
        for (let plain = 0; plain <= 33; plain++) {
          const text = "p".repeat(plain) + character + "q".repeat(33 - plain);
          metadata[`${index}-${plain}`] = text;
          metadata[`${text}-${index}`] = plain;
        }
      });
      const body = JSON.stringify({ event: "call_ended", call: { call_id: "c-chars", call_status: "ended", metadata } });
      const options = { vendor: "retell" };
      const { event } = api().safeNormalize(body, options);
      assert.deepEqual(metadataOf(event), metadata);
      assert.deepEqual(JSON.parse(api().normalizeToJSON(body, options)), event);
      const bytes = api().normalizeToJSONBytes(body, options);
      assert.deepEqual(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)), event);
    });

    test("strings, ArrayBuffers and Buffers give the same event as bytes", () => {
      const { body, options, expected } = fixtures().find((f) => f.name === "starleads/webhook_pascal_case.json");
      const copy = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
      for (const input of [body, new Uint8Array(copy), copy, body.toString("utf8")]) {
        assert.deepEqual(api().safeNormalize(input, options), expected);
      }
    });

    test("normalize returns the event and throws a typed VoicehookError for bad input", () => {
      const { VoicehookError, normalize } = api();
      const good = fixtures().find((f) => f.expected.ok && Object.keys(f.options).length === 0);
      assert.deepEqual(normalize(good.body), good.expected.event);
      assert.throws(
        () => normalize('{"event":'),
        (err) => {
          assert.ok(err instanceof VoicehookError);
          assert.ok(err instanceof Error);
          assert.equal(err.name, "VoicehookError");
          assert.equal(err.code, "invalid_json");
          assert.equal(err.issues[0].path, "/event");
          assert.match(err.message, /^invalid_json at \/event: /);
          return true;
        },
      );
      const unknown = api().safeNormalize('{"hello":"world"}');
      assert.equal(unknown.ok, false);
      assert.equal(unknown.issues[0].code, "unknown_vendor");
    });

    test("an already-parsed object is refused with a clear error, never normalized", () => {
      const { normalize, safeNormalize, detect, VoicehookError } = api();
      const parsed = JSON.parse(fixtures()[20].body.toString());
      for (const input of [parsed, null, undefined, 42, [1]]) {
        const result = safeNormalize(input);
        assert.equal(result.ok, false);
        assert.equal(result.issues[0].code, "invalid_body");
        assert.match(result.issues[0].message, /raw request body/);
        assert.throws(() => normalize(input), VoicehookError);
        assert.throws(() => detect(input), VoicehookError);
      }
    });

    test("options are checked: unknown vendor, malformed mapping, vendor hint honoured", () => {
      const { safeNormalize } = api();
      const body = fixtures().find((f) => f.name.startsWith("staragent/")).body;
      assert.equal(safeNormalize(body, { vendor: "acme" }).issues[0].code, "unknown_vendor");
      assert.equal(safeNormalize(body, { vendor: 7 }).issues[0].code, "unknown_vendor");
      assert.equal(safeNormalize(body, { mapping: "[" }).issues[0].code, "invalid_mapping");
      assert.equal(safeNormalize(body, { mapping: 3 }).issues[0].code, "invalid_mapping");
      assert.equal(safeNormalize(body, "staragent").issues[0].code, "invalid_body");
      assert.equal(safeNormalize(body, { vendor: "staragent" }).event.vendor, "staragent");
      const raw = safeNormalize(body, { includeRaw: true }).event.raw;
      assert.deepEqual(raw, JSON.parse(body.toString()));
    });

    test("detect, schema, SCHEMA_VERSION and vendors", () => {
      const { detect, schema, SCHEMA_VERSION, vendors } = api();
      for (const fixture of fixtures().filter((f) => f.vendor !== "any" && f.expected.ok && !f.options.vendor && !f.options.mapping)) {
        assert.equal(detect(fixture.body, { contentType: fixture.options.contentType }), fixture.vendor, fixture.name);
      }
      assert.equal(SCHEMA_VERSION, 1);
      // Every vendor of the registry has its fixture folder, and every folder is a vendor.
      const folders = [...new Set(fixtures().map((f) => f.vendor))].filter((v) => v !== "any");
      assert.deepEqual([...vendors].sort(), folders.sort());
      assert.equal(vendors[0], "starleads", "in the registry's order");
      assert.equal(schema.$id, "https://voicehook.dev/schema/v1/call-event.json");
      assert.ok(Object.isFrozen(schema) && Object.isFrozen(vendors));
    });

    test("no JSONTestSuite file crashes, under any vendor hint", () => {
      const { safeNormalize, normalize, VoicehookError, vendors } = api();
      for (const { name, body } of jsonTestSuite()) {
        for (const vendor of [undefined, ...vendors]) {
          const result = safeNormalize(body, { vendor });
          assert.equal(typeof result.ok, "boolean", name);
          if (name.startsWith("n_")) assert.equal(result.ok, false, name);
        }
        try {
          normalize(body);
        } catch (err) {
          assert.ok(err instanceof VoicehookError, `${name}: ${err}`);
        }
      }
    });
  });
}

test("the TypeScript consumer type-checks against the packed declarations", () => {
  const tsc = join(root, "node_modules/.bin/tsc");
  execFileSync(tsc, ["-p", join(scratch, "tsconfig.json")], { stdio: "inherit" });
});
