import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatNetwork, loadNetwork, parseNetwork, saveNetwork } from "../../src/dnn/load";
import type { Network } from "../../src/dnn/network";
import { PROJECT_ROOT } from "../../src/paths";

/** A network file as loose JSON that tests can break in any way. */
interface RawLayer {
  kernel: unknown[][];
  bias: unknown[];
  activation?: unknown;
  [field: string]: unknown;
}
interface RawNetwork {
  layers: RawLayer[];
  training: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A valid 3 -> 2 -> 2 network as plain JSON, fresh on every call so tests can mutate it. */
function validJson(): RawNetwork {
  return {
    format: "relu-mlp/1",
    name: "tiny",
    inputSize: 3,
    layers: [
      { kernel: [[1, 2], [3, 4], [5, 6]], bias: [0.5, -0.5], activation: "relu" },
      { kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "linear" },
    ],
    training: { epochs: 50, batchSize: 128, optimizer: "adam", learningRate: 0.001, seed: 1, backend: "wasm", seconds: 1.5 },
    metrics: { testAccuracy: 0.9, trainAccuracy: 0.95 },
  };
}

/** Asserts that parsing the mutated JSON fails with exactly `message`. */
function rejects(mutate: (j: RawNetwork) => void, message: string): void {
  const j = validJson();
  mutate(j);
  assert.throws(() => parseNetwork(j, "t.json"), (e: Error) => {
    assert.equal(e.message, message);
    return true;
  });
}

describe("parseNetwork (format validation)", () => {
  it("accepts a valid file and copies it", () => {
    const j = validJson();
    const net = parseNetwork(j, "t.json");
    assert.deepEqual(net, j);
    j.layers[0].kernel[0][0] = 99;
    assert.equal(net.layers[0].kernel[0][0], 1);
  });

  it("refuses a wrong format tag", () => {
    rejects((j) => (j.format = "relu-mlp/2"), 't.json: format is "relu-mlp/2", expected "relu-mlp/1"');
  });

  it("refuses a kernel with the wrong number of rows or columns", () => {
    rejects((j) => j.layers[1].kernel.pop(), "t.json: layers[1].kernel has 1 rows, expected 2 (one per output of layers[0])");
    rejects((j) => j.layers[0].kernel.push([1, 1]), "t.json: layers[0].kernel has 4 rows, expected 3 (one per output of the input)");
    rejects((j) => j.layers[0].kernel[2].push(7), "t.json: layers[0].kernel[2] has 3 columns, expected 2");
    rejects((j) => ((j.layers[0].kernel as unknown[])[1] = 5), "t.json: layers[0].kernel[1] must be an array, got 5");
  });

  it("refuses a bias of the wrong length and a layer chain that does not match", () => {
    rejects((j) => j.layers[1].bias.push(1), "t.json: layers[1].kernel[0] has 2 columns, expected 3");
    rejects((j) => (j.layers[0].bias = []), "t.json: layers[0].bias is empty: a layer needs at least one unit");
    rejects((j) => (j.inputSize = 4), "t.json: layers[0].kernel has 3 rows, expected 4 (one per output of the input)");
  });

  it("refuses NaN, infinities and non-numbers", () => {
    rejects((j) => (j.layers[0].kernel[1][0] = NaN), "t.json: layers[0].kernel[1][0] must be a finite number, got NaN");
    rejects((j) => (j.layers[1].bias[1] = Infinity), "t.json: layers[1].bias[1] must be a finite number, got Infinity");
    rejects((j) => (j.layers[1].bias[0] = "0"), 't.json: layers[1].bias[0] must be a finite number, got "0"');
    rejects((j) => (j.layers[0].kernel[0][1] = null), "t.json: layers[0].kernel[0][1] must be a finite number, got null");
  });

  it("refuses an unknown activation", () => {
    rejects((j) => (j.layers[1].activation = "softmax"), 't.json: layers[1].activation is "softmax", expected one of "relu", "linear"');
    rejects((j) => delete j.layers[0].activation, 't.json: layers[0].activation is undefined, expected one of "relu", "linear"');
  });

  it("refuses bad top-level fields, unknown fields and an empty network", () => {
    rejects((j) => (j.inputSize = 0), "t.json: inputSize must be an integer >= 1, got 0");
    rejects((j) => (j.name = ""), 't.json: name must be a non-empty string, got ""');
    rejects((j) => (j.layers = []), "t.json: layers is empty: a network needs at least one layer");
    rejects((j) => (j.weights = []), "t.json: weights is not a known field (known: format, name, inputSize, layers, training, metrics)");
    rejects((j) => (j.layers[0].biases = []), "t.json: layers[0].biases is not a known field (known: kernel, bias, activation)");
    assert.throws(() => parseNetwork([1], "t.json"), /^Error: t\.json: the file must be an object, got an array$/);
  });

  it("refuses bad training and metrics fields", () => {
    rejects((j) => (j.training.epochs = 2.5), "t.json: training.epochs must be an integer >= 0, got 2.5");
    rejects((j) => delete j.training.seed, "t.json: training.seed must be a finite number, got undefined");
    rejects((j) => (j.training.optimizer = 3), "t.json: training.optimizer must be a non-empty string, got 3");
    rejects((j) => (j.metrics = { ...j.metrics, testAccuracy: 1.2 }), "t.json: metrics.testAccuracy must be in [0, 1], got 1.2");
    rejects((j) => delete j.metrics, "t.json: metrics must be an object, got undefined");
    rejects((j) => (j.training = { ...j.training, learningRate: -0.001 }), "t.json: training.learningRate must be >= 0, got -0.001");
    const j = validJson();
    j.training.initialNetwork = "dnn1";
    j.training.trainingExamples = 450;
    assert.equal(parseNetwork(j, "t.json").training.initialNetwork, "dnn1");
  });
});

describe("loadNetwork / saveNetwork", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "load-test-"));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("round-trips a network with full float64 precision, one kernel row per line", () => {
    const j = validJson();
    j.layers[0].kernel[0][0] = 0.1 + 0.2;
    j.layers[0].bias[1] = -1.2345678901234567e-12;
    const net = parseNetwork(j, "t.json");
    const file = path.join(dir, "sub", "tiny.json");
    saveNetwork(net, file);
    const back = loadNetwork(file);
    assert.deepEqual(back, net);
    assert.equal(back.layers[0].kernel[0][0], 0.30000000000000004);
    const text = fs.readFileSync(file, "utf8");
    assert.ok(text.includes("\n        [0.30000000000000004,2]"));
    assert.equal(text, formatNetwork(net));
  });

  it("refuses to save an invalid network", () => {
    const j = validJson();
    j.layers[0].bias[0] = NaN;
    assert.throws(() => saveNetwork(j as unknown as Network, path.join(dir, "bad.json")), /bad\.json: layers\[0\]\.bias\[0\] must be a finite number, got NaN/);
    assert.equal(fs.existsSync(path.join(dir, "bad.json")), false);
  });

  it("refuses a file loaded by name whose 'name' is another network's (its bounds and results caches)", () => {
    const file = path.join(PROJECT_ROOT, "data", "models", "zz-load-test.json");
    try {
      saveNetwork(parseNetwork({ ...validJson(), name: "dnn3" }, "t.json"), file);
      assert.throws(() => loadNetwork("zz-load-test"), /zz-load-test\.json: name must be "zz-load-test" \(the file's name\), got "dnn3"/);
      assert.equal(loadNetwork(file).name, "dnn3", "by path the file is read as it is");
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it("names the file when it is missing or not JSON or invalid", () => {
    assert.throws(() => loadNetwork("no-such-net"), /no-such-net: no network file at .*data\/models\/no-such-net\.json; shipped networks: /);
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "{ not json");
    assert.throws(() => loadNetwork(broken), /^Error: broken\.json: not valid JSON/);
    const invalid = path.join(dir, "invalid.json");
    const j = validJson();
    j.layers[1].kernel[1] = [1, 2, 3];
    fs.writeFileSync(invalid, JSON.stringify(j));
    assert.throws(() => loadNetwork(invalid), /^Error: invalid\.json: layers\[1\]\.kernel\[1\] has 3 columns, expected 2$/);
  });
});
