import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPool, type JobOutcome } from "../../src/bench/pool";
import type { CheapJob, CheapResult } from "./fixtures/cheap-job";
import { cheapJobs } from "./fixtures/cheap-rows";

const handlerModule = require.resolve("./fixtures/cheap-job");

function run(jobs: CheapJob[], workers: number, watchdogSeconds = 30): Promise<{ outcomes: JobOutcome<CheapJob, CheapResult>[]; summary: Awaited<ReturnType<typeof runPool>> }> {
  const outcomes: JobOutcome<CheapJob, CheapResult>[] = [];
  return runPool<CheapJob, CheapResult>(jobs, { handlerModule, workers, watchdogSeconds }, (o) => outcomes.push(o)).then(
    (summary) => ({ outcomes, summary }),
  );
}

describe("runPool (worker_threads running TypeScript handlers through tsx)", () => {
  it("runs every job once on several workers, with the handler's real result", async () => {
    // 1 s per job: enough work that the second worker has booted (a tsx start, slower on a loaded machine) before the first is through the queue.
    const { outcomes, summary } = await run(cheapJobs(8, 1000), 2);
    assert.equal(summary.completed, 8);
    assert.equal(summary.failed, 0);
    const byIndex = new Map(outcomes.map((o) => [o.job.index, o]));
    assert.equal(byIndex.size, 8);
    // the 3-2-1 network of the fixture at input [x, 1, 2x]: h = relu([x + 0.5 - 2x, -x + 2 + 2x + 0.5]),
    // out = relu(h0 - 0.5 h1 + 1); x = 0: h = [0.5, 2.5] -> 0.25; x = 1: h = [0, 3.5] -> 0 (relu of -0.75)
    const first = byIndex.get(0);
    const second = byIndex.get(1);
    assert.ok(first?.ok && second?.ok);
    assert.equal(first.result.output, 0.25);
    assert.equal(second.result.output, 0);
    const threads = new Set(outcomes.map((o) => (o.ok ? o.result.threadId : -1)));
    assert.ok(!threads.has(0), "jobs run in worker threads, not the main thread");
    assert.equal(threads.size, 2, "both workers took jobs");
  });

  it("reports a throwing job as failed and keeps the worker", async () => {
    const jobs = cheapJobs(3, 0).map((j) => (j.index === 1 ? { ...j, kind: "throw" as const } : j));
    const { outcomes, summary } = await run(jobs, 1);
    assert.equal(summary.completed, 2);
    assert.equal(summary.replacedWorkers, 0);
    const failed = outcomes.find((o) => !o.ok);
    assert.ok(failed && !failed.ok);
    assert.equal(failed.job.index, 1);
    assert.match(failed.error, /job 1 refused/);
  });

  it("reports a crashing or exiting worker's job as failed, replaces the worker and goes on", async () => {
    const jobs = cheapJobs(5, 0).map((j) =>
      j.index === 1 ? { ...j, kind: "crash" as const } : j.index === 3 ? { ...j, kind: "exit" as const } : j,
    );
    const { outcomes, summary } = await run(jobs, 1);
    assert.equal(summary.completed, 3);
    assert.equal(summary.failed, 2);
    assert.equal(summary.replacedWorkers, 2);
    const errors = new Map(outcomes.filter((o) => !o.ok).map((o) => [o.job.index, o.ok ? "" : o.error]));
    assert.match(errors.get(1) ?? "", /worker crashed: .*blew up on job 1/);
    assert.match(errors.get(3) ?? "", /exited with code 3 mid-job/);
    assert.deepEqual(outcomes.filter((o) => o.ok).map((o) => o.job.index).sort(), [0, 2, 4]);
  });

  it("drops a replacement worker that dies while booting and finishes the run on the others", async () => {
    const poisonFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pool-poison-")), "poison");
    const jobs = cheapJobs(6, 0).map((j) => (j.index === 0 ? { ...j, kind: "exit-and-poison" as const } : { ...j, delayMs: 100 }));
    const outcomes: JobOutcome<CheapJob, CheapResult>[] = [];
    const summary = await runPool<CheapJob, CheapResult>(jobs, { handlerModule, workers: 2, watchdogSeconds: 30, init: { poisonFile } }, (o) => outcomes.push(o));
    assert.deepEqual([summary.completed, summary.failed, summary.replacedWorkers], [5, 1, 1]);
    const first = outcomes.find((o) => o.job.index === 0);
    assert.ok(first && !first.ok && /exited with code 3 mid-job/.test(first.error), "the job that killed its worker failed");
    fs.rmSync(path.dirname(poisonFile), { recursive: true, force: true });
  });

  it("terminates a hung worker after its watchdog and records the job as failed", async () => {
    const jobs = cheapJobs(3, 0).map((j) => (j.index === 0 ? { ...j, kind: "hang" as const } : j));
    const { outcomes, summary } = await run(jobs, 1, 1.5);
    assert.equal(summary.completed, 2);
    const hung = outcomes.find((o) => o.job.index === 0);
    assert.ok(hung && !hung.ok);
    assert.match(hung.error, /watchdog: no answer within 1.5 s/);
  });

  it("refuses a pool without workers instead of waiting forever", async () => {
    for (const workers of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(run(cheapJobs(2, 0), workers), /runPool: workers must be an integer >= 1, got/);
    }
  });

  it("refuses a watchdog setTimeout cannot hold; a per-job one that is bad fails only that job", async () => {
    for (const seconds of [0, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) {
      await assert.rejects(run(cheapJobs(2, 0), 1, seconds), /runPool: watchdogSeconds must be a number in \(0, \d+\], got/);
    }
    const outcomes: JobOutcome<CheapJob, CheapResult>[] = [];
    const summary = await runPool<CheapJob, CheapResult>(cheapJobs(3, 0), { handlerModule, workers: 1, watchdogSeconds: (job) => (job.index === 1 ? Number.NaN : 30) }, (o) => outcomes.push(o));
    assert.deepEqual([summary.completed, summary.failed], [2, 1]);
    const bad = outcomes.find((o) => !o.ok);
    assert.ok(bad && !bad.ok && bad.job.index === 1 && /watchdogSeconds must be/.test(bad.error));
  });

  it("fails the run when the handler module cannot create a handler", async () => {
    await assert.rejects(
      runPool(cheapJobs(2, 0), { handlerModule: require.resolve("../../src/bench/progress"), workers: 1, watchdogSeconds: 5 }, () => undefined),
      /does not export createJobHandler/,
    );
  });
});
