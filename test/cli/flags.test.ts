import { strict as assert } from "node:assert";
import { parseFlags } from "../../src/cli/flags";

describe("parseFlags (script arguments)", () => {
  const spec = { values: ["--net", "--time-limit"], switches: ["--distance"] };

  it("reads value flags and switches in any order", () => {
    const m = parseFlags(["--distance", "--net", "dnn2", "--time-limit", "60"], spec);
    assert.deepEqual([...m], [["--distance", "1"], ["--net", "dnn2"], ["--time-limit", "60"]]);
  });

  it("names an unknown flag and a flag missing its value", () => {
    assert.throws(() => parseFlags(["--nett", "dnn2"], spec), /unknown argument "--nett"/);
    assert.throws(() => parseFlags(["--net"], spec), /--net needs a value/);
    assert.throws(() => parseFlags(["--net", "--distance"], spec), /--net needs a value/);
  });

  it("appends the usage to errors when given", () => {
    assert.throws(() => parseFlags(["-x"], { ...spec, usage: "usage: thing" }), /usage: thing/);
  });
});
