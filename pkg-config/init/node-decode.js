// How Node reads an answer's text straight from the wasm memory: ASCII as latin1 (no UTF-8
// work), the other table as UTF-16LE, through one Buffer over the whole memory (remade only when
// the memory grows), so no view is made per answer.

let memory = null;
let whole = null;

/** A Buffer over all of `bytes`' memory. */
function over(bytes) {
  if (bytes.buffer !== memory) {
    memory = bytes.buffer;
    whole = Buffer.from(memory);
  }
  return whole;
}

/** The ASCII text at `start..end` of the memory that `bytes` views whole. */
export const decodeAscii = (bytes, start, end) => over(bytes).toString("latin1", start, end);

/** The UTF-16LE text at `start..end` of the memory that `bytes` views whole. */
export const decodeUtf16 = (bytes, start, end) => over(bytes).toString("utf16le", start, end);
