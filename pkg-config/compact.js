// Reads the compact answer of src/wasm/compact.rs: one list of numbers (tags, values, lengths)
// and two text tables: the ASCII strings in order, and the others in order, as UTF-16; each
// string is a `substring` of a piece of its table (see `take`). The generated decode.js calls
// these in the order of the Rust types' fields.
// Tags: 0 null, 1 false, 2 true, 3 number, 4 ASCII string, 5 sequence, 6 map, 7 struct,
// 8 variant, 9 ASCII raw JSON, 10 other string, 11 other raw JSON; an answer may start with a
// shared text (12 in the ASCII table, 13 in the other), of which 14 is a part (start, length):
// a transcript's text, whose messages' texts are substrings of it. A map key is 15 (then its
// slot: a key held from an answer before, or earlier in this one), 16 (then its slot and the key:
// to be held there) or a plain string; see src/wasm/keys.rs.

let slots;
let at = 0;
let ascii;
let wide;
let shared = "";

const SHARED = 12;
const WIDE_SHARED = 13;
const PART = 14;
const HELD_KEY = 15;
const NEW_KEY = 16;

/**
 * The map keys held for the wasm side, by slot: it names a key by its slot while this holds it,
 * so V8 stores members under strings it has used as keys before (three times as fast as under
 * fresh ones). Only what an answer read in order gives is held; the caller tells the wasm side
 * which answer it decoded whole.
 */
const keys = [];

/**
 * Strings of more than 128 KiB live in V8's large-object space, where making one costs about five
 * times as much per byte (Node 22: 1.3 against 0.25 µs per KB), so a table is decoded in pieces of
 * this many units (bytes of the ASCII one, UTF-16 units of the other: at most 64 KiB either way),
 * each starting at a string and holding every string that ends in it. A longer string is a piece
 * of its own.
 */
const PIECE = 32768;

/**
 * One of an answer's two texts in the wasm memory: `units` units of `width` bytes from byte `at`
 * of `u8` (the whole memory), decoded by `decode(u8, start, end)` a piece at a time as the reader
 * reaches it. The strings are read in order: `cursor` is where the next one starts, and `piece`
 * the decoded units `from..to`.
 */
function table(u8, at, units, width, decode) {
  return { u8, at, units, width, decode, cursor: 0, piece: "", from: 0, to: 0 };
}

/** The next `length` units of table `t` as a string. */
function take(t, length) {
  const start = t.cursor;
  const end = start + length;
  t.cursor = end;
  if (end > t.to) {
    const to = length > PIECE ? end : Math.min(t.units, start + PIECE);
    t.piece = t.decode(t.u8, t.at + start * t.width, t.at + to * t.width);
    t.from = start;
    t.to = to;
  }
  return t.piece.substring(start - t.from, end - t.from);
}

/**
 * Where the answer at byte `at` of the wasm memory is, from its header of seven u32s (the slots'
 * address and count, the address and byte length of the ASCII table and of the UTF-16 one, then
 * the answer's number, for the caller):
 * the index of its first slot in a Float64Array, and both tables, to be decoded by `decodeAscii`
 * and `decodeUtf16` (each given the whole memory as bytes, `u8`, and a piece's start and end).
 */
export function located({ u32, u8 }, at, decodeAscii, decodeUtf16) {
  const header = at >>> 2;
  return [
    u32[header] >>> 3,
    table(u8, u32[header + 2], u32[header + 3], 1, decodeAscii),
    table(u8, u32[header + 4], u32[header + 5] >>> 1, 2, decodeUtf16),
  ];
}

/**
 * The number of the answer at byte `at` (its header's seventh u32), to give back to the wasm side
 * with the next call once the answer is decoded whole (see `keys`).
 */
export function answerNumber({ u32 }, at) {
  return u32[(at >>> 2) + 6];
}

/** Starts reading an answer whose first slot is `answerSlots[start]`, with its two tables. */
export function begin(answerSlots, start, asciiTable, wideTable) {
  slots = answerSlots;
  at = start;
  ascii = asciiTable;
  wide = wideTable;
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
  if (tag === asciiTag) return take(ascii, length);
  if (tag !== wideTag) malformed();
  return take(wide, length);
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

/** A map's key: held in a slot, to be held there, or neither. */
function mapKey() {
  const tag = slots[at];
  if (tag === HELD_KEY) {
    const held = keys[slots[at + 1]];
    if (held === undefined) malformed();
    at += 2;
    return held;
  }
  if (tag !== NEW_KEY) return text16(4, 10);
  const slot = slots[at + 1];
  at += 2;
  return (keys[slot] = text16(4, 10));
}

/** An object of string keys to `read()`, or null. `__proto__` is an own member, as JSON.parse makes it. */
export function map(read) {
  if (isNull()) return null;
  const n = payload(6);
  const object = {};
  for (let i = 0; i < n; i++) {
    const key = mapKey();
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
