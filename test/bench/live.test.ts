import { strict as assert } from "node:assert";
import { solveStudyInstances } from "../../src/bench/live";
import { resultsFile } from "../../src/bench/report";
import { readResults } from "../../src/bench/results-store";
import type { BenchRow } from "../../src/bench/row";
import { sameOptimum } from "../../src/adversarial/optimum";
import { loadMnist } from "../../src/data/mnist";

describe("solveStudyInstances (notebook 04's live re-solve)", () => {
  const test = loadMnist("test");
  const committed = readResults<BenchRow>(resultsFile(2)).filter((r) => r.model === "dnn1" && r.status === "optimal");

  for (const method of ["base", "best"] as const) {
    it(`re-solves the study's first DNN1 image with ${method} as the benchmark does, to the committed optimum`, async () => {
      const [row] = await solveStudyInstances({ table: 2, model: "dnn1", method, images: 1, testSet: test });
      assert.equal(row.index, 0, "the first test image DNN1 classifies correctly");
      assert.equal(row.method, method);
      assert.equal(row.table, 2);
      assert.equal(row.target, (row.label + 5) % 10);
      assert.equal(row.status, "optimal", row.message);
      assert.equal(row.verified, true);
      const mine = committed.filter((r) => r.index === 0);
      assert.ok(mine.length >= 3, "committed Table 2 rows of DNN1 image 0");
      for (const r of mine) assert.ok(sameOptimum(row.l1 as number, r.l1 as number), `live ${row.l1} vs committed ${r.method} ${r.l1}`);
      if (method === "best") assert.match(row.boundsCreatedAt ?? "", /^\d{4}-/, "names the cached LP bounds it used");
    });
  }
});
