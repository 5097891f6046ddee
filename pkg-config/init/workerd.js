// Cloudflare Workers (workerd): wrangler turns a `.wasm` import into a compiled WebAssembly.Module.
import module from "./voicehook_bg.wasm";
import { initSync } from "voicehook:glue";

export const exports = initSync({ module });
export { decodeAscii, decodeUtf16 } from "./web-decode.js";
