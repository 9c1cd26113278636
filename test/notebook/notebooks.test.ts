import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../src/paths";
import { joinText, readNotebook } from "../../src/notebook/format";
import { KERNEL_NAME } from "../../src/notebook/kernel-spec";

// The committed notebooks: stored without outputs, on the project kernel, importing files
// (not folders) relative to the project root. Fix with `npx tsx scripts/strip-notebooks.ts`.
describe("notebooks/*.ipynb as committed", () => {
  const dir = path.join(PROJECT_ROOT, "notebooks");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();

  it("include 00-start-here and 01-networks", () => {
    assert.ok(files.includes("00-start-here.ipynb") && files.includes("01-networks.ipynb"), files.join(", "));
  });

  it("have no outputs, name the project kernel and import project files from the root", () => {
    for (const file of files) {
      const nb = readNotebook(path.join(dir, file));
      const kernel = (nb.metadata.kernelspec as { name?: string } | undefined)?.name;
      assert.equal(kernel, KERNEL_NAME, `${file}: metadata.kernelspec.name`);
      const ids = new Set<string>();
      nb.cells.forEach((cell, i) => {
        const where = `${file} cell ${i + 1}`;
        if (cell.id !== undefined) {
          assert.ok(!ids.has(cell.id), `${where}: duplicate cell id ${cell.id}`);
          ids.add(cell.id);
        }
        if (cell.cell_type !== "code") return;
        assert.equal(cell.outputs.length, 0, `${where}: has outputs (strip them)`);
        assert.equal(cell.execution_count, null, `${where}: has an execution count`);
        for (const m of joinText(cell.source).matchAll(/from\s+"(\.[^"]*)"/g)) {
          assert.ok(!m[1].startsWith("../"), `${where}: imports ${m[1]}; import from the project root ("./src/...")`);
          const target = path.join(PROJECT_ROOT, m[1]);
          assert.ok(fs.existsSync(`${target}.ts`) || fs.existsSync(`${target}.js`), `${where}: ${m[1]} is not a .ts/.js file (tslab does not resolve folders)`);
        }
      });
    }
  });

  it("end with a visible check of their result that fails the run when it fails", () => {
    for (const file of files) {
      const code = readNotebook(path.join(dir, file)).cells.filter((c) => c.cell_type === "code");
      assert.ok(code.length > 0, `${file}: no code cell`);
      const last = joinText(code[code.length - 1].source);
      // A verdict line the reader sees (✓ / ✗, or lines a check module returns), then a throw that
      // stops `npm run replicate` with the notebook named.
      assert.match(last, /console\.log\(/, `${file}: the last code cell prints no verdict`);
      assert.ok(/✓|\.line\b|check\.lines/.test(last), `${file}: the last code cell prints no ✓/✗ verdict`);
      const lines = last.trimEnd().split("\n");
      const tail = lines.slice(-3).join("\n");
      assert.match(tail, /\bif \(.*\)\s*throw new Error\(/s, `${file}: the last code cell does not end by throwing when its check fails`);
    }
  });
});
