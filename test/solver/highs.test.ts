import { strict as assert } from "node:assert";
import { checkSolution } from "../../src/milp/check";
import { writeLp } from "../../src/milp/lp-format";
import { ModelBuilder, type Model } from "../../src/milp/model";
import { writeMps } from "../../src/milp/mps-format";
import { HighsSolver } from "../../src/solver/highs";
import type { SolveProgress, SolveResult } from "../../src/solver/types";
import { solveAllWithScipy, solveWithCbc } from "../tools/independent-solver";
import { mixedMilp, multiKnapsack } from "../tools/random-milp";

/** Every solution a test sees goes through the independent checker. */
function assertChecked(model: Model, r: SolveResult): void {
  assert.ok(r.values !== null, `expected values, got status ${r.status} ${r.message ?? ""}`);
  const c = checkSolution(model, r.values);
  assert.ok(c.feasible, `solver answer violates the model: ${JSON.stringify(c.violations.slice(0, 5))}`);
  assert.ok(r.objective !== null && Math.abs(c.objective - r.objective) <= 1e-6 * Math.max(1, Math.abs(r.objective)), `objective ${r.objective} vs recomputed ${c.objective}`);
}

function knapsack(): Model {
  const b = new ModelBuilder("knapsack");
  const w = [12, 2, 1, 1, 4];
  const v = [4, 2, 1, 2, 10];
  const x = b.addVariables("x", 5, { type: "binary" });
  b.addLe("capacity", x.map((xi, i) => [xi, w[i]] as const), 15);
  b.setObjective("maximize", x.map((xi, i) => [xi, v[i]] as const));
  return b.build();
}

describe("HighsSolver", function () {
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  it("reports its version", () => {
    assert.match(solver.version, /^highs-js \d+\.\d+\.\d+ \(HiGHS \d+\.\d+\.\d+\)$/);
  });

  it("solves a 0-1 knapsack to its known optimum (maximize)", async () => {
    const m = knapsack();
    const r = await solver.solve(m);
    assert.equal(r.status, "optimal");
    assert.equal(r.objective, 15);
    assert.equal(r.bound, 15);
    assert.equal(r.gap, 0);
    assert.deepEqual(Array.from(r.values ?? []), [0, 1, 1, 1, 1]);
    assertChecked(m, r);
  });

  it("solves an LP with equality and ranged rows, free variables and an offset", async () => {
    // min x + 2y + 3 s.t. x + y = 4, 1 <= x - y <= 2, x, y free  -> x = 3, y = 1: 3 + 2 + 3 = 8.
    const b = new ModelBuilder("lp");
    const [x, y] = b.addVariables("v", 2, { lb: -Infinity });
    b.addEq("sum", [[x, 1], [y, 1]], 4);
    b.addRow("diff", [[x, 1], [y, -1]], 1, 2);
    b.setObjective("minimize", [[x, 1], [y, 2]], 3);
    const m = b.build();
    const r = await solver.solve(m);
    assert.equal(r.status, "optimal");
    assert.ok(Math.abs((r.objective ?? NaN) - 8) < 1e-9);
    assert.equal(r.bound, r.objective, "an LP's bound is its objective");
    assert.equal(r.nodes, 0);
    assertChecked(m, r);
  });

  it("reports infeasible MIPs and LPs", async () => {
    for (const type of ["binary", "continuous"] as const) {
      const b = new ModelBuilder("infeasible");
      const x = b.addVariables("x", 2, { type, ub: 1 });
      b.addGe("too_much", [[x[0], 1], [x[1], 1]], 3);
      b.setObjective("minimize", [[x[0], 1]]);
      const r = await solver.solve(b.build());
      assert.equal(r.status, "infeasible", type);
      assert.equal(r.values, null);
      assert.equal(r.objective, null);
    }
  });

  it("a model without variables is optimal at its offset only if every row admits activity 0", async () => {
    const model = (lb: number, ub: number): Model => ({ name: "empty", variables: [], rows: [{ name: "r", terms: [], lb, ub }], objective: { sense: "minimize", terms: [], offset: 5 } });
    const ok = await solver.solve(model(-1, 2));
    assert.deepEqual([ok.status, ok.objective, ok.bound], ["optimal", 5, 5]);
    for (const [lb, ub] of [[1, 2], [-2, -1]]) {
      const r = await solver.solve(model(lb, ub));
      assert.equal(r.status, "infeasible", `row ${lb} <= 0 <= ${ub}`);
      assert.equal(r.objective, null);
    }
  });

  it("reports unbounded LPs and MIPs", async () => {
    for (const type of ["integer", "continuous"] as const) {
      const b = new ModelBuilder("unbounded");
      const x = b.addVariable("x", { type });
      const y = b.addVariable("y");
      b.addGe("a", [[x, 1], [y, -1]], 1);
      b.setObjective("maximize", [[x, 1], [y, 1]]);
      const r = await solver.solve(b.build());
      assert.equal(r.status, "unbounded", type);
    }
  });

  it("solves a general-integer MIP with mixed row kinds (known optimum)", async () => {
    // max 5a + 4b + 3c s.t. 2a + 3b + c <= 5, 4a + b + 2c <= 11, 3a + 4b + 2c <= 8, a,b,c in Z+ -> a=2, b=0, c=1: 13
    const b = new ModelBuilder("classic");
    const [a, bb, c] = b.addVariables("n", 3, { type: "integer" });
    b.addLe("r1", [[a, 2], [bb, 3], [c, 1]], 5);
    b.addLe("r2", [[a, 4], [bb, 1], [c, 2]], 11);
    b.addRow("r3", [[a, 3], [bb, 4], [c, 2]], -Infinity, 8);
    b.setObjective("maximize", [[a, 5], [bb, 4], [c, 3]]);
    const m = b.build();
    const r = await solver.solve(m);
    assert.equal(r.status, "optimal");
    assert.equal(r.objective, 13);
    assertChecked(m, r);
  });

  it("stops at the time limit on a hard MILP with a sound proven bound (both senses, with an offset)", async () => {
    const m = multiKnapsack(1, 80, 8);
    const r = await solver.solve(m, { timeLimit: 2 });
    assert.equal(r.status, "time-limit");
    assert.ok(r.bound !== null && r.objective !== null, "an incumbent and a bound after 2 s");
    assertChecked(m, r);
    // maximisation: the proven bound (mip_dual_bound) is never below the incumbent
    assert.ok(r.bound >= r.objective - 1e-9, `bound ${r.bound} < incumbent ${r.objective}`);
    // The same problem as a minimisation with an offset: min -10000 - profit (a bound that left
    // out the offset would lie above the incumbent).
    const flipped: Model = { ...m, objective: { sense: "minimize", terms: m.objective.terms.map((t) => ({ ...t, coef: -t.coef })), offset: -10000 } };
    const f = await solver.solve(flipped, { timeLimit: 2 });
    assert.equal(f.status, "time-limit");
    assert.ok(f.bound !== null && f.objective !== null, "an incumbent and a bound after 2 s");
    assertChecked(flipped, f);
    assert.ok(f.bound <= f.objective + 1e-9, `minimisation bound ${f.bound} > incumbent ${f.objective}`);
  });

  it("stops when onProgress answers \"interrupt\" and reports progress fields", async () => {
    const m = multiKnapsack(2, 80, 8);
    const seen: SolveProgress[] = [];
    const r = await solver.solve(m, {
      timeLimit: 60,
      onProgress: (p) => {
        seen.push(p);
        return "interrupt";
      },
    });
    assert.equal(r.status, "interrupted");
    assert.equal(seen.length, 1);
    assert.ok(seen[0].seconds >= 0 && seen[0].nodes >= 0);
    if (r.values !== null) assertChecked(m, r);
  });

  it("stops when the AbortSignal fires (before or during the solve)", async () => {
    const m = multiKnapsack(3, 80, 8);
    const before = new AbortController();
    before.abort();
    assert.equal((await solver.solve(m, { signal: before.signal })).status, "interrupted");
    const during = new AbortController();
    const r = await solver.solve(m, { timeLimit: 60, signal: during.signal, onProgress: () => during.abort() });
    assert.equal(r.status, "interrupted");
  });

  it("turns an exception in onProgress into status error, then solves again", async () => {
    const r = await solver.solve(multiKnapsack(4, 80, 8), {
      timeLimit: 60,
      onProgress: () => {
        throw new Error("boom");
      },
    });
    assert.equal(r.status, "error");
    assert.match(r.message ?? "", /onProgress threw: .*boom/);
    assert.equal((await solver.solve(knapsack())).objective, 15);
  });

  it("accepts a MIP start (with heuristics and branching off, the start is the only incumbent)", async () => {
    const m = multiKnapsack(5, 80, 8);
    const start = new Float64Array(m.variables.length);
    start[3] = 1;
    start[7] = 1;
    const startObjective = checkSolution(m, start).objective;
    const solverOptions = {
      mip_max_nodes: 0,
      mip_heuristic_effort: 0,
      mip_heuristic_run_feasibility_jump: false,
      mip_heuristic_run_rins: false,
      mip_heuristic_run_rens: false,
      mip_heuristic_run_root_reduced_cost: false,
      mip_heuristic_run_zi_round: false,
      mip_heuristic_run_shifting: false,
    };
    const without = await solver.solve(m, { timeLimit: 30, solverOptions });
    assert.equal(without.objective, null, "control: no incumbent without the start");
    const r = await solver.solve(m, { timeLimit: 30, mipStart: start, solverOptions });
    assert.equal(r.status, "interrupted", r.message);
    assert.equal(r.objective, startObjective);
    assertChecked(m, r);
  });

  it("refuses bad options and models with a clear error instead of throwing", async () => {
    const m = knapsack();
    const bad = await solver.solve(m, { solverOptions: { no_such_option: 1 } });
    assert.equal(bad.status, "error");
    assert.match(bad.message ?? "", /no_such_option/);
    // The options "optimal" and "time-limit" are read against go through relativeGap and timeLimit.
    const loose = await solver.solve(m, { relativeGap: 0, solverOptions: { mip_rel_gap: 0.05 } });
    assert.equal(loose.status, "error");
    assert.match(loose.message ?? "", /solverOptions.mip_rel_gap = 0.05: set the gap with relativeGap/);
    assert.match((await solver.solve(m, { timeLimit: 10, solverOptions: { time_limit: 1000 } })).message ?? "", /solverOptions.time_limit = 1000: set the limit with timeLimit/);
    assert.match((await solver.solve(m, { solverOptions: { mip_abs_gap: 5 } })).message ?? "", /solverOptions.mip_abs_gap = 5/);
    assert.match((await solver.solve(m, { solverOptions: { objective_bound: 10 } })).message ?? "", /solverOptions.objective_bound: a cutoff changes what "infeasible" and "optimal" mean/);
    assert.equal((await solver.solve(m, { relativeGap: 0.01, solverOptions: { mip_rel_gap: 0.01, mip_abs_gap: 1e-7 } })).status, "optimal", "repeating the same values is fine");
    assert.match((await solver.solve(m, { timeLimit: 0 })).message ?? "", /timeLimit/);
    assert.match((await solver.solve(m, { mipStart: [1] })).message ?? "", /mipStart has 1 values/);
    const nanModel: Model = { ...m, variables: m.variables.map((v, j) => (j === 2 ? { ...v, ub: NaN } : v)) };
    const nan = await solver.solve(nanModel);
    assert.equal(nan.status, "error");
    assert.match(nan.message ?? "", /x\[2\].*NaN/);
    assert.equal((await solver.solve(m)).objective, 15, "the next solve works");
  });

  it("passes on HiGHS' own reason when it refuses the data (|coefficient| >= 1e15)", async () => {
    const b = new ModelBuilder("huge_coef");
    const x = b.addVariable("x", { ub: 1 });
    b.addLe("r", [[x, 1e30]], 1);
    b.setObjective("maximize", [[x, 1]]);
    const r = await solver.solve(b.build());
    assert.equal(r.status, "error");
    assert.match(r.message ?? "", /greater than 1e\+15/);
    assert.equal((await solver.solve(knapsack())).objective, 15, "the next solve works");
  });

  it("recovers from a genuine wasm crash (out of memory): the next solve works", async function () {
    this.timeout(120_000);
    // 10 million binaries: HiGHS' presolve runs out of the 2 GiB wasm heap and aborts.
    const v = { name: "x", lb: 0, ub: 1, type: "binary" as const };
    const huge: Model = { name: "huge", variables: new Array(10_000_000).fill(v), rows: [], objective: { sense: "minimize", terms: [], offset: 0 } };
    const restarts = solver.restarts;
    const r = await solver.solve(huge, { timeLimit: 60 });
    assert.equal(r.status, "error", `expected a crash, got ${r.status}`);
    assert.match(r.message ?? "", /Abort|RuntimeError|memory/i);
    const next = await solver.solve(knapsack());
    assert.equal(next.status, "optimal");
    assert.equal(next.objective, 15);
    assert.equal(solver.restarts, restarts + 1, "the runtime was re-instantiated once");
  });

  it("exports LP and MPS text written by HiGHS", async () => {
    const m = knapsack();
    const lp = await solver.exportModel(m, "lp");
    assert.match(lp, /max/i);
    assert.match(lp, /capacity:/);
    const mps = await solver.exportModel(m, "mps");
    assert.match(mps, /ROWS/);
    assert.match(mps, /x\[4\]/);
  });

  it("agrees with scipy.optimize.milp and CBC on random mixed MILPs; every answer passes the checker", async function () {
    this.timeout(120_000);
    const models = Array.from({ length: 12 }, (_, i) => mixedMilp(i + 1));
    const scipyAll = await solveAllWithScipy(models, { timeLimit: 30 });
    for (const [i, m] of models.entries()) {
      const r = await solver.solve(m, { timeLimit: 30 });
      const scipy = scipyAll[i];
      const cbc = await solveWithCbc(m, { timeLimit: 30 });
      assert.equal(r.status, scipy.status, `${m.name}: highs ${r.status} vs scipy ${scipy.status}`);
      assert.equal(r.status, cbc.status, `${m.name}: highs ${r.status} vs cbc ${cbc.status} (${cbc.message})`);
      assert.equal(r.status, "optimal", `${m.name}: mixedMilp is feasible and bounded by construction`);
      assertChecked(m, r);
      for (const other of [scipy, cbc]) {
        assert.ok(other.values !== null && checkSolution(m, other.values).feasible, `${m.name}: independent answer infeasible`);
        assert.ok(Math.abs((other.objective ?? NaN) - (r.objective ?? NaN)) <= 1e-6 * Math.max(1, Math.abs(r.objective ?? 0)), `${m.name}: highs ${r.objective} vs ${other.message} ${other.objective}`);
      }
    }
  });

  it("reads LP/MPS text (our writers' and its own export) back to the same optimum", async () => {
    for (let seed = 30; seed < 36; seed++) {
      const m = mixedMilp(seed);
      const direct = await solver.solve(m, { timeLimit: 30 });
      assert.equal(direct.status, "optimal");
      const texts: [string, string, "lp" | "mps"][] = [
        ["writeLp", writeLp(m), "lp"],
        ["writeMps", writeMps(m), "mps"],
        ["HiGHS lp", await solver.exportModel(m, "lp"), "lp"],
        ["HiGHS mps", await solver.exportModel(m, "mps"), "mps"],
      ];
      for (const [what, text, format] of texts) {
        const r = await solver.solveText(text, format, { timeLimit: 30 });
        assert.equal(r.status, "optimal", `${m.name} via ${what}: ${r.message ?? ""}`);
        assert.ok(Math.abs((r.objective ?? NaN) - (direct.objective ?? NaN)) <= 1e-6 * Math.max(1, Math.abs(direct.objective ?? 0)), `${m.name} via ${what}: ${r.objective} vs ${direct.objective}`);
      }
    }
    const bad = await solver.solveText("Minimize\n obj: x +\nSubject To\n c: x >= \nEnd\n", "lp");
    assert.equal(bad.status, "error");
  });
});
