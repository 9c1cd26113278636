import { strict as assert } from "node:assert";
import { estimateRemaining, formatDuration, formatProgress, Progress } from "../../src/bench/progress";

describe("progress line", () => {
  it("formats durations", () => {
    assert.equal(formatDuration(42.4), "42s");
    assert.equal(formatDuration(185), "3m05s");
    assert.equal(formatDuration(7620), "2h07m");
    assert.equal(formatDuration(Number.NaN), "?");
  });

  it("shows done/total, running solved %, elapsed and ETA from the mean time per job", () => {
    const state = { done: 4, total: 10, solved: 3, errors: 1, elapsedSeconds: 20 };
    assert.equal(estimateRemaining(state), 30);
    assert.equal(formatProgress(state, "dnn1/base #7"), "[4/10] solved 75.0% | errors 1 | 20s elapsed | ETA 30s | dnn1/base #7");
    assert.equal(formatProgress({ ...state, done: 0, solved: 0, errors: 0 }), "[0/10] solved - | errors 0 | 20s elapsed | ETA ?");
  });

  it("prints one line per job when not a TTY, redraws with \\r on a TTY", () => {
    let t = 0;
    const plain: string[] = [];
    const p = new Progress(2, { write: (s: string) => plain.push(s) }, () => t);
    t = 1000;
    p.record("solved");
    t = 3000;
    p.record("error");
    p.finish();
    assert.deepEqual(plain, ["[1/2] solved 100.0% | errors 0 | 1s elapsed | ETA 1s\n", "[2/2] solved 50.0% | errors 1 | 3s elapsed | ETA 0s\n"]);
    const tty: string[] = [];
    const q = new Progress(2, { write: (s: string) => tty.push(s), isTTY: true }, () => 0);
    q.record("unsolved", "a long label");
    q.record("solved");
    q.finish();
    assert.ok(tty[0].startsWith("\r[1/2] solved 0.0%"));
    assert.ok(tty[1].startsWith("\r[2/2] solved 50.0%"));
    assert.equal(tty[1].length, tty[0].length, "a shorter line is padded over the longer one");
    assert.equal(tty[2], "\n");
  });
});
