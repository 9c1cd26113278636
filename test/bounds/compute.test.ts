import { strict as assert } from "node:assert";
import { computeBounds } from "../../src/bounds/compute";
import { boundViolations } from "../../src/bounds/check";
import { intervalBounds } from "../../src/bounds/interval";
import type { BoundsMethod, NetworkBounds } from "../../src/bounds/types";
import { forward } from "../../src/dnn/forward";
import { HighsSolver } from "../../src/solver/highs";
import { encodeNetwork } from "../../src/encode/network";
import { ModelBuilder, type Model } from "../../src/milp/model";
import { solveAllWithScipy } from "../tools/independent-solver";
import { seededInputs, seededNetwork } from "../tools/seeded-network";

const TOL = 1e-5;

function nested(inner: NetworkBounds, outer: NetworkBounds): boolean {
  return inner.layers.every((l, k) =>
    l.lower.every((v, j) => v >= outer.layers[k].lower[j] - TOL && l.upper[j] <= outer.layers[k].upper[j] + TOL),
  );
}

function width(b: NetworkBounds): number {
  return b.layers.reduce((s, l) => s + l.upper.reduce((t, u, j) => t + u - l.lower[j], 0), 0);
}

describe("computeBounds (interval, lp, milp, weak-milp)", () => {
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });
  const net = seededNetwork(31, [8, 6, 6, 5]);

  for (const [lower, upper] of [[0, 1], [-1, 1], [0, 1.5]]) {
    it(`every method is sound over [${lower}, ${upper}] and (solving every unit) milp ⊆ lp ⊆ interval`, async () => {
      const all = new Map<BoundsMethod, NetworkBounds>();
      for (const method of ["interval", "lp", "milp", "weak-milp"] as const) {
        const b = await computeBounds(net, { method, solver, inputDomain: { lower, upper }, skipStable: false });
        assert.equal(b.method, method);
        assert.equal(b.layers.length, 3);
        all.set(method, b);
        for (const x of seededInputs(32, 400, 8, lower, upper)) {
          assert.deepEqual(boundViolations(b.layers, forward(net, x)), [], `${method} over [${lower}, ${upper}]`);
        }
      }
      assert.ok(nested(all.get("lp")!, all.get("interval")!));
      assert.ok(nested(all.get("milp")!, all.get("lp")!));
      assert.ok(nested(all.get("weak-milp")!, all.get("interval")!));
      // tightening actually tightens on this network
      assert.ok(width(all.get("milp")!) < width(all.get("lp")!) - 1e-3);
      assert.ok(width(all.get("lp")!) < width(all.get("interval")!) - 1e-3);
    });
  }

  it("milp bounds of layers 2 and 3 are the optima native HiGHS (scipy) finds for the same MILPs", async () => {
    const b = await computeBounds(net, { method: "milp", solver, skipStable: false });
    // max / min of w_j x^{k-1} + b_j over the thesis model of layers 1..k-1 on the computed bounds, built here
    const models: Model[] = [];
    const where: { k: number; j: number; sense: "maximize" | "minimize" }[] = [];
    for (const k of [2, 3]) {
      for (let j = 0; j < net.layers[k - 1].bias.length; j++) {
        for (const sense of ["maximize", "minimize"] as const) {
          const m = new ModelBuilder(`bound_${k}_${j}_${sense}`);
          const enc = encodeNetwork(m, net, b.layers, { eliminateStable: false, upToLayer: k - 1 });
          m.setObjective(sense, enc.x[k - 1].map((v, i) => [v, net.layers[k - 1].kernel[i][j]] as const), net.layers[k - 1].bias[j]);
          models.push(m.build());
          where.push({ k, j, sense });
        }
      }
    }
    const scipy = await solveAllWithScipy(models, { timeLimit: 60 });
    where.forEach(({ k, j, sense }, n) => {
      assert.equal(scipy[n].status, "optimal", `${models[n].name}: ${scipy[n].message ?? ""}`);
      const exact = scipy[n].objective!;
      const ours = sense === "maximize" ? b.layers[k - 1].upper[j] : b.layers[k - 1].lower[j];
      const tol = 1e-6 * (1 + Math.abs(exact));
      // sound (never inside the true range) and tight (only the padding of padBound outside it)
      assert.ok(sense === "maximize" ? ours >= exact - tol && ours <= exact + 1e-4 * (1 + Math.abs(exact)) : ours <= exact + tol && ours >= exact - 1e-4 * (1 + Math.abs(exact)), `${models[n].name}: ours ${ours}, scipy ${exact}`);
    });
  });

  it("milp bounds are tight: a sampled input comes close to each bound of layer 2", async () => {
    const b = await computeBounds(net, { method: "milp", solver, skipStable: false });
    const samples = seededInputs(33, 4000, 8);
    const layer = b.layers[1];
    const maxSeen = layer.upper.map(() => -Infinity);
    for (const x of samples) forward(net, x).preActivations[1].forEach((v, j) => (maxSeen[j] = Math.max(maxSeen[j], v)));
    // the MILP upper bound is the true maximum: random sampling gets within 35 % of the range
    layer.upper.forEach((u, j) => assert.ok(u - maxSeen[j] <= 0.35 * (u - layer.lower[j]) + 1e-6, `unit ${j}: bound ${u}, seen ${maxSeen[j]}`));
    assert.ok(layer.source!.every((s) => s === "optimal" || s === "interval"));
  });

  it("skipStable keeps interval bounds for stable units; without it every unit is solved", async () => {
    const skip = await computeBounds(net, { method: "lp", solver });
    const all = await computeBounds(net, { method: "lp", solver, skipStable: false });
    assert.equal(skip.skipStable, true);
    assert.ok(nested(all, skip));
    assert.ok(all.layers.slice(1).every((l) => l.source!.every((s) => s === "optimal")));
  });

  it("weak-milp with a tiny time limit keeps only proven bounds (sound by sampling, never looser than lp) and records each unit's source", async () => {
    const wide = seededNetwork(34, [20, 16, 16, 16, 10]);
    const b = await computeBounds(wide, { method: "weak-milp", solver, timeLimitPerBound: 0.02, skipStable: false });
    const sources = b.layers.flatMap((l) => l.source ?? []);
    assert.equal(sources.length, 16 + 16 + 16 + 10);
    assert.ok(sources.every((x) => x === "optimal" || x === "dual-bound" || x === "fallback" || x === "interval"), sources.join(","));
    // uniform points and box corners (where a too tight bound of a ReLU network tends to show)
    const corners = seededInputs(36, 300, 20).map((x) => Array.from(x, (v) => (v < 0.5 ? 0 : 1)));
    for (const x of [...seededInputs(35, 1000, 20), ...corners]) assert.deepEqual(boundViolations(b.layers, forward(wide, x)), []);
    assert.ok(nested(b, { ...b, layers: intervalBounds(wide, { lower: 0, upper: 1 }) }));
    // a MILP stopped early is combined with the LP relaxation of the same model: never looser than lp
    const lp = await computeBounds(wide, { method: "lp", solver, skipStable: false });
    assert.ok(nested(b, lp));
  });

  it("reports progress up to the total number of neurons", async () => {
    const seen: number[] = [];
    await computeBounds(net, { method: "lp", solver, onProgress: (p) => seen.push(p.done) });
    assert.equal(seen[seen.length - 1], 17);
    assert.deepEqual(seen, Array.from({ length: 17 }, (_, i) => i + 1));
  });

  it("refuses an unknown method and a solver method without a solver", async () => {
    await assert.rejects(computeBounds(net, { method: "exact" as BoundsMethod }), /bounds method "exact" is unknown/);
    await assert.rejects(computeBounds(net, { method: "milp" }), /"milp" needs options.solver/);
    const solver = await HighsSolver.create();
    await assert.rejects(computeBounds(net, { method: "milp", solver, timeLimitPerBound: Infinity }), /timeLimitPerBound must be a positive finite number, got Infinity/);
    await assert.rejects(computeBounds(net, { method: "milp", solver, solverOptions: { time_limit: 5 } }), /solverOptions.time_limit: set the limit of each bound's solve with timeLimitPerBound/);
    await assert.rejects(computeBounds(net, { method: "milp", solver, solverOptions: { mip_abs_gap: 0.5 } }), /solverOptions.mip_abs_gap = 0.5/);
    await assert.rejects(computeBounds(net, { method: "milp", solver, solverOptions: { objective_bound: 1 } }), /solverOptions.objective_bound: a cutoff/);
  });

  it("takes a relative gap for the bound MILPs: still proven (dual) bounds, sound and between milp and lp", async () => {
    const exact = await computeBounds(net, { method: "milp", solver, skipStable: false });
    const gapped = await computeBounds(net, { method: "milp", solver, skipStable: false, solverOptions: { mip_rel_gap: 0.05 } });
    const sources = gapped.layers.flatMap((l) => l.source ?? []);
    assert.ok(!sources.includes("fallback"), `no solve failed: ${sources.join(",")}`);
    for (const x of seededInputs(37, 400, 8)) assert.deepEqual(boundViolations(gapped.layers, forward(net, x)), []);
    const lp = await computeBounds(net, { method: "lp", solver, skipStable: false });
    assert.ok(nested(gapped, lp) && nested(exact, gapped));
  });
});
