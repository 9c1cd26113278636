#!/usr/bin/env node
// Start the project's tslab kernel with the PROJECT ROOT as current directory.
// tslab compiles cells with the current directory as TypeScript rootDir, while Jupyter and
// VS Code start kernels in the notebook's folder; from notebooks/ a plain tslab kernel cannot
// import ../src. Changing directory first makes `import ... from "./src/..."` work everywhere,
// the same way `npm run replicate` resolves imports. Registered by `npm run kernel:install`.
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const at = args.indexOf("--config-path");
if (at < 0 || at + 1 >= args.length) {
  process.stderr.write("usage: node scripts/kernel-launcher.js --config-path <connection-file>\n");
  process.exit(2);
}
// The connection file path is relative to the directory Jupyter started us in.
const configPath = path.resolve(args[at + 1]);
process.chdir(root);
require("./tslab-patch").patchTslabExecutor(root);
const { startKernel } = require(path.join(root, "node_modules", "tslab", "dist", "main"));
startKernel({ configPath, enableFindLocal: false });
