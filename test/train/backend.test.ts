import { strict as assert } from "node:assert";
import * as tf from "@tensorflow/tfjs";
import { backendFlag, describeBackend, selectBackend, useBackend } from "../../src/train/backend";

function tfjsNodeLoads(): boolean {
  try {
    require("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
}

describe("tfjs backend selection", () => {
  after(async () => {
    await selectBackend();
  });

  it("reads a --backend flag: absent, one of the three names, or an error naming them", () => {
    assert.equal(backendFlag(undefined), undefined);
    assert.equal(backendFlag("wasm"), "wasm");
    assert.throws(() => backendFlag("gpu"), /--backend must be one of tensorflow, wasm, cpu, got "gpu"/);
  });

  it("picks tensorflow, else wasm, and says why a faster one was skipped", async () => {
    const choice = await selectBackend();
    assert.equal(tf.getBackend(), choice.backend);
    if (!tfjsNodeLoads()) {
      assert.equal(choice.backend, "wasm");
      assert.equal(choice.skipped[0].backend, "tensorflow");
      assert.match(choice.skipped[0].reason, /@tensorflow\/tfjs-node does not load/);
      assert.match(await describeBackend(choice), /^tfjs backend: wasm \(SIMD (on|off), threads (on|off)\) \[tensorflow unavailable/);
    } else {
      assert.equal(choice.backend, "tensorflow", "tfjs-node loads, so it is the one picked");
    }
  });

  it("switches to cpu and back; computes the same product on both", async () => {
    const product = (): number[] => tf.tidy(() => Array.from(tf.tensor2d([[1, 2], [3, 4]]).matMul(tf.tensor2d([[5], [6]])).dataSync()));
    await useBackend("cpu");
    assert.equal(tf.getBackend(), "cpu");
    const onCpu = product();
    await useBackend("wasm");
    assert.equal(tf.getBackend(), "wasm");
    assert.deepEqual(product(), onCpu);
    assert.deepEqual(onCpu, [17, 39]);
  });
});
