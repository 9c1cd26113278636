import * as path from "node:path";
import { RESULTS_DIR } from "../paths";
import { readResults } from "./results-store";
import { BENCH_METHODS, BENCH_STATUSES, type BenchMethod, type BenchRow, type BenchTable } from "./row";
import { isThesisNetwork, THESIS_NETWORKS } from "../dnn/architectures";
import { thesisCell, type ThesisCell } from "./thesis-tables";
import { milpBoundsLimits, milpBoundsNote, type MilpBoundsLimit } from "./milp-bounds-limits";
import { wilsonInterval } from "./statistics";
import { isSolved, rowGap } from "./row-outcome";
import { coverageMarkdown } from "./coverage";
import { fmt } from "./format";
import { THESIS_MIN_ACTIVATION, THESIS_RATIO } from "./study-settings";

export { isSolved, rowGap, fmt };
export { coverageMarkdown, requiredImages } from "./coverage";

/**
 * Tables 2 and 3 of the thesis (section 4.2) computed from our results files, with the thesis'
 * figures beside ours. Every function returns data plus markdown, so notebook 04 can render
 * the same tables.
 *
 * Definitions (as in the thesis):
 * - Solved %: rows proven optimal (Table 3: stopped within the 1 % relative gap) with an example
 *   that passed the float64 re-check, or proven infeasible, within the time limit, over all rows
 *   of the cell; a failed row (status "error")
 *   counts as not solved, so a crash on a hard instance cannot raise the figure. Beside it, the
 *   Wilson 95 % interval of that share (`wilsonInterval`, statistics.ts): on 25 images, 25 solved
 *   still means 87-100 %.
 * - Gap %: mean over ALL rows of the cell of the final relative gap (l1 − bound) / l1 × 100;
 *   a solved Table-2 row contributes its (≈ 0) gap, a Table-3 row whatever gap ≤ 1 % it stopped
 *   at, a time-limited row its gap at the limit, and a row with no adversarial example found
 *   100 % (no incumbent: nothing is known to be within any gap of the bound).
 * - Nodes, Time s: means over all rows; time-limited rows are included with their (≈ limit) time.
 * - Presolve s: seconds to compute the bounds of (network, method), once per cell.
 * - Rows with status "error" (crashed or hung jobs) are excluded from every other mean and counted apart.
 */

/** Our statistics for one network × method cell. */
export interface CellStats {
  readonly table: BenchTable;
  readonly model: string;
  readonly method: BenchMethod;
  /** Instances of the cell: every row, failed ones included (the denominator of Solved %). */
  readonly n: number;
  /** Of those, rows with status "error": counted as not solved, left out of the other means. */
  readonly errors: number;
  /** Solved rows over all rows, errors included (as not solved). */
  readonly solvedPercent: number;
  /** Wilson 95 % interval of {@link solvedPercent}, in percent ([NaN, NaN] without rows). */
  readonly solvedInterval: readonly [number, number];
  readonly gapPercent: number;
  readonly nodes: number;
  readonly presolveSeconds: number;
  readonly seconds: number;
  /** Distinct per-image time limits among the rows (one, normally). */
  readonly timeLimits: readonly number[];
  /** Mean CPU seconds per row of the worker thread (rows that measured it; NaN if none). */
  readonly cpuSeconds: number;
  /** Rows behind {@link cpuSeconds} (older rows did not measure it). */
  readonly cpuRows: number;
  /**
   * Time-limited rows whose worker got less than {@link STARVED_SHARE} of the wall-clock limit as
   * CPU: the machine's load cut them short, and they might have been solved on an idle machine.
   */
  readonly starved: number;
  /** Time-limited rows. */
  readonly timeLimited: number;
  /** Mean 1-minute load average while the rows were written (NaN if not recorded). */
  readonly loadAverage: number;
  /** Rows holding an adversarial example that the float64 forward pass did NOT confirm. */
  readonly unverified: number;
  /** The thesis' figures for this cell, or null (our `best` method, unknown network). */
  readonly thesis: ThesisCell | null;
  /**
   * The computations of the bounds the cell's rows were built on (by `boundsCreatedAt`, else by
   * `presolveSeconds`), with their row counts; more than one means the cell mixes bounds files.
   * Empty for the base model (interval bounds, computed on the fly).
   */
  readonly boundsRuns: readonly { readonly presolveSeconds: number; readonly rows: number }[];
}

/** One table: its cells and its markdown. */
export interface TableReport {
  readonly table: BenchTable;
  readonly cells: readonly CellStats[];
  readonly markdown: string;
}

/** A time-limited row whose CPU seconds stay below this share of its limit counts as starved by load. */
export const STARVED_SHARE = 0.8;

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Statistics of one cell from its rows (all of one table, network and method). */
export function summarizeCell(table: BenchTable, model: string, method: BenchMethod, rows: readonly BenchRow[]): CellStats {
  const ok = rows.filter((r) => r.status !== "error");
  const solved = rows.filter(isSolved).length;
  return {
    table,
    model,
    method,
    n: rows.length,
    errors: rows.length - ok.length,
    solvedPercent: rows.length === 0 ? Number.NaN : (100 * solved) / rows.length,
    solvedInterval: wilsonInterval(solved, rows.length),
    gapPercent: 100 * mean(ok.map(rowGap)),
    nodes: mean(ok.map((r) => r.nodes)),
    presolveSeconds: mean(ok.map((r) => r.presolveSeconds)),
    seconds: mean(ok.map((r) => r.seconds)),
    timeLimits: [...new Set(rows.map((r) => r.timeLimit))].sort((a, b) => a - b),
    cpuSeconds: mean(ok.filter((r) => r.cpuSeconds !== undefined).map((r) => r.cpuSeconds ?? 0)),
    cpuRows: ok.filter((r) => r.cpuSeconds !== undefined).length,
    starved: rows.filter((r) => r.status === "time-limit" && r.cpuSeconds !== undefined && r.cpuSeconds < STARVED_SHARE * r.timeLimit).length,
    timeLimited: rows.filter((r) => r.status === "time-limit").length,
    loadAverage: mean(ok.filter((r) => r.loadAverage !== undefined).map((r) => r.loadAverage ?? 0)),
    unverified: rows.filter((r) => r.adversarial !== null && r.verified !== true).length,
    thesis: thesisCell(table, model, method),
    boundsRuns: method === "base" ? [] : boundsRuns(ok),
  };
}

/**
 * Rows grouped by the computation of the bounds they used: by `presolveSeconds` (the one mark
 * rows written before `boundsCreatedAt` carry), split further where rows with the same seconds
 * name different files; a row without `boundsCreatedAt` joins its seconds' first file.
 */
function boundsRuns(rows: readonly BenchRow[]): { presolveSeconds: number; rows: number }[] {
  const runs: { presolveSeconds: number; createdAt: string | undefined; rows: number }[] = [];
  const ordered = [...rows.filter((r) => r.boundsCreatedAt !== undefined), ...rows.filter((r) => r.boundsCreatedAt === undefined)];
  for (const r of ordered) {
    const same = runs.filter((run) => run.presolveSeconds === r.presolveSeconds);
    const run = r.boundsCreatedAt === undefined ? same[0] : same.find((x) => x.createdAt === r.boundsCreatedAt);
    if (run) run.rows++;
    else runs.push({ presolveSeconds: r.presolveSeconds, createdAt: r.boundsCreatedAt, rows: 1 });
  }
  return runs.map(({ presolveSeconds, rows: count }) => ({ presolveSeconds, rows: count }));
}

function modelOrder(models: Iterable<string>): string[] {
  const extra = [...new Set(models)].filter((m) => !isThesisNetwork(m)).sort();
  return [...THESIS_NETWORKS, ...extra];
}

/** Every cell of a table that has rows, in the thesis' order (networks, then methods). */
export function summarizeTable(table: BenchTable, rows: readonly BenchRow[]): CellStats[] {
  const mine = rows.filter((r) => r.table === table);
  const cells: CellStats[] = [];
  for (const model of modelOrder(mine.map((r) => r.model))) {
    for (const method of BENCH_METHODS) {
      const group = mine.filter((r) => r.model === model && r.method === method);
      if (group.length > 0) cells.push(summarizeCell(table, model, method, group));
    }
  }
  return cells;
}

function solvedText(value: number): string {
  return Number.isFinite(value) && Math.abs(value - Math.round(value)) > 1e-9 ? fmt(value, 1) : fmt(value, 0);
}

/** The five figures of a cell as the thesis' tables print them, each "ours (thesis)" (only "ours" without a thesis cell). */
export interface CellFigures {
  readonly solved: string;
  readonly gap: string;
  readonly nodes: string;
  /** "–" for the base model, which has no presolve. */
  readonly presolve: string;
  readonly time: string;
}

/** Formats a cell beside the thesis' one: the one formatting of `bench:report` and notebook 04. */
export function cellFigures(method: BenchMethod, ours: CellStats | undefined, thesis: ThesisCell | null | undefined): CellFigures {
  const pair = (mine: string, theirs: string | null): string => `${mine}${theirs === null ? "" : ` (${theirs})`}`;
  const th = (v: number | null | undefined, d: number): string | null => (thesis ? fmt(v, d) : null);
  return {
    solved: pair(ours ? solvedText(ours.solvedPercent) : "–", thesis ? solvedText(thesis.solvedPercent) : null),
    gap: pair(ours ? fmt(ours.gapPercent, 2) : "–", th(thesis?.gapPercent, 2)),
    nodes: pair(ours ? fmt(ours.nodes, 0) : "–", th(thesis?.nodes, 0)),
    presolve: method === "base" ? "–" : pair(ours ? fmt(ours.presolveSeconds, 2) : "–", th(thesis?.presolveSeconds, 2)),
    time: pair(ours ? fmt(ours.seconds, 2) : "–", th(thesis?.seconds, 2)),
  };
}

/** "86.7-100" for a Wilson interval in percent ("–" without rows). */
export function intervalText([lo, hi]: readonly [number, number]): string {
  return Number.isFinite(lo) && Number.isFinite(hi) ? `${solvedText(Number(lo.toFixed(1)))}-${solvedText(Number(hi.toFixed(1)))}` : "–";
}

const METHOD_TITLE: Record<BenchMethod, string> = {
  base: "Base model (interval bounds)",
  improved: "Improved model (MILP bounds)",
  weak: "Weaker improved model (1 s MILP bounds)",
  best: "Best method (this project)",
  shrink: "Best method + shrinking L1 balls (this project)",
  region: "Shrinking L1 balls from region-descended incumbents (this project)",
};

/** What the tables say about the bounds behind the rows, beyond the rows themselves. */
export interface TableContext {
  /** Per network, how many improved-model bounds stopped at their time limit (`milpBoundsLimits`). */
  readonly milpBounds?: readonly MilpBoundsLimit[];
}

/**
 * What the wall-clock limit means on a shared machine, from the rows: how many time-limited rows
 * got less than {@link STARVED_SHARE} of their limit as CPU, and on which networks.
 */
export function starvedSentence(cells: readonly CellStats[]): string {
  const limited = cells.reduce((a, c) => a + c.timeLimited, 0);
  const starved = cells.filter((c) => c.starved > 0);
  const total = starved.reduce((a, c) => a + c.starved, 0);
  const head = "The 300 s limit is wall-clock too, so a loaded machine also lowers *Solved* and raises *Gap* wherever the limit binds";
  if (total === 0) return `${head}. `;
  const byNetwork = new Map<string, number>();
  for (const c of starved) byNetwork.set(c.model, (byNetwork.get(c.model) ?? 0) + c.starved);
  const where = [...byNetwork].map(([model, k]) => `${model.toUpperCase()} ${k}`).join(", ");
  return `${head}: ${total} of the ${limited} time-limited rows here got less than ${Math.round(100 * STARVED_SHARE)} % of their limit as CPU (${where}). `;
}

/** Markdown of one table: one block per method, rows DNN1-DNN5, each figure as "ours (thesis)". */
export function tableMarkdown(table: BenchTable, cells: readonly CellStats[], rows: readonly BenchRow[] = [], context: TableContext = {}): string {
  const title =
    table === 2
      ? "Table 2: performance of the models, solved to optimality"
      : "Table 3: performance of the models with a tolerated optimality gap of 1 %";
  const lines: string[] = [`# ${title}`, ""];
  const solvers = [...new Set(rows.filter((r) => r.table === table).map((r) => `${r.solver} on ${r.cores} cores`))];
  lines.push(
    `Each figure is **ours (thesis)**. Thesis: CPLEX 20.1.0, 4-core i5 @ 1.6 GHz, 100 images per cell, 300 s per image. ` +
      `Ours: ${solvers.length > 0 ? solvers.join("; ") : "no rows yet"}; n = instances behind each cell (failed ones included).`,
    "",
    "Definitions: *Solved* = proven optimal" +
      (table === 3 ? " within the 1 % relative gap" : "") +
      " with an example that passed the float64 re-check (or proven infeasible) within the time limit, over all instances (a failed one counts as not solved); " +
      "*95 % CI* = the Wilson 95 % interval of our share, which on 25 images is wide. *Gap* = mean over all instances of the final relative gap " +
      "(best L1 − best bound) / best L1, an instance with no adversarial example found counting as 100 %. " +
      "*Nodes* and *Time* = means over all instances, time-limited ones included at their (≈ limit) time. " +
      "*Presolve* = seconds to compute the bounds of the network once, as recorded in each row (the mean over the cell's rows: where the bounds were computed again during the study, the cell mixes those runs and can differ from the seconds in `data/bounds/`). Rows that failed (status error) are left out of the other means and counted as errors. " +
      "*CPU* = mean CPU seconds of the worker thread per instance (building the formulation included), less sensitive to the machine's load than *Time*; where older rows did not measure it, the number of rows behind it follows in brackets. " +
      "*load avg* = mean 1-minute load average of the machine while the cell's rows were written: ours are wall-clock times on a shared machine, compare them with that in mind. " +
      starvedSentence(cells) +
      "Our *Time* is the solve as HiGHS runs it, including converting the model to HiGHS' arrays and loading it, not building the formulation (which *CPU* includes). " +
      `Every instance asks for the target (d + 5) mod 10 with the ratio ${THESIS_RATIO} of (8) and the floor x^K_d ≥ ${THESIS_MIN_ACTIVATION} of the thesis' 4.1; that Tables 2-3 used the floor is our reading (the thesis introduces it for Fig. 4c and does not say). ` +
      (table === 2
        ? "Table 2 asks HiGHS for a relative gap of 0 (`mip_rel_gap` = 0); CPLEX's default, which the thesis may have kept, is 1e-4, so our \"optimal\" is the stricter one."
        : "Table 3 stops at `mip_rel_gap` = 0.01, as the thesis' tolerated gap of 1 %."),
    "",
  );
  const methods = BENCH_METHODS.filter((m) => m === "base" || m === "improved" || m === "weak" || cells.some((c) => c.method === m));
  for (const method of methods) {
    const limits = [...new Set((context.milpBounds ?? []).map((l) => l.timeLimitPerBound))];
    const capped = method === "improved" && limits.length === 1 && limits[0] !== null ? `, at most ${limits[0]} s each` : "";
    lines.push(`## ${METHOD_TITLE[method].replace(/\)$/, `${capped})`)}`, "");
    if (method === "improved" && context.milpBounds !== undefined && context.milpBounds.length > 0) {
      lines.push(milpBoundsNote(context.milpBounds), "");
    }
    lines.push("| Network | n | Solved (%) | 95 % CI | Gap (%) | Nodes | Presolve (s) | Time (s) | CPU (s) | time limit (s) | errors | load avg |");
    lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    const models = modelOrder(cells.map((c) => c.model));
    for (const model of models) {
      const c = cells.find((x) => x.model === model && x.method === method);
      const t = thesisCell(table, model, method);
      if (!c && !t) continue;
      const f = cellFigures(method, c, t);
      lines.push(
        `| ${model.toUpperCase()} | ${c ? c.n : 0} | ` +
          [f.solved, c ? intervalText(c.solvedInterval) : "–", f.gap, f.nodes, f.presolve, f.time].join(" | ") +
          ` | ${c ? fmt(c.cpuSeconds, 2) + (c.cpuRows > 0 && c.cpuRows < c.n - c.errors ? ` (${c.cpuRows})` : "") : "–"} | ${c ? c.timeLimits.join(", ") : "–"} | ${c ? c.errors : 0} | ${c ? fmt(c.loadAverage, 1) : "–"} |`,
      );
    }
    const mixed = cells.filter((c) => c.method === method && c.boundsRuns.length > 1);
    if (mixed.length > 0) {
      lines.push(
        "",
        "⚠ Rows built on more than one computation of the bounds (Presolve is their mean; re-run the minority rows to make the cell one model): " +
          mixed.map((c) => `${c.model.toUpperCase()} (${c.boundsRuns.map((b) => `${fmt(b.presolveSeconds, 2)} s × ${b.rows}`).join(", ")})`).join("; ") +
          ".",
      );
    }
    lines.push("");
  }
  lines.push(...coverageMarkdown(cells, table), "");
  const unverified = cells.reduce((a, c) => a + c.unverified, 0);
  lines.push(
    unverified === 0
      ? "Every adversarial example in these rows was re-verified by the float64 forward pass."
      : `**${unverified} rows hold an adversarial example the float64 forward pass did not confirm.**`,
    "",
  );
  return lines.join("\n");
}

/** A table's report from rows (any tables mixed; only this table's rows are used). */
export function buildTableReport(table: BenchTable, rows: readonly BenchRow[], context: TableContext = {}): TableReport {
  const cells = summarizeTable(table, rows);
  return { table, cells, markdown: tableMarkdown(table, cells, rows, context) };
}

/** Path of a table's results file: results/table2.jsonl or results/table3.jsonl. */
export function resultsFile(table: BenchTable, dir: string = RESULTS_DIR): string {
  return path.join(dir, `table${table}.jsonl`);
}

/**
 * Reads results/table<N>.jsonl (a torn last line is skipped) and builds its report, with the
 * improved model's bounds files in `boundsDir` described under its block.
 */
export function loadTableReport(table: BenchTable, dir: string = RESULTS_DIR, boundsDir?: string): TableReport {
  return buildTableReport(table, readResults<BenchRow>(resultsFile(table, dir)), { milpBounds: milpBoundsLimits(boundsDir) });
}

/** One line of a performance profile: the cell's solve times, for "fraction solved within t". */
export interface ProfileLine {
  readonly model: string;
  readonly method: BenchMethod;
  /** Rows behind the line (errors included, as not solved). */
  readonly n: number;
  /** Seconds of the solved rows, ascending (row seconds; bounds excluded). */
  readonly solvedSeconds: readonly number[];
}

/**
 * Performance profile of a table (one line per network × method): the fraction of the cell's
 * instances solved within t seconds is the number of `solvedSeconds` ≤ t divided by n.
 */
export function performanceProfile(table: BenchTable, rows: readonly BenchRow[]): ProfileLine[] {
  return summarizeTable(table, rows).map((cell) => {
    const mine = rows.filter((r) => r.table === table && r.model === cell.model && r.method === cell.method);
    return {
      model: cell.model,
      method: cell.method,
      n: mine.length,
      solvedSeconds: mine.filter(isSolved).map((r) => r.seconds).sort((a, b) => a - b),
    };
  });
}

/** Fraction of a profile line's instances solved within `seconds`. */
export function solvedWithin(line: ProfileLine, seconds: number): number {
  return line.n === 0 ? 0 : line.solvedSeconds.filter((s) => s <= seconds).length / line.n;
}

/**
 * Rows the tables cannot place, one line each (`table/model/method #index: why`): an unknown method
 * or status, or a missing time. Such rows would otherwise drop out of every cell unnoticed.
 */
export function unplacedRows(rows: readonly BenchRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const why = !BENCH_METHODS.includes(r.method)
      ? `unknown method ${JSON.stringify(r.method)}`
      : !BENCH_STATUSES.includes(r.status)
        ? `unknown status ${JSON.stringify(r.status)}`
        : typeof r.seconds !== "number" || !Number.isFinite(r.seconds)
          ? `seconds must be a finite number, got ${JSON.stringify(r.seconds)}`
          : null;
    if (why !== null) out.push(`T${r.table}/${r.model}/${String(r.method)} #${r.index}: ${why}`);
  }
  return out;
}
