import { strict as assert } from "node:assert";
import { l1BallBounds } from "../../src/bounds/l1-ball";
import { tightenBallBoundsLp } from "../../src/best/ball-lp";
import { forward } from "../../src/dnn/forward";
import { HighsSolver } from "../../src/solver/highs";
import { seeded, tinyNetwork } from "../attack/seeded";

describe("tightenBallBoundsLp (LP bounds over the L1 ball with the cap)", () => {
  it("never loosens the ball bounds, tightens some, and no sampled point of the ball leaves them", async () => {
    const solver = await HighsSolver.create();
    const net = tinyNetwork(31, [20, 10, 8, 6, 4]);
    const rnd = seeded(3);
    const center = Float64Array.from({ length: 20 }, () => (rnd() < 0.5 ? 0 : rnd()));
    const radius = 2;
    const ball = l1BallBounds(net, center, radius);
    const { bounds, lps } = await tightenBallBoundsLp(net, ball, { solver });
    assert.ok(lps > 0);
    let gained = 0;
    bounds.layers.forEach((l, k) =>
      l.upper.forEach((u, j) => {
        assert.ok(u <= ball.layers[k].upper[j] && l.lower[j] >= ball.layers[k].lower[j]);
        gained += ball.layers[k].upper[j] - u + l.lower[j] - ball.layers[k].lower[j];
      }),
    );
    assert.ok(gained > 0.05, `LP gained only ${gained}`);
    for (let s = 0; s < 800; s++) {
      const x = Float64Array.from(center);
      const picks = 1 + Math.floor(rnd() * 4);
      const dirs = Array.from({ length: picks }, () => [Math.floor(rnd() * 20), rnd() * 2 - 1] as const);
      const norm = dirs.reduce((a, [, d]) => a + Math.abs(d), 0);
      for (const [i, d] of dirs) x[i] = Math.min(1, Math.max(0, x[i] + (d * radius) / norm));
      forward(net, x).preActivations.forEach((p, k) =>
        p.forEach((v, j) => assert.ok(v >= bounds.layers[k].lower[j] && v <= bounds.layers[k].upper[j], `layer ${k + 1} unit ${j}: ${v}`)),
      );
    }
  });
});
