import { strict as assert } from "node:assert";
import { indexListFlag, listFlag, numberFlag, parseFlags } from "../../src/cli/flags";

describe("parseFlags (script arguments)", () => {
  const spec = { values: ["--net", "--time-limit"], switches: ["--distance"] };

  it("reads value flags and switches in any order", () => {
    const m = parseFlags(["--distance", "--net", "dnn2", "--time-limit", "60"], spec);
    assert.deepEqual([...m], [["--distance", "1"], ["--net", "dnn2"], ["--time-limit", "60"]]);
  });

  it("names an unknown flag, a repeated flag and a flag missing its value", () => {
    assert.throws(() => parseFlags(["--nett", "dnn2"], spec), /unknown argument "--nett"/);
    assert.throws(() => parseFlags(["--net"], spec), /--net needs a value/);
    assert.throws(() => parseFlags(["--net", "--distance"], spec), /--net needs a value/);
    // a repeated flag would silently keep only its last value
    assert.throws(() => parseFlags(["--net", "dnn1", "--net", "dnn2"], spec), /--net is given twice/);
    assert.throws(() => parseFlags(["--distance", "--distance"], spec), /--distance is given twice/);
  });

  it("appends the usage to errors when given", () => {
    assert.throws(() => parseFlags(["-x"], { ...spec, usage: "usage: thing" }), /usage: thing/);
  });

  it("reads numbers of a kind, naming the flag and the value when they are not", () => {
    const m = new Map([["--images", "25"], ["--time-limit", "2.5"], ["--zero", "0"], ["--frac", "2.5"], ["--empty", ""]]);
    assert.equal(numberFlag(m, "--images", 100, "positive integer"), 25);
    assert.equal(numberFlag(m, "--time-limit", 300), 2.5);
    assert.equal(numberFlag(m, "--absent", 7), 7);
    assert.equal(numberFlag(m, "--zero", 5, "integer >= 0"), 0);
    assert.throws(() => numberFlag(m, "--zero", 5), /--zero must be a positive number, got "0"/);
    assert.throws(() => numberFlag(m, "--frac", 5, "positive integer"), /--frac must be a positive integer, got "2.5"/);
    assert.throws(() => numberFlag(m, "--frac", 5, "integer >= 0"), /--frac must be a whole number >= 0, got "2.5"/);
    assert.throws(() => numberFlag(m, "--empty", 5), /--empty must be a positive number, got ""/);
    assert.throws(() => numberFlag(new Map([["--t", "Infinity"]]), "--t", 5), /--t must be a positive number/);
    // plain decimal only, as the MILP CLI has it: Number() would read these as 16, 2 and 1000
    for (const text of ["0x10", "0b10", "1_000"]) assert.throws(() => numberFlag(new Map([["--n", text]]), "--n", 5), /--n must be a positive number/, text);
    assert.equal(numberFlag(new Map([["--n", "1e-3"]]), "--n", 5), 0.001);
  });

  it("reads lists and index lists, refusing empty entries and non-indices", () => {
    const m = new Map([["--models", "dnn1,dnn5"], ["--indices", "1, 11,13"], ["--bad", "dnn1,,dnn2"], ["--neg", "1,-2"]]);
    assert.deepEqual(listFlag(m, "--models", ["x"]), ["dnn1", "dnn5"]);
    assert.deepEqual(listFlag(m, "--absent", ["x"]), ["x"]);
    assert.deepEqual(indexListFlag(m, "--indices"), [1, 11, 13]);
    assert.equal(indexListFlag(m, "--absent"), null);
    assert.throws(() => listFlag(m, "--bad", []), /--bad must be a comma-separated list without empty entries, got "dnn1,,dnn2"/);
    assert.throws(() => indexListFlag(m, "--neg"), /--neg must be a whole number >= 0, got "-2"/);
  });
});
