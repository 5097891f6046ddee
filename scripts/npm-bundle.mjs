// Bundles pkg-config/api.js once per runtime (with that runtime's init/ module and the
// wasm-bindgen glue), and writes package.json, README and types into the package folder.
// Usage: node scripts/npm-bundle.mjs <wasm-bindgen glue .js> <package dir>
import { build } from "esbuild";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const [glue, outDir] = process.argv.slice(2);
const config = resolve("pkg-config");

/** The runtimes: the init module that instantiates the wasm, and the bundle's format. */
const targets = [
  { init: "node-esm.js", out: "voicehook.node.mjs", format: "esm", platform: "node" },
  { init: "node-cjs.js", out: "voicehook.node.cjs", format: "cjs", platform: "node" },
  { init: "browser.js", out: "voicehook.browser.mjs", format: "esm", platform: "browser" },
  { init: "workerd.js", out: "voicehook.workerd.mjs", format: "esm", platform: "neutral" },
];

for (const target of targets) {
  await build({
    entryPoints: [resolve(config, "api.js")],
    outfile: resolve(outDir, target.out),
    bundle: true,
    format: target.format,
    platform: target.platform,
    target: "es2022",
    external: ["./voicehook_bg.wasm"],
    logLevel: "warning",
    // The glue's default wasm URL (import.meta) is never used: every init passes the module.
    logOverride: { "empty-import-meta": "silent" },
    plugins: [
      {
        name: "voicehook-modules",
        setup(build) {
          build.onResolve({ filter: /^voicehook:init$/ }, () => ({
            path: resolve(config, "init", target.init),
          }));
          build.onResolve({ filter: /^voicehook:glue$/ }, () => ({ path: resolve(glue) }));
        },
      },
    ],
  });
}

const cargo = readFileSync("Cargo.toml", "utf8");
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error("no version in Cargo.toml");
const manifest = JSON.parse(readFileSync(resolve(config, "package.json"), "utf8"));
manifest.version = version;
writeFileSync(resolve(outDir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

copyFileSync(resolve(config, "README.md"), resolve(outDir, "README.md"));
// The declarations twice, one set per module system (publint, arethetypeswrong): `.d.mts` for
// `import`, `.d.cts` for `require`, each importing its own copy of the schema's types.
for (const [ext, js] of [["mts", "mjs"], ["cts", "cjs"]]) {
  const index = readFileSync(resolve(config, "index.d.ts"), "utf8").replaceAll('"./call-event.js"', `"./call-event.${js}"`);
  writeFileSync(resolve(outDir, `index.d.${ext}`), index);
  copyFileSync(resolve(config, "call-event.d.ts"), resolve(outDir, `call-event.d.${ext}`));
}
