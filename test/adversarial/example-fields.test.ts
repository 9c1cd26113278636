import { strict as assert } from "node:assert";
import { adversarialSpec, exampleFields, findAdversarialExample, withVerifiedExample, type AdversarialResult } from "../../src/adversarial";
import { findAdversarialExampleBest } from "../../src/best/best-attack";
import { findAdversarialExampleShrink } from "../../src/best/shrinking-balls";
import { HighsSolver } from "../../src/solver/highs";
import { alteredSolver } from "../tools/altered-solver";
import { knapsackNetwork } from "../tools/known-networks";

// knapsackNetwork at the origin: (8) for target 5 needs 0.5 x_0 + 0.25 x_1 + 0.1 x_2 + 0.05 x_3 >= 0.712; the optimum is x = (1, 0.848, 0, 0), L1 1.848.
const net = knapsackNetwork();
const origin = [0, 0, 0, 0];
const spec = adversarialSpec(net, origin);
const optimum = Float64Array.from([1, 0.848, 0, 0]);
const farther = Float64Array.from([1, 0.6, 1, 0]); // 0.5 + 0.15 + 0.1 = 0.75 >= 0.712: verified, L1 2.6

/** A solve of the model whose incumbent was replaced by x (objective and bound left as the solver proved them). */
async function solvedWith(x: Float64Array, status: "optimal" | "time-limit"): Promise<AdversarialResult> {
  const r = await findAdversarialExample(net, origin, { solver: await HighsSolver.create(), timeLimit: 30 });
  assert.equal(r.status, "optimal");
  return { ...r, ...exampleFields(net, spec, x), status, ...(status === "time-limit" ? { bound: 1.5, gap: (1.848 - 1.5) / 1.848 } : {}) };
}

describe("withVerifiedExample (a solver's example that fails the float64 check is not reported when a verified one is in hand)", () => {
  it("exampleFields measures the example's distances, outputs and re-check", () => {
    const f = exampleFields(net, spec, farther);
    assert.ok(Math.abs(f.l1 - 2.6) < 1e-12 && f.linf === 1 && f.verified && f.predicted === 5);
    assert.ok(!exampleFields(net, spec, Float64Array.from(origin)).verified);
  });

  it("keeps a verified result, and an unverified one without a verified fallback", async () => {
    const good = await solvedWith(optimum, "optimal");
    assert.equal(withVerifiedExample(good, net, spec, farther, 0), good);
    const bad = await solvedWith(Float64Array.from(origin), "optimal");
    assert.equal(withVerifiedExample(bad, net, spec, null, 0), bad);
    assert.equal(withVerifiedExample(bad, net, spec, Float64Array.from([0.5, 0, 0, 0]), 0), bad);
  });

  it("reports the fallback: optimal when it meets the proven bound, else error (a claimed optimum) or the solve's status", async () => {
    const bad = await solvedWith(Float64Array.from(origin), "optimal");
    assert.ok(!bad.verified);
    const atBound = withVerifiedExample(bad, net, spec, optimum, 0);
    assert.deepEqual([atBound.status, atBound.verified], ["optimal", true]);
    assert.ok(Math.abs(atBound.l1! - 1.848) < 1e-12 && atBound.objective === atBound.l1);
    assert.ok(atBound.gap! < 1e-12);
    assert.match(atBound.message ?? "", /failed the float64 check; reporting the verified start \(L1 1\.84\d*\)$/);
    const far = withVerifiedExample(bad, net, spec, farther, 0);
    assert.deepEqual([far.status, far.verified, far.predicted], ["error", true, 5]);
    assert.ok(Math.abs(far.gap! - (2.6 - 1.848) / 2.6) < 1e-9);
    assert.match(far.message ?? "", /not proven optimal/);
    // within an asked relative gap of 30 % the farther example counts as optimal (Table 3 style)
    assert.equal(withVerifiedExample(bad, net, spec, farther, 0.3).status, "optimal");
    const timed = withVerifiedExample(await solvedWith(Float64Array.from(origin), "time-limit"), net, spec, farther, 0);
    assert.deepEqual([timed.status, timed.verified, timed.bound], ["time-limit", true, 1.5]);
  });

  it("reports the fallback when the solve stopped without an example, and never calls it optimal against a bound above it", async () => {
    const none = { ...(await solvedWith(optimum, "time-limit")), adversarial: null, verified: false, verification: null, l1: null, linf: null, outputs: null, predicted: null, objective: null };
    const kept = withVerifiedExample(none, net, spec, farther, 0);
    assert.deepEqual([kept.status, kept.verified, kept.bound], ["time-limit", true, 1.5]);
    assert.match(kept.message ?? "", /the solve ended \(time-limit\) without an example; reporting the verified start \(L1 2\.6\d*\), not proven optimal/);
    // infeasible or failed solves are left alone
    for (const status of ["infeasible", "error"] as const) assert.equal(withVerifiedExample({ ...none, status }, net, spec, farther, 0).status, status);
    // a bound 0.6 % above the fallback's L1 is within a 1 % gap, but above a verified example it is wrong: not optimal, no bound
    const above = withVerifiedExample({ ...(await solvedWith(Float64Array.from(origin), "optimal")), bound: 1.848 * 1.006 }, net, spec, optimum, 0.01);
    assert.deepEqual([above.status, above.bound, above.gap], ["error", null, null]);
  });

  it("best and shrink report the attack's verified example when HiGHS' incumbent fails the check", async () => {
    const real = await HighsSolver.create();
    let corrupted = 0;
    // Every solution the solver returns is moved to the all-zero column vector: x = x̃, which is no adversarial example.
    const corrupting = alteredSolver(real, "corrupting", (r) => {
      if (r.values === null) return r;
      corrupted++;
      return { ...r, values: new Float64Array(r.values.length) };
    });
    for (const find of [findAdversarialExampleBest, findAdversarialExampleShrink]) {
      corrupted = 0;
      const r = await find(net, origin, { solver: corrupting, timeLimit: 30 });
      assert.ok(corrupted > 0, find.name);
      assert.ok(r.verified && r.adversarial !== null, `${find.name}: ${r.message}`);
      assert.ok(r.incumbentL1 !== null && Math.abs(r.l1! - r.incumbentL1) < 1e-9, `${find.name}: reports the attack's example`);
      assert.match(r.message ?? "", /failed the float64 check/);
      // the attack's example (L1 1.8516) lies 0.19 % above the optimum 1.848 the MILP proved: kept, but not proven optimal
      assert.ok(Math.abs(r.l1! - 1.8515625) < 1e-9, `${find.name}: L1 ${r.l1}`);
      assert.ok(Math.abs(r.bound! - 1.848) < 1e-6, `${find.name}: bound ${r.bound}`);
      assert.equal(r.status, "error", find.name);
      assert.ok(Math.abs(r.gap! - (1.8515625 - r.bound!) / 1.8515625) < 1e-9, `${find.name}: gap ${r.gap}`);
    }
  });
});
