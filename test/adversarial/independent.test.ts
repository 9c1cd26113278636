import { strict as assert } from "node:assert";
import { prepareAdversarial, findAdversarialExample, type AdversarialResult } from "../../src/adversarial";
import type { Model } from "../../src/milp/model";
import * as fs from "node:fs";
import { boundViolations, boundsPath, BOUNDS_METHODS, intervalBounds, loadBounds } from "../../src/bounds";
import { classify, forward } from "../../src/dnn/forward";
import { loadMnist } from "../../src/data/mnist";
import { listNetworks, loadNetwork } from "../../src/dnn/load";
import { HighsSolver } from "../../src/solver/highs";
import { CheckingSolver } from "../tools/checking-solver";
import { solveAllWithScipy } from "../tools/independent-solver";

/** HiGHS' RINS/RENS sub-MIPs off: the same optimum, ~40 % less time on DNN1 (docs/performance.md). */
const NO_SUB_MIPS = { mip_heuristic_run_rins: false, mip_heuristic_run_rens: false };

describe("optimal L1 on DNN1 against an independent solver (scipy.optimize.milp)", () => {
  it("HiGHS-wasm on our model and native HiGHS (scipy) on the thesis model (no elimination) agree", async function () {
    assert.ok(listNetworks().includes("dnn1"), "data/models/dnn1.json is shipped");
    const net = loadNetwork("dnn1");
    const mnist = loadMnist("test", { limit: 20 });
    const solver = new CheckingSolver(await HighsSolver.create());
    const images = [2, 4].filter((i) => classify(net, mnist.images[i]) === mnist.labels[i]);
    assert.ok(images.length >= 1);
    const thesisModels: Model[] = [];
    for (const i of images) {
      const { built } = await prepareAdversarial(net, mnist.images[i], { label: mnist.labels[i], eliminateStable: false, deviation: "thesis" });
      thesisModels.push(built.model);
    }
    // scipy runs in its own process while HiGHS-wasm solves here
    const scipyRun = solveAllWithScipy(thesisModels, { timeLimit: 120 });
    const ours: AdversarialResult[] = [];
    for (const i of images) ours.push(await findAdversarialExample(net, mnist.images[i], { solver, label: mnist.labels[i], timeLimit: 120, solverOptions: NO_SUB_MIPS }));
    const theirs = await scipyRun;
    images.forEach((i, n) => {
      const a = ours[n];
      const b = theirs[n];
      assert.equal(a.status, "optimal", `image ${i}: ${a.status}`);
      assert.equal(b.status, "optimal", `image ${i}: scipy ${b.status} ${b.message}`);
      assert.ok(a.verified, `image ${i}: ${a.message}`);
      assert.ok(Math.abs(a.l1! - b.objective!) <= 1e-5 * (1 + b.objective!), `image ${i}: ours ${a.l1}, scipy ${b.objective}`);
      // adversarial examples are inputs of the domain too: they never leave any method's bounds
      for (const method of BOUNDS_METHODS) {
        const file = boundsPath("dnn1", method, { lower: 0, upper: 1 });
        assert.ok(method === "interval" || fs.existsSync(file), `${file} is shipped`);
        const bounds = method === "interval" ? intervalBounds(net, { lower: 0, upper: 1 }) : loadBounds(file).layers;
        assert.deepEqual(boundViolations(bounds, forward(net, a.adversarial!)), [], `image ${i}, ${method} bounds`);
      }
    });
  });
});
