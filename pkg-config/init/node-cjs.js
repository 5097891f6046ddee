// Node CommonJS (bundled to CJS, where __dirname exists): the wasm file sits next to this bundle.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "voicehook:glue";

initSync({ module: readFileSync(join(__dirname, "voicehook_bg.wasm")) });
