// How browsers and Workers read an answer's text from the wasm memory: with TextDecoder (ASCII
// decodes the same as UTF-8), the other table as UTF-16LE.

const ascii = new TextDecoder();
const utf16 = new TextDecoder("utf-16le");

/** The ASCII text at `start..end` of the memory that `bytes` views whole. */
export const decodeAscii = (bytes, start, end) => ascii.decode(bytes.subarray(start, end));

/** The UTF-16LE text at `start..end` of the memory that `bytes` views whole. */
export const decodeUtf16 = (bytes, start, end) => utf16.decode(bytes.subarray(start, end));
