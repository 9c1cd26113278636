/**
 * `npx tsx scripts/robustness-pipeline.ts [--dry-run]`
 *
 * Regenerates every artefact of the robustness study (thesis 3.4, 4.3; notebooks 05-07) by running,
 * in dependency order, the command each artefact lists in `ROBUSTNESS_ARTEFACTS`
 * (`kernel-helpers/robustness-artefacts.ts`): the adversarial data sets (resumable: rows already
 * there are kept), CR/PR and PGD retraining, the five input perturbations, then the evaluation with
 * the adversarial distance (finished attacks on unchanged networks are reused). Hours of CPU on two
 * cores; `npm run replicate -- --full` runs it before the notebooks. Stops at the first failing step.
 */
import { spawnSync } from "node:child_process";
import { robustnessCommands } from "../kernel-helpers/robustness-artefacts";
import { parseFlags } from "../src/cli/flags";
import { PROJECT_ROOT } from "../src/paths";

/** Runs every step (or prints them with `dryRun`); returns the exit code of the first failure, or 0. */
export function runRobustnessPipeline(dryRun: boolean, log: (line: string) => void): number {
  const steps = robustnessCommands();
  for (const [k, command] of steps.entries()) {
    log(`[robustness ${k + 1}/${steps.length}] ${command}`);
    if (dryRun) continue;
    const started = Date.now();
    const r = spawnSync("sh", ["-c", command], { cwd: PROJECT_ROOT, stdio: "inherit" });
    const code = r.status ?? 1;
    log(`[robustness ${k + 1}/${steps.length}] ${code === 0 ? "done" : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (code !== 0) return code;
  }
  return 0;
}

if (require.main === module) {
  const flags = parseFlags(process.argv.slice(2), { values: [], switches: ["--dry-run"], usage: "usage: npx tsx scripts/robustness-pipeline.ts [--dry-run]" });
  process.exit(runRobustnessPipeline(flags.has("--dry-run"), (line) => process.stderr.write(`${line}\n`)));
}
