// Cloudflare Workers (workerd): wrangler turns a `.wasm` import into a compiled WebAssembly.Module.
import module from "./voicehook_bg.wasm";
import { initSync } from "voicehook:glue";

export const exports = initSync({ module });
const decoder = new TextDecoder();
export const decodeAscii = (view) => decoder.decode(view);
const utf16 = new TextDecoder("utf-16le");
export const decodeUtf16 = (view) => utf16.decode(view);
