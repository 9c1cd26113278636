import { adversarialSpec } from "../adversarial/spec";
import { isAdversarial, verifyAdversarial } from "../adversarial/verify";
import { adversarialTarget } from "../adversarial/target";
import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { BenchRow } from "./row";
import { THESIS_MIN_ACTIVATION, THESIS_RATIO } from "./study-settings";

/**
 * Independent re-check of committed study rows (notebook 04's last cell). The worker verified each
 * example when it wrote the row; this re-derives the verdict from the row alone, so a row edited by
 * hand, written by an older version or read from a foreign file cannot pass unnoticed:
 *
 * - the row claims `verified: true`;
 * - the float64 forward pass of its example x satisfies (8) x^K_d ≥ 1.2 · x^K_j (j ≠ d, d the row's
 *   target), the floor x^K_d ≥ 0.01 and the domain x ∈ [0, 1]^n (7e), and its arg max is the target
 *   (`verifyAdversarial`, `isAdversarial`);
 * - its `l1` is the L1 distance Σ_j |x_j − x̃_j| of the example from the test image x̃ (relative
 *   tolerance {@link L1_TOLERANCE});
 * - it is an instance of the study: its label is the test set's (when `sources.label` is given),
 *   its target is (label + 5) mod 10, and the network classifies the test image as its label.
 */

/** Relative tolerance between a row's `l1` and the distance recomputed from its example. */
export const L1_TOLERANCE = 1e-5;

/** A row whose example failed the re-check, and why. */
export interface RowFailure {
  readonly table: BenchRow["table"];
  readonly model: string;
  readonly method: BenchRow["method"];
  readonly index: number;
  readonly reasons: readonly string[];
}

/** What {@link reverifyRows} checked and what failed. */
export interface ReverifyReport {
  /** Rows holding an adversarial example (the only ones there is something to check in). */
  readonly checked: number;
  readonly failures: readonly RowFailure[];
}

/** Where the re-check gets a row's network and its original test image x̃. */
export interface ReverifySources {
  readonly network: (model: string) => Network;
  /** The test image of an index, undefined when there is none. */
  readonly image: (index: number) => ArrayLike<number> | undefined;
  /** The test label of an index (optional: without it the row's own label is taken as given). */
  readonly label?: (index: number) => number | undefined;
}

/**
 * Re-checks every row holding an example as in the file comment; rows without one are skipped.
 * `sources.network` is called once per model name.
 */
export function reverifyRows(rows: readonly BenchRow[], sources: ReverifySources): ReverifyReport {
  const failures: RowFailure[] = [];
  const networks = new Map<string, Network>();
  const network = (model: string): Network => {
    const known = networks.get(model);
    if (known) return known;
    const loaded = sources.network(model);
    networks.set(model, loaded);
    return loaded;
  };
  let checked = 0;
  for (const row of rows) {
    if (row.adversarial === null) continue;
    checked++;
    const image = sources.image(row.index);
    const reasons = !Array.isArray(row.adversarial)
      ? [`adversarial must be an array of pixels or null, got ${JSON.stringify(row.adversarial) ?? "nothing"}`]
      : image === undefined
        ? [`index ${row.index} names no test image`]
        : [...instanceProblems(row, network(row.model), image, sources.label?.(row.index)), ...rowProblems(row, network(row.model), image)];
    if (reasons.length > 0) failures.push({ table: row.table, model: row.model, method: row.method, index: row.index, reasons });
  }
  return { checked, failures };
}

/** Whether the row is an instance of the study (thesis 4.2): its label, target and a correctly classified image. */
function instanceProblems(row: BenchRow, net: Network, image: ArrayLike<number>, label: number | undefined): string[] {
  const reasons: string[] = [];
  if (label !== undefined && row.label !== label) reasons.push(`label ${row.label} but test image ${row.index} is a ${label}`);
  if (row.target !== adversarialTarget(row.label)) reasons.push(`target ${row.target} is not (label + 5) mod 10 = ${adversarialTarget(row.label)}`);
  if (image.length === net.inputSize && classify(net, image) !== row.label) reasons.push(`the network classifies test image ${row.index} as ${classify(net, image)}, not as its label ${row.label}: not an image of the study`);
  return reasons;
}

function rowProblems(row: BenchRow, net: Network, image: ArrayLike<number>): string[] {
  const spec = adversarialSpec(net, image, { label: row.label, target: row.target, ratio: THESIS_RATIO, minTargetActivation: THESIS_MIN_ACTIVATION });
  const example = row.adversarial!;
  const reasons: string[] = [];
  if (row.verified !== true) reasons.push(`the row says verified = ${String(row.verified)}`);
  if (example.length !== net.inputSize) {
    reasons.push(`the example has ${example.length} pixels, network ${row.model} expects ${net.inputSize}`);
    return reasons;
  }
  const verification = verifyAdversarial(net, spec, example);
  if (!isAdversarial(verification)) reasons.push(...verification.reasons);
  let distance = 0;
  for (let j = 0; j < example.length; j++) distance += Math.abs(example[j] - spec.image[j]);
  if (row.l1 === null || Math.abs(row.l1 - distance) > L1_TOLERANCE * (1 + distance)) {
    reasons.push(`l1 = ${row.l1} but the example lies at L1 ${distance} from test image ${row.index}`);
  }
  return reasons;
}

/** The re-check as markdown: a one-line verdict, then every failing row (at most `limit`). */
export function reverifyMarkdown(report: ReverifyReport, limit = 20): string {
  const head =
    `## Independent re-check\n\n${report.checked} rows hold an adversarial example. Each was re-checked from the row alone (\`src/bench/reverify.ts\`): ` +
    "the float64 forward pass of its example satisfies (8) for its target with ratio 1.2, the floor 0.01 and the pixel domain, the network classifies it as the target, and its L1 is the example's distance from the test image; the row is an instance of the study (its label is the test set's, its target (label + 5) mod 10, and the network classifies the test image correctly).";
  const { failures } = report;
  if (failures.length === 0) return `${head}\n\n✓ Every example passes.\n`;
  const lines = failures.slice(0, limit).map((f) => `- Table ${f.table} ${f.method} ${f.model.toUpperCase()} image ${f.index}: ${f.reasons.join("; ")}`);
  const more = failures.length > limit ? [`- … and ${failures.length - limit} more`] : [];
  return `${head}\n\n**✗ ${failures.length} rows fail:**\n\n${[...lines, ...more].join("\n")}\n`;
}
