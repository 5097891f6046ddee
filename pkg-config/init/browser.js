// Browsers and bundlers: fetch and compile the wasm next to this module before the API runs
// (bundlers recognise `new URL(…, import.meta.url)` and ship the file).
import init from "voicehook:glue";

export const exports = await init({ module_or_path: new URL("./voicehook_bg.wasm", import.meta.url) });
const decoder = new TextDecoder();
export const decodeAscii = (view) => decoder.decode(view);
const utf16 = new TextDecoder("utf-16le");
export const decodeUtf16 = (view) => utf16.decode(view);
