// Node CommonJS (bundled to CJS, where __dirname exists): the wasm file sits next to this
// bundle. Answers are ASCII, decoded as latin1 straight from the wasm memory.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "voicehook:glue";

export const exports = initSync({ module: readFileSync(join(__dirname, "voicehook_bg.wasm")) });
export const decodeAscii = (view) => Buffer.from(view.buffer, view.byteOffset, view.length).toString("latin1");
export const decodeUtf8 = (view) => Buffer.from(view.buffer, view.byteOffset, view.length).toString("utf8");
