// Mocha reporter: the usual `spec` output, then one plain closing line that CI reads,
// e.g. "mocha: 42 passed, 0 failed". A run that executed no test prints "0 passed" and fails.
"use strict";
const Mocha = require("mocha");
const Spec = Mocha.reporters.Spec;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let pending = 0;
    runner.on("pass", () => { passed += 1; });
    runner.on("fail", () => { failed += 1; });
    runner.on("pending", () => { pending += 1; });
    runner.once("end", () => {
      const skipped = pending > 0 ? `, ${pending} skipped` : "";
      process.stdout.write(`\nmocha: ${passed} passed, ${failed} failed${skipped}\n`);
      if (passed + failed === 0) {
        process.stdout.write("mocha: no test was executed\n");
        process.exitCode = 1;
      }
    });
  }
}
module.exports = SummaryReporter;
