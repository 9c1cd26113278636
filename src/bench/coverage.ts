/** How far the performance study (Tables 2-3) is against the images the issue asks for per cell. */
import type { BenchMethod, BenchTable } from "./row";
import { THESIS_NETWORKS } from "../dnn/architectures";
import type { CellStats } from "./report";
import { fmt } from "./format";

/** The thesis' three methods, which the study must cover on every network. */
const THESIS_METHODS: readonly BenchMethod[] = ["base", "improved", "weak"];

/**
 * Images the study needs per cell of a thesis method before the performance issue counts it as
 * replicated: 100 for DNN1-DNN3, 25 for the slow DNN4-DNN5 (the thesis used 100 everywhere).
 */
export function requiredImages(model: string): number {
  return model === "dnn4" || model === "dnn5" ? 25 : 100;
}

/**
 * How far the study is: per network, n / required for each thesis method, the number of cells
 * that reached their required n (errors are not counted as images), and an estimate of the work
 * left: Σ over cells of (required − n) × the cell's mean Time s, in hours of one worker (cells
 * with no rows yet are left out of the estimate and named).
 */
export function coverageMarkdown(cells: readonly CellStats[], table: BenchTable): string[] {
  let complete = 0;
  let remainingSeconds = 0;
  const unknown: string[] = [];
  const rows = THESIS_NETWORKS.map((model) => {
    const parts = THESIS_METHODS.map((method) => {
      const cell = cells.find((c) => c.model === model && c.method === method);
      const n = cell === undefined ? 0 : cell.n - cell.errors; // a failed row is an image still to do
      const need = requiredImages(model);
      if (n >= need) complete++;
      else if (cell && n > 0) remainingSeconds += (need - n) * cell.seconds;
      else unknown.push(`${model.toUpperCase()} ${method}`);
      return `${n} / ${need}${n >= need ? " ✓" : ""}`;
    });
    return `| ${model.toUpperCase()} | ${parts.join(" | ")} |`;
  });
  const cellCount = THESIS_NETWORKS.length * THESIS_METHODS.length;
  const left =
    complete === cellCount
      ? []
      : [
          "",
          `Work left at the cells' current mean Time s: about ${fmt(remainingSeconds / 3600, 1)} hours of one worker` +
            (unknown.length > 0 ? `, plus the cells with no rows yet (${unknown.join(", ")})` : "") +
            " (`--workers 2` halves the wall time on an otherwise idle 2-core machine).",
        ];
  return [
    `## Coverage of the study: ${complete} of ${cellCount} cells at the issue's target`,
    "",
    `Images behind each cell of the thesis' methods / images the issue asks for (100 for DNN1-DNN3, 25 for DNN4-DNN5; the thesis used 100 everywhere, so DNN4-DNN5 stand at a quarter of its sample; the first N correctly classified test images, so a smaller n is a prefix of the full set). \`npm run bench -- --table ${table} --models dnnK --methods base,improved,weak --images N --workers 2\` resumes the cells where they stopped.`,
    "",
    "| Network | base | improved | weak |",
    "|---|---:|---:|---:|",
    ...rows,
    ...left,
  ];
}
