import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../src/paths";

// tsx runs the code without checking its types: the strict compile happens here, so a type error
// in src/, scripts/, kernel-helpers/ or test/ fails `npm test` (and CI) like any other defect.
describe("the strict TypeScript build (tsconfig.json)", function () {
  this.timeout(180_000);
  it("type-checks src, scripts, kernel-helpers and test without an error", () => {
    const tsc = path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
    const run = spawnSync(process.execPath, [tsc, "--noEmit", "-p", path.join(PROJECT_ROOT, "tsconfig.json")], { cwd: PROJECT_ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, `tsc reported:\n${run.stdout}${run.stderr}`);
  });
});
