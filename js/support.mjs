// Shared by the JS test suites: the repo's fixtures and JSONTestSuite files, and scratch
// projects that install the packed npm tarball the way a user would.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..");
const fixturesDir = join(root, "tests/fixtures");

/** The packed package, built by `npm run build:npm`. */
export function tarball() {
  const dir = join(root, "target/npm");
  const name = existsSync(dir) && readdirSync(dir).find((f) => /^voicehook-.*\.tgz$/.test(f));
  if (!name) throw new Error("no target/npm/voicehook-*.tgz: run `npm run build:npm` first");
  return join(dir, name);
}

/** A fresh project in a temporary folder with the tarball installed; returns its path. */
export function scratchProject(files = {}) {
  const dir = mkdtempSync(join(tmpdir(), "voicehook-scratch-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball()], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Every golden fixture: body bytes, the options it is normalized with, and the expected answer. */
export function fixtures() {
  const cases = [];
  for (const vendor of readdirSync(fixturesDir).sort()) {
    for (const file of readdirSync(join(fixturesDir, vendor)).sort()) {
      const form = file.endsWith(".form");
      if (!(file.endsWith(".json") || form) || /\.(expected|options|mapping)\.json$/.test(file)) continue;
      const stem = join(fixturesDir, vendor, file.replace(/\.(json|form)$/, ""));
      const side = (suffix) => (existsSync(stem + suffix) ? readFileSync(stem + suffix, "utf8") : null);
      const options = {};
      const written = side(".options.json");
      if (written) {
        const { vendor: name, include_raw, content_type } = JSON.parse(written);
        if (name) options.vendor = name;
        if (include_raw) options.includeRaw = true;
        if (content_type) options.contentType = content_type;
      }
      const mapping = side(".mapping.json");
      if (mapping) options.mapping = JSON.parse(mapping);
      cases.push({
        name: `${vendor}/${file}`,
        vendor,
        body: readFileSync(join(fixturesDir, vendor, file)),
        options,
        expected: JSON.parse(side(".expected.json")),
      });
    }
  }
  return cases;
}

/** Every JSONTestSuite parsing file (y_, n_, i_), as bytes. */
export function jsonTestSuite() {
  const dir = join(root, "tests/data/JSONTestSuite/test_parsing");
  return readdirSync(dir)
    .sort()
    .map((file) => ({ name: basename(file), body: readFileSync(join(dir, file)) }));
}

/** Headless Chromium (Debian's), started with the flags that keep it off the network. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
