import { strict as assert } from "node:assert";
import { computeBounds } from "../../src/bounds/compute";
import { intervalBounds } from "../../src/bounds/interval";
import { loadMnist } from "../../src/data/mnist";
import { forward } from "../../src/dnn/forward";
import type { Network } from "../../src/dnn/network";
import { encodeNetwork, forwardAssignment, LAYER_ENCODERS, encoderFor } from "../../src/encode";
import { checkSolution } from "../../src/milp/check";
import { ModelBuilder } from "../../src/milp/model";
import { HighsSolver } from "../../src/solver/highs";
import type { LayerBounds } from "../../src/bounds/types";
import { seededInputs, seededNetwork, seededRandom } from "../tools/seeded-network";
import { shippedNetworks } from "../tools/shipped";

/** The model of `net` with x^0 fixed to `input` (bounds over [0, 1]) and the forward-pass assignment. */
function fixedInputModel(net: Network, bounds: readonly LayerBounds[], input: ArrayLike<number>, eliminateStable: boolean, objectiveSeed: number) {
  const b = new ModelBuilder("fixed");
  const fixed = Array.from(input);
  const enc = encodeNetwork(b, net, bounds, { inputDomain: { lower: fixed, upper: fixed }, eliminateStable });
  const rnd = seededRandom(objectiveSeed);
  b.setObjective(
    "maximize",
    enc.x[enc.x.length - 1].map((v) => [v, rnd() * 2 - 1] as const),
  );
  const model = b.build();
  const values = new Float64Array(model.variables.length);
  const trace = forward(net, input);
  forwardAssignment(enc, input, trace, values);
  return { model, enc, values, trace };
}

describe("encodeNetwork (7b)-(7i)", () => {
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  it("has one encoder per activation in the lookup table, and refuses others by name", () => {
    assert.deepEqual(Object.keys(LAYER_ENCODERS).sort(), ["linear", "relu"]);
    assert.throws(() => encoderFor("sigmoid", 2), /layer 2: activation "sigmoid" is not supported/);
  });

  it("writes (7b)-(7d) with M+ = max(0, upper), M- = max(0, -lower) and binary z (thesis model)", () => {
    const net = seededNetwork(3, [2, 3, 2]);
    const bounds: LayerBounds[] = [
      { lower: [-2, 0.5, -3], upper: [1.5, 2, -0.25] },
      { lower: [-1, -1], upper: [1, 1] },
    ];
    const b = new ModelBuilder("m");
    const enc = encodeNetwork(b, net, bounds, { eliminateStable: false });
    const m = b.build();
    const row = (name: string) => m.rows.find((r) => r.name === name)!;
    const z = enc.z[1][0]!;
    const x = enc.x[1][0];
    const s = enc.s[1][0]!;
    assert.equal(m.variables[z].type, "binary");
    assert.deepEqual([m.variables[x].lb, m.variables[x].ub, m.variables[s].lb, m.variables[s].ub], [0, 1.5, 0, 2]);
    assert.deepEqual(row("xz[1][0]").terms, [{ v: x, coef: 1 }, { v: z, coef: 1.5 }]);
    assert.equal(row("xz[1][0]").ub, 1.5);
    assert.deepEqual(row("sz[1][0]").terms, [{ v: s, coef: 1 }, { v: z, coef: -2 }]);
    const pre = row("pre[1][0]");
    assert.equal(pre.lb, -net.layers[0].bias[0]);
    assert.equal(pre.ub, -net.layers[0].bias[0]);
    assert.equal(enc.binaries, 5);
    // a stable-inactive unit keeps x, s, z in the thesis model, with M+ = 0
    assert.equal(m.variables[enc.x[1][2]].ub, 0);
    assert.notEqual(enc.z[1][2], null);
  });

  it("eliminates stable units: lower >= 0 is linear, upper <= 0 is x = 0, no binaries", () => {
    const net = seededNetwork(3, [2, 3, 2]);
    const bounds: LayerBounds[] = [
      { lower: [-2, 0.5, -3], upper: [1.5, 2, -0.25] },
      { lower: [-1, -1], upper: [1, 1] },
    ];
    const b = new ModelBuilder("m");
    const enc = encodeNetwork(b, net, bounds);
    const m = b.build();
    assert.equal(enc.binaries, 3);
    assert.deepEqual(enc.stable, [{ active: 1, inactive: 1 }, { active: 0, inactive: 0 }]);
    assert.deepEqual([enc.s[1][1], enc.z[1][1], enc.s[1][2], enc.z[1][2]], [null, null, null, null]);
    assert.deepEqual([m.variables[enc.x[1][1]].lb, m.variables[enc.x[1][1]].ub], [0.5, 2]);
    assert.deepEqual([m.variables[enc.x[1][2]].lb, m.variables[enc.x[1][2]].ub], [0, 0]);
    assert.equal(m.rows.filter((r) => r.name.endsWith("[1][2]")).length, 0);
  });

  it("rejects bounds that do not fit the layer, naming layer and unit", () => {
    const net = seededNetwork(3, [2, 3, 2]);
    assert.throws(() => encodeNetwork(new ModelBuilder(), net, [{ lower: [0, 0], upper: [1, 1] }, { lower: [0, 0], upper: [1, 1] }]), /bounds of layer 1 have 2 entries, the layer has 3 units/);
    assert.throws(
      () => encodeNetwork(new ModelBuilder(), net, [{ lower: [0, 0, 2], upper: [1, 1, 1] }, { lower: [0, 0], upper: [1, 1] }]),
      /layer 1, unit 2: lower 2 exceeds upper 1/,
    );
  });

  for (const eliminateStable of [true, false]) {
    it(`with its input fixed reproduces the forward pass of seeded networks (eliminateStable ${eliminateStable})`, async () => {
      let solved = 0;
      for (const [seed, sizes, last] of [
        [11, [5, 7, 6, 4], "relu"],
        [12, [8, 10, 10, 10], "relu"],
        [13, [6, 5, 5, 5, 3], "linear"],
      ] as const) {
        const net = seededNetwork(seed, [...sizes], last);
        const bounds = intervalBounds(net, { lower: 0, upper: 1 });
        for (const [i, input] of seededInputs(seed + 100, 12, sizes[0]).entries()) {
          const { model, enc, values, trace } = fixedInputModel(net, bounds, input, eliminateStable, seed * 31 + i);
          // the forward pass satisfies every row and bound of the model...
          assert.ok(checkSolution(model, values).feasible, `forward pass violates the model (seed ${seed}, input ${i})`);
          // ...and is the only solution: maximising a random direction of x^K gives x^K exactly
          if (i % 3 === 0) {
            for (const sense of ["maximize", "minimize"] as const) {
              const r = await solver.solve({ ...model, objective: { ...model.objective, sense } }, { timeLimit: 10 });
              assert.equal(r.status, "optimal");
              assert.ok(checkSolution(model, r.values!).feasible);
              enc.x[enc.x.length - 1].forEach((v, j) => assert.ok(Math.abs(r.values![v] - trace.output[j]) < 1e-6, `x^K_${j}: ${r.values![v]} vs ${trace.output[j]}`));
              solved++;
            }
          }
        }
      }
      assert.ok(solved >= 20);
    });
  }

  it("encodes several copies on given input variables (prefix, inputVars, upToLayer)", async () => {
    const net = seededNetwork(14, [4, 5, 3]);
    const bounds = intervalBounds(net, { lower: 0, upper: 1 });
    const b = new ModelBuilder("copies");
    const inputs = b.addVariables("pix", 4, { lb: 0.25, ub: 0.25 });
    const a = encodeNetwork(b, net, bounds, { inputVars: inputs, prefix: "a_" });
    const c = encodeNetwork(b, net, bounds, { inputVars: inputs, prefix: "c_", eliminateStable: false, upToLayer: 1 });
    assert.equal(a.x[0], inputs);
    assert.equal(c.x.length, 2);
    b.setObjective("maximize", [[a.x[1][0], 1], [c.x[1][0], -1]]);
    const r = await solver.solve(b.build(), { timeLimit: 10 });
    assert.equal(r.status, "optimal");
    const trace = forward(net, [0.25, 0.25, 0.25, 0.25]);
    a.x[1].forEach((v, j) => assert.ok(Math.abs(r.values![v] - trace.activations[0][j]) < 1e-7 && Math.abs(r.values![c.x[1][j]] - r.values![v]) < 1e-7));
    assert.throws(() => encodeNetwork(b, net, bounds, { inputVars: inputs.slice(1) }), /inputVars has 3 variables, the network has 4 inputs/);
    const wide = [...inputs.slice(0, 3), b.addVariable("pix_wide", { lb: 0, ub: 1.5 })];
    assert.throws(() => encodeNetwork(b, net, bounds, { inputVars: wide }), /inputVars\[3\] \(pix_wide\) has bounds \[0, 1.5\] outside the input domain \[0, 1\]/);
    assert.throws(() => encodeNetwork(new ModelBuilder(), net, bounds, { upToLayer: 3 }), /upToLayer must be an integer in 0..2/);
  });

  it("refuses an input domain outside the domain the bounds were computed for", async () => {
    const net = seededNetwork(14, [4, 5, 3]);
    const bounds = await computeBounds(net, { method: "interval" });
    assert.throws(() => encodeNetwork(new ModelBuilder(), net, bounds, { inputDomain: { lower: -1, upper: 1 } }), /inputDomain lies outside the domain the interval bounds of seeded14 were computed for/);
    assert.doesNotThrow(() => encodeNetwork(new ModelBuilder(), net, bounds, { inputDomain: { lower: 0.2, upper: 0.5 } }));
  });

  it("a wrong activation breaks the model: the checker sees a ReLU output changed", () => {
    const net = seededNetwork(11, [5, 7, 6, 4]);
    const bounds = intervalBounds(net, { lower: 0, upper: 1 });
    const { model, enc, values } = fixedInputModel(net, bounds, seededInputs(1, 1, 5)[0], false, 1);
    values[enc.x[2][0]] += 0.01;
    assert.equal(checkSolution(model, values).feasible, false);
  });

  it("with its input fixed reproduces the forward pass of every shipped network on MNIST test images", async () => {
    const nets = shippedNetworks();
    assert.deepEqual(nets.map((n) => n.name), ["dnn1", "dnn2", "dnn3", "dnn4", "dnn5"], "the five shipped networks");
    const mnist = loadMnist("test", { limit: 200 });
    for (const net of nets) {
      const bounds = intervalBounds(net, { lower: 0, upper: 1 });
      for (let i = 0; i < 100; i++) {
        const image = mnist.images[i * 2];
        const eliminateStable = i % 2 === 0;
        const { model, enc, values, trace } = fixedInputModel(net, bounds, image, eliminateStable, i);
        assert.ok(checkSolution(model, values).feasible, `${net.name} image ${i * 2}: forward pass violates the model`);
        if (i % 10 === 0) {
          const r = await solver.solve(model, { timeLimit: 20 });
          assert.equal(r.status, "optimal", `${net.name} image ${i * 2}: ${r.status} ${r.message ?? ""}`);
          assert.ok(checkSolution(model, r.values!).feasible);
          enc.x[enc.x.length - 1].forEach((v, j) => assert.ok(Math.abs(r.values![v] - trace.output[j]) < 1e-5, `${net.name} image ${i * 2} x^K_${j}`));
        }
      }
    }
  });
});

