import { strict as assert } from "node:assert";
import { loadMnist, type MnistSet } from "../../src/data/mnist";
import { THESIS_NETWORKS } from "../../src/dnn/architectures";
import { forward } from "../../src/dnn/forward";
import { loadNetwork } from "../../src/dnn/load";
import { useBackend } from "../../src/train/backend";
import { modelFromNetwork, tfPredict } from "../../src/train/tf-model";

describe("float64 forward pass vs tfjs prediction (shipped networks)", () => {
  let test: MnistSet;
  before(async () => {
    await useBackend("wasm");
    test = loadMnist("test", { limit: 300 });
  });

  for (const name of THESIS_NETWORKS) {
    it(`${name}: same outputs to 1e-4 and same class on 300 test images`, () => {
      const net = loadNetwork(name);
      const model = modelFromNetwork(net);
      try {
        const predicted = tfPredict(model, test.images);
        let decided = 0;
        test.images.forEach((image, i) => {
          const exact = forward(net, image).output;
          const approx = predicted[i];
          for (let j = 0; j < exact.length; j++) {
            const err = Math.abs(exact[j] - approx[j]);
            assert.ok(err <= 1e-4 * Math.max(1, Math.abs(exact[j])), `${name} image ${i} output ${j}: ${exact[j]} vs ${approx[j]}`);
          }
          // Compare the predicted class where the top two outputs are not within float32 noise.
          const sorted = Array.from(exact).sort((a, b) => b - a);
          if (sorted[0] - sorted[1] > 1e-3) {
            decided++;
            const best = exact.indexOf(sorted[0]);
            assert.equal(approx.indexOf(Math.max(...approx)), best, `${name} image ${i}: class differs`);
          }
        });
        assert.ok(decided > 250, `${name}: only ${decided} images with a clear margin`);
      } finally {
        model.dispose();
      }
    });
  }
  it("tfPredict refuses an input of the wrong length, naming it", () => {
    const model = modelFromNetwork(loadNetwork("dnn1"));
    try {
      assert.throws(() => tfPredict(model, [test.images[0], test.images[1].slice(1)]), /tfPredict: inputs\[1\] has 783 values, the model expects 784/);
    } finally {
      model.dispose();
    }
  });
});
