import { strict as assert } from "node:assert";
import { intervalBounds, intervalLayer, activationBounds } from "../../src/bounds/interval";
import { boundViolations } from "../../src/bounds/check";
import { domainArrays, domainTag, neuronPhases, stableCounts } from "../../src/bounds/types";
import { forward } from "../../src/dnn/forward";
import { seededInputs, seededNetwork } from "../tools/seeded-network";

describe("interval bounds", () => {
  it("computes b + Σ min/max(w l, w u) for one layer", () => {
    const layer = { kernel: [[1, -2], [3, 0.5]], bias: [0.5, -1], activation: "relu" as const };
    const b = intervalLayer(layer, { lower: [0, -1], upper: [1, 2] });
    // the exact bounds (all values are exact in binary), rounded outward by at most 1e-14
    const exact = { lower: [0.5 + 0 - 3, -1 - 2 - 0.5], upper: [0.5 + 1 + 6, -1 + 0 + 1] };
    for (let j = 0; j < 2; j++) {
      assert.ok(b.lower[j] < exact.lower[j] && exact.lower[j] - b.lower[j] < 1e-14, `lower[${j}] = ${b.lower[j]}`);
      assert.ok(b.upper[j] > exact.upper[j] && b.upper[j] - exact.upper[j] < 1e-14, `upper[${j}] = ${b.upper[j]}`);
    }
    assert.deepEqual(activationBounds(layer, { lower: [-1, 2], upper: [3, 4] }), { lower: [0, 2], upper: [3, 4] });
  });

  it("rounds outward: holds for the exact sum where float64 cancellation loses it", () => {
    // 1e16 + 1 − 1e16 is 1, but float64 adds it up to 0 (1e16 + 1 rounds to 1e16)
    const layer = { kernel: [[1e16], [1], [-1e16]], bias: [0], activation: "relu" as const };
    const b = intervalLayer(layer, { lower: [1, 1, 1], upper: [1, 1, 1] });
    assert.ok(b.lower[0] <= 1 && b.upper[0] >= 1, `[${b.lower[0]}, ${b.upper[0]}] misses the exact value 1`);
    assert.ok(b.upper[0] - b.lower[0] < 100, "the widening stays of the order of the error bound");
    // a sum of exact zeros is the bias, exact: a bound of exactly 0 is not moved, so its neuron stays stable
    const active = intervalLayer({ kernel: [[0.5], [2]], bias: [0], activation: "relu" }, { lower: [0, 0], upper: [1, 1] });
    assert.equal(active.lower[0], 0);
    // but a product that underflows to 0 is not exact: 1e-200 · 1e-200 is 1e-400, not 0
    const tiny = intervalLayer({ kernel: [[1e-200]], bias: [0], activation: "relu" }, { lower: [1e-200], upper: [1e-200] });
    assert.ok(tiny.lower[0] < 0 && tiny.upper[0] > 0, `[${tiny.lower[0]}, ${tiny.upper[0]}] misses 1e-400`);
    assert.ok(active.upper[0] > 2.5 && active.upper[0] - 2.5 < 1e-14);
  });

  for (const [lower, upper] of [[0, 1], [-1, 1], [0, 1.5]]) {
    it(`is sound over [${lower}, ${upper}]: random inputs and corners stay inside, layer 1 is attained`, () => {
      const net = seededNetwork(21, [12, 10, 8, 6]);
      const bounds = intervalBounds(net, { lower, upper });
      const inputs = seededInputs(22, 500, 12, lower, upper);
      for (let c = 0; c < 64; c++) inputs.push(Float64Array.from({ length: 12 }, (_, i) => ((c * 2654435761) >>> i) & 1 ? upper : lower));
      for (const x of inputs) assert.deepEqual(boundViolations(bounds, forward(net, x)), []);
      // layer 1 is exact: the corner chosen by the sign of the weights attains the upper bound
      const j = 3;
      const corner = net.layers[0].kernel.map((row) => (row[j] >= 0 ? upper : lower));
      assert.ok(Math.abs(forward(net, corner).preActivations[0][j] - bounds[0].upper[j]) < 1e-12);
    });
  }

  it("is caught when wrong: shrinking a bound produces a violation", () => {
    const net = seededNetwork(21, [12, 10, 8, 6]);
    const bounds = intervalBounds(net, { lower: 0, upper: 1 });
    const corner = net.layers[0].kernel.map((row) => (row[0] >= 0 ? 1 : 0));
    const shrunk = bounds.map((l, k) => (k === 0 ? { lower: l.lower, upper: l.upper.map((u, j) => (j === 0 ? u - 1e-3 : u)) } : l));
    assert.equal(boundViolations(shrunk, forward(net, corner)).length, 1);
  });

  it("validates and tags input domains", () => {
    assert.throws(() => domainArrays({ lower: [0, 0], upper: 1 }, 3), /inputDomain.lower has 2 values, the network has 3 inputs/);
    assert.throws(() => domainArrays({ lower: 1, upper: 0 }, 2), /lower\[0\] = 1 exceeds upper\[0\] = 0/);
    assert.deepEqual([domainTag({ lower: 0, upper: 1 }), domainTag({ lower: -1, upper: 1 }), domainTag({ lower: 0, upper: 1.5 })], ["", "m1-1", "0-1.5"]);
    assert.deepEqual(stableCounts({ lower: [-1, 0, -2], upper: [1, 2, 0] }), { active: 1, inactive: 1, unstable: 1 });
    // the phases behind the counts, per neuron, as the encoder eliminates them (upper <= 0 first: a neuron fixed at 0 is inactive)
    assert.deepEqual(neuronPhases({ lower: [-1, 0, -2, 0], upper: [1, 2, 0, 0] }), ["unstable", "active", "inactive", "inactive"]);
  });
});
