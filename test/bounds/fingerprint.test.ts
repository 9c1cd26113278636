import { strict as assert } from "node:assert";
import { findAdversarialExample } from "../../src/adversarial";
import { computeBounds } from "../../src/bounds/compute";
import { checkBoundsNetwork, networkFingerprint } from "../../src/bounds/fingerprint";
import { l1BallBounds } from "../../src/bounds/l1-ball";
import { encodeNetwork } from "../../src/encode/network";
import { ModelBuilder } from "../../src/milp/model";
import { HighsSolver } from "../../src/solver/highs";
import { seededNetwork } from "../tools/seeded-network";

describe("bounds carry the fingerprint of the weights they were computed for", () => {
  // Same layer sizes, different weights: A's bounds are no bounds of B.
  const a = seededNetwork(51, [2, 12, 10]);
  const b = seededNetwork(56, [2, 12, 10]);

  it("computeBounds and l1BallBounds stamp it; it changes with the weights", async () => {
    const fa = networkFingerprint(a);
    assert.equal((await computeBounds(a, { method: "interval" })).networkFingerprint, fa);
    assert.equal(l1BallBounds(a, [0.3, 0.6], 0.5).networkFingerprint, fa);
    assert.notEqual(networkFingerprint(b), fa);
    const nudged = { ...a, layers: a.layers.map((l, k) => (k === 0 ? { ...l, bias: l.bias.map((v, j) => (j === 0 ? v + 1e-12 : v)) } : l)) };
    assert.notEqual(networkFingerprint(nudged), fa, "a change of 1e-12 in one bias is another network");
  });

  it("encodeNetwork and findAdversarialExample refuse another network's bounds, naming the field", async () => {
    const boundsOfA = await computeBounds(a, { method: "interval" });
    assert.throws(() => encodeNetwork(new ModelBuilder(), b, boundsOfA), /bounds field "networkFingerprint": the interval bounds of seeded51 were computed for weights [0-9a-f]{16}, network seeded56 has/);
    const solver = await HighsSolver.create();
    await assert.rejects(findAdversarialExample(b, [0.3, 0.65], { solver, bounds: boundsOfA, timeLimit: 10 }), /networkFingerprint/);
    assert.doesNotThrow(() => encodeNetwork(new ModelBuilder(), a, boundsOfA));
  });

  it("lets bounds without a fingerprint through (hand-written or older files): only their shape is checked", async () => {
    const { networkFingerprint: _, ...bare } = await computeBounds(a, { method: "interval" });
    assert.doesNotThrow(() => checkBoundsNetwork(bare, b));
    assert.doesNotThrow(() => encodeNetwork(new ModelBuilder(), b, bare));
  });
});
