import { strict as assert } from "node:assert";
import { lpNames, writeLp } from "../../src/milp/lp-format";
import { ModelBuilder, type Model } from "../../src/milp/model";
import { solveWithCbc } from "../tools/independent-solver";
import { mixedMilp } from "../tools/random-milp";

function small(): Model {
  const b = new ModelBuilder("small");
  const x = b.addVariable("x[0]", { lb: -Infinity, ub: Infinity });
  const y = b.addVariable("y", { lb: -Infinity, ub: 4 });
  const z = b.addVariable("z", { type: "binary" });
  const n = b.addVariable("n", { type: "integer", lb: -3, ub: 7 });
  const f = b.addVariable("fixed", { lb: 2.5, ub: 2.5 });
  b.addVariable("unused", { lb: 0, ub: Infinity });
  b.addEq("eq", [[x, 1], [y, -1]], 1);
  b.addRow("rng", [[x, 0.1], [n, 1], [f, -1]], -2, 3);
  b.addLe("cap", [[z, 3], [n, 1e-7]], 4.5);
  b.addRow("free_row", [[z, 1]], -Infinity, Infinity);
  b.setObjective("minimize", [[x, 1], [z, -2], [n, 1]], -1.5);
  return b.build();
}

const EXPECTED = `\\ Model small: 6 variables, 4 rows (written by src/milp/lp-format.ts)
Minimize
 obj: + 1 x_0_ - 2 z + 1 n - 1.5
Subject To
 eq: + 1 x_0_ - 1 y = 1
 rng_lo: + 0.1 x_0_ + 1 n - 1 fixed >= -2
 rng_hi: + 0.1 x_0_ + 1 n - 1 fixed <= 3
 cap: + 3 z + 1e-7 n <= 4.5
\\ row free_row has no finite side and is omitted
Bounds
 x_0_ free
 -inf <= y <= 4
 -3 <= n <= 7
 fixed = 2.5
 unused >= 0
Binaries
 z
Generals
 n
End
`;

describe("writeLp (our CPLEX-LP writer)", () => {
  it("writes the documented text: ranged rows split, free/fixed/-inf bounds, binaries, generals, offset", () => {
    assert.equal(writeLp(small()), EXPECTED);
  });

  it("is deterministic", () => {
    const m = mixedMilp(3);
    assert.equal(writeLp(m), writeLp(m));
  });

  it("makes names LP-safe and unique, keeping room for the split ranged-row names", () => {
    const b = new ModelBuilder("names");
    const v = [b.addVariable("a[1]"), b.addVariable("a_1_"), b.addVariable("e1x"), b.addVariable("_2")];
    b.addLe("r", [[v[0], 1]], 1);
    b.addLe("r_lo", [[v[1], 1]], 1);
    const m = b.build();
    const { cols, rows } = lpNames(m);
    assert.deepEqual(cols, ["a_1_", "a_1_~1", "_e1x", "_2"]);
    assert.deepEqual(rows, ["r", "r_lo~1"]);
  });

  it("refuses NaN data, naming the row", () => {
    const m = small();
    const bad: Model = { ...m, rows: m.rows.map((r) => (r.name === "cap" ? { ...r, ub: NaN } : r)) };
    assert.throws(() => writeLp(bad), /row "cap": bound is NaN/);
  });

  it("is read by CBC (coinor-cbc) with the known optimum of a ranged/equality model", async () => {
    // min x - 2z + n - 1.5 s.t. x - y = 1, y <= 4, 0.5 <= 0.1x + n <= 5.5, 3z <= 4.5 (z = 1),
    // n in [-3, 7]: on 0.1x + n = 0.5, x + n = 5 - 9n is least at n = 7, x = -65, y = -66.
    const m = small();
    const r = await solveWithCbc(m, { timeLimit: 30 });
    assert.equal(r.status, "optimal", r.message);
    assert.ok(r.values !== null);
    assert.deepEqual(Array.from(r.values, (v) => Math.round(v * 1e6) / 1e6), [-65, -66, 1, 7, 2.5, 0]);
    assert.ok(Math.abs((r.objective ?? NaN) - (-65 - 2 + 7 - 1.5)) < 1e-6);
  });
});
