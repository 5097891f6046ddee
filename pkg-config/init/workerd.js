// Cloudflare Workers (workerd): wrangler turns a `.wasm` import into a compiled WebAssembly.Module.
import module from "./voicehook_bg.wasm";
import { initSync } from "voicehook:glue";

export const exports = initSync({ module });
const decoder = new TextDecoder();
export const decodeAscii = (view) => decoder.decode(view);
export const decodeUtf8 = (view) => decoder.decode(view);
