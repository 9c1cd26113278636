import { strict as assert } from "node:assert";
import { parseNativeOutput } from "../../src/bench/native-highs";

describe("native HiGHS output (scripts/native_highs.py)", () => {
  const line = (fields: Record<string, unknown>): string => JSON.stringify({ status: "optimal", objective: 1.5, seconds: 0.2, cpuSeconds: 0.19, ...fields });

  it("reads one checked result per model", () => {
    assert.deepEqual(parseNativeOutput(`${line({})}\n${line({ status: "time-limit", objective: null })}\n`, 2), [
      { status: "optimal", objective: 1.5, seconds: 0.2, cpuSeconds: 0.19 },
      { status: "time-limit", objective: null, seconds: 0.2, cpuSeconds: 0.19 },
    ]);
  });

  it("names a missing line, a line that is not JSON and a bad field with its model", () => {
    assert.throws(() => parseNativeOutput(line({}), 2), /expected 2 result lines, got 1/);
    assert.throws(() => parseNativeOutput(`${line({})}\nTraceback (most recent call last)`, 2), /model 1: not JSON: Traceback/);
    assert.throws(() => parseNativeOutput(line({ seconds: "fast" }), 1), /model 0: seconds must be a finite number, got "fast"/);
    assert.throws(() => parseNativeOutput(line({ status: 3 }), 1), /model 0: status must be a string, got 3/);
    assert.throws(() => parseNativeOutput(line({ objective: "1" }), 1), /model 0: objective must be a number or null/);
  });
});
