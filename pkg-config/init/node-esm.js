// Node ES modules: the wasm file sits next to this bundle.
import { readFileSync } from "node:fs";
import { initSync } from "voicehook:glue";

initSync({ module: readFileSync(new URL("./voicehook_bg.wasm", import.meta.url)) });
