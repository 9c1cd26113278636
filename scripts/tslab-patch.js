// Fix for tslab 1.0.22's module loader, shared by the kernel launcher and `npm run replicate`.
//
// tslab resolves EVERY require() of a compiled project file against the importing file's folder
// first, even bare package names: in src/solver/highs.ts, `import loadHighs from "highs"` is
// looked up as src/solver/highs.js -- the file itself -- and recurses until the stack overflows.
// The patch makes tslab look in its compiled outputs only for relative or absolute paths
// ("./x", "../x", "/x"); package names go to Node's resolver, as in plain TypeScript.
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");

const NEEDLE = "function requireFromSideOutputs(id) {";
const FIX = "\n        if (!/^\\.{0,2}\\//.test(id)) { return null; } // relu-milp: bare package names are not project files";

/**
 * Load tslab's executor with the fix into Node's module cache (before anything requires it).
 * @param {string} root - the project root holding node_modules/tslab
 * @returns {string} the patched file
 */
function patchTslabExecutor(root) {
  const file = require.resolve("tslab/dist/executor", { paths: [root] });
  const cached = require.cache[file];
  if (cached !== undefined) {
    if (cached.reluMilpPatched === true) return file;
    throw new Error(`tslab's executor was loaded before the bare-import fix could be applied (${file})`);
  }
  const source = fs.readFileSync(file, "utf8");
  if (!source.includes(NEEDLE)) {
    throw new Error(`${file}: unexpected tslab version, cannot apply the bare-import fix (see scripts/tslab-patch.js)`);
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod._compile(source.replace(NEEDLE, NEEDLE + FIX), file);
  mod.loaded = true;
  mod.reluMilpPatched = true;
  require.cache[file] = mod;
  return file;
}

module.exports = { patchTslabExecutor };
