import { strict as assert } from "node:assert";
import { forward } from "../../src/dnn/forward";
import { ascendPreActivations, ascentViolations, projectToBallBox } from "../../src/bounds/ascent-check";
import { intervalBounds } from "../../src/bounds/interval";
import { firstLayerBallBounds, intersect, knapsackMax, l1BallBounds } from "../../src/bounds/l1-ball";
import type { NetworkBounds } from "../../src/bounds/types";
import { seeded as seededRandom, tinyNetwork as seededNetwork } from "../attack/seeded";

/** A random point of the ball: a sparse perturbation of `center` scaled to L1 ≤ radius, clipped to [0, 1]. */
function samplePoint(center: Float64Array, radius: number, rnd: () => number, vertex: boolean): Float64Array {
  const n = center.length;
  const k = 1 + Math.floor(rnd() * (vertex ? 3 : 12));
  const x = Float64Array.from(center);
  const dirs = Array.from({ length: k }, () => [Math.floor(rnd() * n), rnd() * 2 - 1] as const);
  const norm = dirs.reduce((s, [, d]) => s + Math.abs(d), 0);
  const scale = (vertex ? radius : radius * rnd()) / norm;
  for (const [i, d] of dirs) x[i] = Math.min(1, Math.max(0, x[i] + d * scale));
  return x;
}

function l1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s;
}

describe("l1BallBounds (bounds over the L1 ball of an incumbent)", () => {
  it("intersects per unit, and keeps the hull where rounding makes two sound intervals cross", () => {
    const r = intersect({ lower: [0, 1, -2], upper: [4, 1 + 1e-13, 3] }, { lower: [1, 1 + 2e-13, -5], upper: [5, 2, 1] });
    assert.deepEqual(r, { lower: [1, 1, -2], upper: [4, 2, 1] });
  });

  const net = seededNetwork(11, [40, 12, 8, 6, 4]);
  const rnd = seededRandom(5);
  const center = Float64Array.from({ length: 40 }, () => (rnd() < 0.6 ? 0 : rnd()));
  const lower = new Float64Array(40);
  const upper = new Float64Array(40).fill(1);

  it("the knapsack value is attained by a constructed point of the ball", () => {
    const radius = 2.5;
    const layer = net.layers[0];
    const b = firstLayerBallBounds(layer, center, lower, upper, radius);
    for (let j = 0; j < layer.bias.length; j++) {
      const c = layer.kernel.map((row) => row[j]);
      const { value, pixels, moves } = knapsackMax(c, center, lower, upper, radius);
      const x = Float64Array.from(center);
      pixels.forEach((i, m) => (x[i] += moves[m]));
      assert.ok(l1(x, center) <= radius + 1e-12, "constructed point leaves the ball");
      assert.ok(x.every((v) => v >= 0 && v <= 1), "constructed point leaves [0, 1]");
      const at = forward(net, x).preActivations[0][j];
      const base = forward(net, center).preActivations[0][j];
      assert.ok(Math.abs(at - base - value) < 1e-9, `unit ${j}: point gives ${at - base}, knapsack ${value}`);
      assert.ok(Math.abs(b.upper[j] - at) < 1e-6, `unit ${j}: upper bound ${b.upper[j]} is not attained (${at})`);
    }
  });

  it("no sampled point of the ball leaves any layer's bounds, and the bounds are tighter than interval ones", () => {
    for (const radius of [0.3, 1.5, 4]) {
      const bounds = l1BallBounds(net, center, radius);
      assert.equal(bounds.l1Ball.radius, radius);
      for (let s = 0; s < 600; s++) {
        const x = samplePoint(center, radius, rnd, s % 3 === 0);
        assert.ok(l1(x, center) <= radius + 1e-12);
        const pres = forward(net, x).preActivations;
        pres.forEach((p, k) =>
          p.forEach((v, j) => {
            const { lower: lo, upper: hi } = bounds.layers[k];
            assert.ok(v >= lo[j] && v <= hi[j], `radius ${radius}, layer ${k + 1} unit ${j}: ${v} outside [${lo[j]}, ${hi[j]}]`);
          }),
        );
      }
    }
    const interval = intervalBounds(net, { lower: 0, upper: 1 });
    const ball = l1BallBounds(net, center, 0.3);
    const width = (b: { lower: readonly number[]; upper: readonly number[] }): number => b.upper.reduce((s, u, j) => s + u - b.lower[j], 0);
    assert.ok(width(ball.layers[0]) < 0.5 * width(interval[0]), "a small ball should tighten layer 1");
  });

  it("no input the gradient ascent finds inside the ball leaves the bounds, and it reaches the exact layer-1 bounds", () => {
    for (const radius of [0.3, 1.5, 4]) {
      const bounds = l1BallBounds(net, center, radius);
      const starts = [center, samplePoint(center, radius, rnd, true), samplePoint(center, radius, rnd, false)];
      const ascent = ascendPreActivations(net, { lower: 0, upper: 1 }, { starts, ball: { center, radius } });
      assert.deepEqual(ascentViolations(bounds.layers, ascent), [], `radius ${radius}`);
      // layer 1's bounds are exact (the knapsack): the ascent gets within 2 % of their width on most units
      const first = bounds.layers[0];
      const reached = first.upper.filter((u, j) => ascent.highest[0][j] >= u - 0.02 * (u - first.lower[j])).length;
      assert.ok(reached >= 0.75 * first.upper.length, `radius ${radius}: ${reached} of ${first.upper.length} exact upper bounds reached`);
    }
  });

  it("projectToBallBox: the closest point of the ball inside the box", () => {
    const c = Float64Array.of(0, 0.5, 1);
    const x = Float64Array.of(0.9, 0.1, 0.2);
    projectToBallBox(x, c, 0.5, [0, 0, 0], [1, 1, 1]);
    // v = x − c = (0.9, −0.4, −0.8); λ = 0.6 fits the radius: Σ max(0, |v_j| − 0.6) = 0.3 + 0 + 0.2 = 0.5
    assert.ok(Math.abs(x[0] - 0.3) < 1e-9 && Math.abs(x[1] - 0.5) < 1e-9 && Math.abs(x[2] - 0.8) < 1e-9, `${Array.from(x)}`);
    const inside = Float64Array.of(0.1, 0.5, 0.9);
    projectToBallBox(inside, c, 0.5, [0, 0, 0], [1, 1, 1]);
    assert.deepEqual(Array.from(inside), [0.1, 0.5, 0.9]);
    const outOfBox = Float64Array.of(-3, 0.5, 1);
    projectToBallBox(outOfBox, c, 5, [0, 0, 0], [1, 1, 1]);
    assert.deepEqual(Array.from(outOfBox), [0, 0.5, 1]);
    // the box clips after the threshold: (2, 0.5) from c = 0, radius 1, in [0, 1]^2 → λ = 0.5 → (1, 0);
    // clipping first, then thresholding, would give (0.75, 0.25)
    const y = Float64Array.of(2, 0.5);
    projectToBallBox(y, [0, 0], 1, [0, 0], [1, 1]);
    assert.ok(Math.abs(y[0] - 1) < 1e-9 && Math.abs(y[1]) < 1e-9, `${Array.from(y)}`);
    // the closest point: no other point of the set is nearer (random candidates)
    const target = Float64Array.of(0.95, 0.05, 0.3);
    const p = Float64Array.from(target);
    projectToBallBox(p, c, 0.4, [0, 0, 0], [1, 1, 1]);
    const dist = (a: ArrayLike<number>) => Math.hypot(a[0] - target[0], a[1] - target[1], a[2] - target[2]);
    for (let s = 0; s < 2000; s++) {
      const q = Float64Array.from([0, 1, 2], (j) => Math.min(1, Math.max(0, c[j] + (rnd() * 2 - 1) * 0.4)));
      const l = Math.abs(q[0] - c[0]) + Math.abs(q[1] - c[1]) + Math.abs(q[2] - c[2]);
      if (l <= 0.4) assert.ok(dist(q) >= dist(p) - 1e-9, `${Array.from(q)} is nearer than ${Array.from(p)}`);
    }
  });

  it("back-substitution tightens the deeper layers beyond interval arithmetic (both sound by the sampling above)", () => {
    const deep = l1BallBounds(net, center, 1.5);
    const flat = l1BallBounds(net, center, 1.5, { deep: "interval" });
    let gained = 0;
    for (let k = 1; k < net.layers.length; k++) {
      deep.layers[k].upper.forEach((u, j) => {
        assert.ok(u <= flat.layers[k].upper[j] + 1e-9 && deep.layers[k].lower[j] >= flat.layers[k].lower[j] - 1e-9);
        gained += flat.layers[k].upper[j] - u + deep.layers[k].lower[j] - flat.layers[k].lower[j];
      });
    }
    assert.ok(gained > 0.1, `back-substitution gained only ${gained}`);
    const rnd2 = seededRandom(8);
    for (let s = 0; s < 300; s++) {
      const pres = forward(net, samplePoint(center, 1.5, rnd2, s % 2 === 0)).preActivations;
      pres.forEach((p, k) => p.forEach((v, j) => assert.ok(v >= deep.layers[k].lower[j] && v <= deep.layers[k].upper[j])));
    }
  });

  it("intersects with global bounds and keeps their method", () => {
    const interval = intervalBounds(net, { lower: 0, upper: 1 });
    const shrunk = interval.map((b) => ({ lower: b.lower.map((v) => v / 2), upper: b.upper.map((v) => v / 2) }));
    const global: NetworkBounds = { network: net.name, method: "lp", seconds: 0, inputDomain: { lower: 0, upper: 1 }, layers: shrunk };
    const big = l1BallBounds(net, center, 100, { global });
    assert.equal(big.method, "lp");
    big.layers.forEach((b, k) => b.upper.forEach((u, j) => assert.ok(u <= shrunk[k].upper[j] + 1e-12)));
  });

  it("rejects a bad radius or image", () => {
    assert.throws(() => l1BallBounds(net, center, -1), /radius/);
    assert.throws(() => l1BallBounds(net, center.subarray(1), 1), /39 pixels/);
  });

  it("refuses a domain wider than the global bounds' (they need not hold there) and accepts a narrower one", () => {
    const layers = intervalBounds(net, { lower: 0, upper: 1 });
    const global: NetworkBounds = { network: net.name, method: "lp", seconds: 0, inputDomain: { lower: 0, upper: 1 }, layers };
    assert.throws(() => l1BallBounds(net, center, 1, { global, inputDomain: { lower: -1, upper: 1 } }), /reaches outside the domain of the global bounds/);
    assert.doesNotThrow(() => l1BallBounds(net, center, 1, { global, inputDomain: { lower: 0, upper: 0.99 } }));
  });
});
