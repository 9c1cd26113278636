import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROBUSTNESS_ARTEFACTS, artefactPath, robustnessCommands, artefactPresent, artefactStatusRows, type ArtefactKey } from "../../kernel-helpers/robustness-artefacts";

describe("kernel-helpers/robustness-artefacts", () => {
  it("reports each artefact as present or with the command that generates it", () => {
    const keys = Object.keys(ROBUSTNESS_ARTEFACTS) as ArtefactKey[];
    // Every artefact is committed: all present here, with sizes.
    for (const row of artefactStatusRows(keys)) {
      assert.match(String(row.status), /^✓ present \(.*kB\)$/, String(row.file));
      assert.equal(row["to generate"], "");
    }
    // In an empty folder none is, and each row gives its command; a file put there turns its row.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "artefacts-"));
    try {
      const missing = artefactStatusRows(keys, root);
      missing.forEach((row, i) => {
        assert.equal(row.status, "✗ not yet generated");
        assert.equal(row["to generate"], ROBUSTNESS_ARTEFACTS[keys[i]].how);
      });
      fs.mkdirSync(path.dirname(artefactPath("pgd", root)), { recursive: true });
      fs.writeFileSync(artefactPath("pgd", root), "{}");
      assert.ok(artefactPresent("pgd", root) && !artefactPresent("cr", root));
      assert.match(String(artefactStatusRows(["pgd"], root)[0].status), /^✓ present/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("names commands of scripts that exist", () => {
    for (const a of Object.values(ROBUSTNESS_ARTEFACTS)) {
      const script = /scripts\/[\w-]+\.ts/.exec(a.how)?.[0];
      assert.ok(script !== undefined && fs.existsSync(script), `${a.path}: ${a.how}`);
    }
  });

  it("regenerates each committed perturbation with the settings its file records", () => {
    for (const v of ["gp", "gp-min-distance", "cp", "only-weights", "only-disturbances"] as const) {
      assert.ok(artefactPresent(v), `${artefactPath(v)} is committed`);
      const { settings } = JSON.parse(fs.readFileSync(artefactPath(v), "utf8")) as { settings: { timeLimitPerSolve: number; start: string; searchBudget?: number } };
      const how = ROBUSTNESS_ARTEFACTS[v].how;
      assert.match(how, new RegExp(`--time-limit ${settings.timeLimitPerSolve}\\b`), `${v}: ${how}`);
      if (settings.start === "search") assert.match(how, new RegExp(`--start search --search-budget ${settings.searchBudget}\\b`), `${v}: ${how}`);
      else assert.doesNotMatch(how, /--start search/, `${v}: ${how}`);
    }
  });

  it("regenerates in dependency order, each command once", () => {
    const steps = robustnessCommands();
    assert.equal(new Set(steps).size, steps.length);
    const stage = (c: string): number => ["robustness-datasets", "robustness-retrain", "robustness-perturb", "robustness-evaluate"].findIndex((s) => c.includes(`scripts/${s}.ts`));
    const stages = steps.map(stage);
    assert.ok(stages.every((s) => s >= 0), steps.join("\n"));
    assert.deepEqual(stages, [...stages].sort((a, b) => a - b));
    assert.ok(steps.some((c) => c.includes("--split test")) && steps[steps.length - 1].includes("--distance"));
  });
});
