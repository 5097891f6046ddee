// Node ES modules: the wasm file sits next to this bundle. Answers are read straight from the
// wasm memory: ASCII text as latin1, the other text table as UTF-16LE (no UTF-8 decoding).
import { readFileSync } from "node:fs";
import { initSync } from "voicehook:glue";

export const exports = initSync({ module: readFileSync(new URL("./voicehook_bg.wasm", import.meta.url)) });
export { decodeAscii, decodeUtf16 } from "./node-decode.js";
