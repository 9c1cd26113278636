import { strict as assert } from "node:assert";
import { findAdversarialExample } from "../../src/adversarial";
import { applyLayer, classify } from "../../src/dnn/forward";
import type { Network } from "../../src/dnn/network";
import { HighsSolver } from "../../src/solver/highs";
import { CheckingSolver } from "../tools/checking-solver";
import { seededNetwork } from "../tools/seeded-network";

const STEPS = 200;

/** Outputs x^K on the (STEPS+1)^2 grid of [0, 1]^2, row-major. */
function gridOutputs(net: Network): { points: Float64Array[]; outputs: Float64Array[] } {
  const points: Float64Array[] = [];
  const outputs: Float64Array[] = [];
  for (let a = 0; a <= STEPS; a++) {
    for (let b = 0; b <= STEPS; b++) {
      const p = Float64Array.of(a / STEPS, b / STEPS);
      let x: Float64Array = p;
      for (const layer of net.layers) x = applyLayer(layer, x)[1];
      points.push(p);
      outputs.push(x);
    }
  }
  return { points, outputs };
}

describe("findAdversarialExample against brute force on a 2-input network", () => {
  it("the MILP optimum is never above the best grid point and within grid resolution of it; infeasible only where the grid finds nothing", async () => {
    const solver = new CheckingSolver(await HighsSolver.create());
    let compared = 0;
    for (const [seed, sizes] of [[51, [2, 12, 10]], [56, [2, 12, 10]], [53, [2, 8, 8, 10]]] as const) {
      const net = seededNetwork(seed, [...sizes]);
      const { points, outputs } = gridOutputs(net);
      const image = [0.3, 0.65];
      const label = classify(net, image);
      for (let target = 0; target < 10; target++) {
        if (target === label) continue;
        let best = Infinity;
        outputs.forEach((out, i) => {
          if (out[target] < 0.01) return;
          for (let j = 0; j < out.length; j++) if (j !== target && out[target] < 1.2 * out[j]) return;
          best = Math.min(best, Math.abs(points[i][0] - image[0]) + Math.abs(points[i][1] - image[1]));
        });
        const r = await findAdversarialExample(net, image, { solver, target, timeLimit: 30 });
        const where = `seed ${seed}, target ${target}`;
        if (r.status === "infeasible") {
          assert.equal(best, Infinity, `${where}: MILP infeasible, grid found L1 ${best}`);
          continue;
        }
        assert.equal(r.status, "optimal", where);
        assert.ok(r.verified, `${where}: ${r.message}`);
        assert.ok(r.l1! <= best + 1e-6, `${where}: MILP ${r.l1} above grid ${best}`);
        if (best < Infinity) {
          assert.ok(best - r.l1! <= 4 / STEPS, `${where}: MILP ${r.l1} far below grid ${best}`);
          compared++;
        }
      }
    }
    assert.ok(compared >= 6, `only ${compared} targets comparable`);
    assert.ok(solver.checked >= compared);
  });
});
