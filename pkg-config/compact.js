// Reads the compact answer of src/wasm/compact.rs: one list of numbers (tags, values, lengths)
// and two texts, each decoded once: the ASCII strings in order, and the others in order; each
// string is a `substring` of its text. The generated decode.js calls these in the order of the
// Rust types' fields.
// Tags: 0 null, 1 false, 2 true, 3 number, 4 ASCII string, 5 sequence, 6 map, 7 struct,
// 8 variant, 9 ASCII raw JSON, 10 other string, 11 other raw JSON; an answer may start with a
// shared text (12 in the ASCII table, 13 in the other), of which 14 is a part (start, length):
// a transcript's text, whose messages' texts are substrings of it.

let slots;
let at = 0;
let ascii = "";
let asciiCursor = 0;
let wide = "";
let wideCursor = 0;
let shared = "";

const SHARED = 12;
const WIDE_SHARED = 13;
const PART = 14;

/**
 * Where the answer at byte `at` of the wasm memory is, from its header of six u32s (the slots'
 * address and count, then the address and byte length of the ASCII table and of the UTF-16 one):
 * the index of its first slot in a Float64Array, and both texts, decoded by `decodeAscii` and
 * `decodeUtf16` (each given the whole memory as bytes, `u8`, and the text's start and end).
 */
export function located({ u32, u8 }, at, decodeAscii, decodeUtf16) {
  const header = at >>> 2;
  const asciiAt = u32[header + 2];
  const wideAt = u32[header + 4];
  const wideLength = u32[header + 5];
  return [
    u32[header] >>> 3,
    decodeAscii(u8, asciiAt, asciiAt + u32[header + 3]),
    wideLength === 0 ? "" : decodeUtf16(u8, wideAt, wideAt + wideLength),
  ];
}

/** Starts reading an answer whose first slot is `answerSlots[start]`, with its two texts. */
export function begin(answerSlots, start, asciiText, wideText) {
  slots = answerSlots;
  at = start;
  ascii = asciiText;
  asciiCursor = 0;
  wide = wideText;
  wideCursor = 0;
  shared = slots[at] === SHARED || slots[at] === WIDE_SHARED ? text16(SHARED, WIDE_SHARED) : "";
}

/** Steps over a null tag: whether the value here is null. */
function isNull() {
  if (slots[at] !== 0) return false;
  at++;
  return true;
}

/** A value with a payload slot: checks its tag, steps over both, and returns the payload. */
function payload(tag) {
  if (slots[at] !== tag) malformed();
  const value = slots[at + 1];
  at += 2;
  return value;
}

/**
 * The text tagged here, `asciiTag` in the ASCII table or `wideTag` in the other (a string: 4 or
 * 10; raw JSON: 9 or 11); steps over it.
 */
function text16(asciiTag, wideTag) {
  const tag = slots[at];
  if (tag === PART) {
    const start = slots[at + 1];
    const part = shared.substring(start, start + slots[at + 2]);
    at += 3;
    return part;
  }
  const length = slots[at + 1];
  at += 2;
  if (tag === asciiTag) {
    const end = asciiCursor + length;
    const s = ascii.substring(asciiCursor, end);
    asciiCursor = end;
    return s;
  }
  if (tag !== wideTag) malformed();
  const end = wideCursor + length;
  const s = wide.substring(wideCursor, end);
  wideCursor = end;
  return s;
}

function malformed() {
  throw new Error(`voicehook: malformed compact answer at slot ${at}`);
}

/** Steps over a struct's tag. */
export function open() {
  if (slots[at++] !== 7) malformed();
}

/** A string, or null. */
export function str() {
  return isNull() ? null : text16(4, 10);
}

/** A number, or null. */
export function num() {
  return isNull() ? null : payload(3);
}

/** A boolean, or null. */
export function bool() {
  const tag = slots[at++];
  if (tag === 0) return null;
  if (tag !== 1 && tag !== 2) malformed();
  return tag === 2;
}

/** A unit enum variant's name from `names`, or null. */
export function variant(names) {
  return isNull() ? null : names[payload(8)];
}

/** `read()`, or null. */
export function opt(read) {
  return isNull() ? null : read();
}

/** An array of `read()`, or null. */
export function seq(read) {
  if (isNull()) return null;
  const n = payload(5);
  const items = [];
  for (let i = 0; i < n; i++) items.push(read());
  return items;
}

/** An object of string keys to `read()`, or null. `__proto__` is an own member, as JSON.parse makes it. */
export function map(read) {
  if (isNull()) return null;
  const n = payload(6);
  const object = {};
  for (let i = 0; i < n; i++) {
    const key = str();
    const v = read();
    if (key === "__proto__") {
      Object.defineProperty(object, key, { value: v, writable: true, enumerable: true, configurable: true });
    } else {
      object[key] = v;
    }
  }
  return object;
}

/** Any JSON value. */
export function value() {
  switch (slots[at]) {
    case 0:
      at++;
      return null;
    case 1:
      at++;
      return false;
    case 2:
      at++;
      return true;
    case 3:
      return num();
    case 4:
    case 10:
    case PART:
      return text16(4, 10);
    case 5:
      return seq(value);
    case 6:
      return map(value);
    case 9:
    case 11:
      // JSON text kept as sent (a raw body, or a number a double cannot hold): parsed as JSON.parse would.
      return JSON.parse(text16(9, 11));
    default:
      return malformed();
  }
}
