import { strict as assert } from "node:assert";
import { checkSolution } from "../../src/milp/check";
import { ModelBuilder, type Model } from "../../src/milp/model";
import { mpsNames, writeMps } from "../../src/milp/mps-format";
import { solveWithCbc } from "../tools/independent-solver";
import { mixedMilp } from "../tools/random-milp";

function small(): Model {
  const b = new ModelBuilder("small mps");
  const x = b.addVariable("x[0]", { lb: -Infinity, ub: Infinity });
  const y = b.addVariable("y", { lb: -Infinity, ub: 4 });
  const z = b.addVariable("z", { type: "binary" });
  const n = b.addVariable("n", { type: "integer", lb: -3, ub: 7 });
  const f = b.addVariable("fixed", { lb: 2.5, ub: 2.5 });
  const m = b.addVariable("m", { type: "integer" });
  b.addEq("eq", [[x, 1], [y, -1]], 1);
  b.addRow("rng", [[x, 0.1], [n, 1], [f, -1]], -2, 3);
  b.addLe("cap", [[z, 3], [n, 1e-7], [m, 1]], 4.5);
  b.addRow("free_row", [[z, 1]], -Infinity, Infinity);
  b.setObjective("minimize", [[x, 1], [z, -2], [n, 1], [m, -1]], -1.5);
  return b.build();
}

const EXPECTED = `NAME small_mps
OBJSENSE
    MIN
ROWS
 N  obj
 E  eq
 G  rng
 L  cap
COLUMNS
    x[0]  obj 1
    x[0]  eq 1
    x[0]  rng 0.1
    y  eq -1
    MARKER0  'MARKER'  'INTORG'
    z  obj -2
    z  cap 3
    n  obj 1
    n  rng 1
    n  cap 1e-7
    MARKER1  'MARKER'  'INTEND'
    fixed  rng -1
    MARKER2  'MARKER'  'INTORG'
    m  obj -1
    m  cap 1
    MARKER3  'MARKER'  'INTEND'
RHS
    RHS  obj 1.5
    RHS  eq 1
    RHS  rng -2
    RHS  cap 4.5
RANGES
    RNG  rng 5
BOUNDS
 FR BND  x[0]
 MI BND  y
 UP BND  y 4
 BV BND  z
 LO BND  n -3
 UP BND  n 7
 FX BND  fixed 2.5
 LO BND  m 0
 PL BND  m
ENDATA
`;

describe("writeMps (our free-MPS writer)", () => {
  it("writes the documented text: ranges, markers, explicit integer bounds, objective constant", () => {
    assert.equal(writeMps(small()), EXPECTED);
  });

  it("keeps names but replaces whitespace and reserved names, uniquely", () => {
    const b = new ModelBuilder("n");
    b.addVariable("a_b");
    const m: Model = { ...b.build(), variables: [{ name: "a b", lb: 0, ub: 1, type: "continuous" }, { name: "a_b", lb: 0, ub: 1, type: "continuous" }, { name: "RHS", lb: 0, ub: 1, type: "continuous" }] };
    assert.deepEqual(mpsNames(m).cols, ["a_b", "a_b~1", "RHS~1"]);
  });

  it("is read by CBC with the same optimum as from our LP file, on random mixed MILPs", async function () {
    this.timeout(60_000);
    for (let seed = 20; seed < 26; seed++) {
      const m = mixedMilp(seed);
      const fromMps = await solveWithCbc(m, { format: "mps", timeLimit: 20 });
      const fromLp = await solveWithCbc(m, { format: "lp", timeLimit: 20 });
      assert.equal(fromMps.status, "optimal", `${m.name}: ${fromMps.message}`);
      assert.ok(fromMps.values !== null && checkSolution(m, fromMps.values).feasible, `${m.name}: CBC's MPS answer violates the model`);
      assert.ok(Math.abs((fromMps.objective ?? NaN) - (fromLp.objective ?? NaN)) < 1e-6, `${m.name}: mps ${fromMps.objective} vs lp ${fromLp.objective}`);
    }
    const s = await solveWithCbc(small(), { format: "mps", timeLimit: 20 });
    // x = -65, n = 7 as in the LP test; 3z + m <= 4.5 - 7e-7: z = 0, m = 4 (-4) beats z = 1, m = 1 (-3).
    assert.ok(Math.abs((s.objective ?? NaN) - (-65 + 7 - 4 - 1.5)) < 1e-6, `small: ${s.objective}`);
  });
});
