import { strict as assert } from "node:assert";
import { loadMnist, type MnistSet } from "../../src/data/mnist";
import { accuracy } from "../../src/dnn/accuracy";
import { architectureOf, THESIS_NETWORKS } from "../../src/dnn/architectures";
import { loadNetwork } from "../../src/dnn/load";
import { layerSizes } from "../../src/dnn/network";

/** Thesis 4: at least 92 % for DNN1, DNN2, DNN4; 84 % for DNN3; 86 % for DNN5. */
const MINIMUM_TEST_ACCURACY = { dnn1: 0.92, dnn2: 0.92, dnn3: 0.84, dnn4: 0.92, dnn5: 0.86 };

describe("shipped networks data/models/dnn1..dnn5.json", () => {
  let test: MnistSet;
  before(() => {
    test = loadMnist("test");
  });

  for (const name of THESIS_NETWORKS) {
    it(`${name}: thesis architecture, all ReLU, float64 test accuracy reproduces metrics.testAccuracy`, () => {
      const net = loadNetwork(name);
      assert.equal(net.name, name);
      assert.deepEqual(layerSizes(net), [784, ...architectureOf(name)]);
      assert.ok(net.layers.every((l) => l.activation === "relu"), "every layer, the output included, is ReLU");
      assert.equal(net.training.epochs, 50);
      const measured = accuracy(net, test);
      assert.ok(Math.abs(measured - net.metrics.testAccuracy) <= 0.0005, `${measured} vs ${net.metrics.testAccuracy}`);
      assert.ok(measured >= MINIMUM_TEST_ACCURACY[name], `${name}: ${measured}`);
    });
  }
});
