// Browsers and bundlers: fetch and compile the wasm next to this module before the API runs
// (bundlers recognise `new URL(…, import.meta.url)` and ship the file).
import init from "voicehook:glue";

export const exports = await init({ module_or_path: new URL("./voicehook_bg.wasm", import.meta.url) });
export { decodeAscii, decodeUtf16 } from "./web-decode.js";
