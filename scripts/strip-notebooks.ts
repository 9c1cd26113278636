/**
 * `npx tsx scripts/strip-notebooks.ts [files...]`: remove outputs, execution counts and run
 * times from notebooks (default: every `notebooks/*.ipynb`) before committing them, and make
 * them name the project kernel. `npm test` checks that committed notebooks are clean.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/paths";
import { readNotebook, stripOutputs, writeNotebook } from "../src/notebook/format";
import { notebookKernelMetadata } from "../src/notebook/kernel-spec";

const dir = path.join(PROJECT_ROOT, "notebooks");
const args = process.argv.slice(2);
const files = args.length > 0 ? args : fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).map((f) => path.join(dir, f));
for (const file of files) {
  const notebook = stripOutputs(readNotebook(file));
  writeNotebook(file, { ...notebook, metadata: { ...notebook.metadata, ...notebookKernelMetadata() } });
  process.stdout.write(`stripped ${path.relative(process.cwd(), file)}\n`);
}
