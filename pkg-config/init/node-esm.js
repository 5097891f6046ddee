// Node ES modules: the wasm file sits next to this bundle. Answers are ASCII, so they are
// decoded as latin1 straight from the wasm memory (no UTF-8 decoding, no copy).
import { readFileSync } from "node:fs";
import { initSync } from "voicehook:glue";

export const exports = initSync({ module: readFileSync(new URL("./voicehook_bg.wasm", import.meta.url)) });
export const decodeAscii = (view) => Buffer.from(view.buffer, view.byteOffset, view.length).toString("latin1");
export const decodeUtf8 = (view) => Buffer.from(view.buffer, view.byteOffset, view.length).toString("utf8");
