// Node CommonJS (bundled to CJS, where __dirname exists): the wasm file sits next to this
// bundle. Answers are read straight from the wasm memory: ASCII text as latin1, the other text
// table as UTF-16LE.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "voicehook:glue";

export const exports = initSync({ module: readFileSync(join(__dirname, "voicehook_bg.wasm")) });
export { decodeAscii, decodeUtf16 } from "./node-decode.js";
