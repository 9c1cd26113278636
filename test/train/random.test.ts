import { strict as assert } from "node:assert";
import { permutation, seededRandom } from "../../src/train/random";

describe("seeded random", () => {
  it("gives the same numbers for the same seed and others for another seed", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = [a(), a(), a()];
    assert.deepEqual([b(), b(), b()], xs);
    assert.notDeepEqual([c(), c(), c()], xs);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it("permutation holds every index once and is reproducible", () => {
    const p = permutation(1000, seededRandom(1));
    assert.deepEqual(Array.from(p).sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
    assert.deepEqual(permutation(1000, seededRandom(1)), p);
    assert.notDeepEqual(Array.from(p.subarray(0, 20)), Array.from({ length: 20 }, (_, i) => i));
  });
  it("continues exactly from a saved state", () => {
    const r = seededRandom(42);
    for (let i = 0; i < 100; i++) r();
    const copy = seededRandom(0, r.state());
    assert.deepEqual(Array.from({ length: 20 }, () => copy()), Array.from({ length: 20 }, () => r()));
  });
});
