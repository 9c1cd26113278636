import { strict as assert } from "node:assert";
import { findAdversarialExample, prepareAdversarial } from "../../src/adversarial";
import { classify } from "../../src/dnn/forward";
import { HighsSolver } from "../../src/solver/highs";
import { CheckingSolver } from "../tools/checking-solver";
import { solveWithCbc } from "../tools/independent-solver";
import { seededNetwork } from "../tools/seeded-network";

/**
 * The adversarial MILP (7a)-(9) against CBC, a solver that shares no code with HiGHS and reads
 * the model through our LP writer only (not the arrays HiGHS-wasm is given): optima and
 * infeasibility (a robustness proof) must agree.
 */
describe("adversarial MILPs against CBC (independent solver, LP text)", () => {
  it("agrees with HiGHS on the optimum L1 or on infeasibility, over networks, targets and Δ", async function () {
    const solver = new CheckingSolver(await HighsSolver.create());
    let optimal = 0;
    let infeasible = 0;
    // (seed, layer sizes, targets): targets picked to give optima near and far, and classes (8) cannot reach.
    const cases = [
      [3, [6, 10, 8, 10], [0, 1, 8]],
      [11, [8, 16, 10], [3, 4, 9]],
      [4, [10, 16, 12, 10], [3, 5]],
    ] as const;
    for (const [seed, sizes, targets] of cases) {
      const net = seededNetwork(seed, [...sizes]);
      const image = Array.from({ length: sizes[0] }, (_, i) => (0.2 + 0.13 * i * seed) % 1);
      const label = classify(net, image);
      for (const target of targets) {
        for (const maxDeviation of [null, 0.2]) {
          const options = { label, target, ...(maxDeviation === null ? {} : { maxDeviation }) };
          const ours = await findAdversarialExample(net, image, { ...options, solver, timeLimit: 60 });
          // CBC gets the thesis' own model: no stable-neuron elimination, δ with the two rows of (9).
          const { built } = await prepareAdversarial(net, image, { ...options, eliminateStable: false, deviation: "thesis" });
          const theirs = await solveWithCbc(built.model, { timeLimit: 60 });
          const where = `seed ${seed}, target ${target}, Δ ${maxDeviation}`;
          assert.ok(ours.status === "optimal" || ours.status === "infeasible", `${where}: HiGHS ${ours.status}`);
          assert.equal(theirs.status, ours.status, `${where}: CBC ${theirs.status} (${theirs.message}), HiGHS ${ours.status}`);
          if (ours.status === "optimal") {
            optimal++;
            assert.ok(ours.verified, `${where}: ${ours.message}`);
            assert.ok(Math.abs(ours.l1! - theirs.objective!) <= 1e-5 * (1 + theirs.objective!), `${where}: HiGHS ${ours.l1}, CBC ${theirs.objective}`);
          } else infeasible++;
        }
      }
    }
    // Both outcomes were compared, or the test proves less than its name says.
    assert.ok(optimal >= 4 && infeasible >= 2, `${optimal} optimal and ${infeasible} infeasible cases`);
  });
});
