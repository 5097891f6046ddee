// Cloudflare Workers (workerd): wrangler turns a `.wasm` import into a compiled WebAssembly.Module.
import module from "./voicehook_bg.wasm";
import { initSync } from "voicehook:glue";

initSync({ module });
