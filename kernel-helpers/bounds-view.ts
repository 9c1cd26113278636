/**
 * Views of pre-activation bounds (thesis 3.2) for notebook 02: per-layer summaries and a chart
 * of bound widths per layer and method. Bounds are plain data (`src/bounds/types`).
 */
import type { LayerBounds, NetworkBounds } from "../src/bounds/types";
import { stableCounts } from "../src/bounds/types";
import type { Html } from "./html";
import { lineChartHtml } from "./charts";
import type { Row } from "./tables";

/** Mean width upper − lower of the pre-activation bounds of one layer (the big-M sum M+ + M−). */
export function meanWidth(layer: LayerBounds): number {
  let sum = 0;
  for (let j = 0; j < layer.lower.length; j++) sum += layer.upper[j] - layer.lower[j];
  return sum / layer.lower.length;
}

/** Mean big-M constants of one layer: M+ = max(0, upper), M− = max(0, −lower) (7c)/(7d). */
export function meanBigM(layer: LayerBounds): { plus: number; minus: number } {
  let plus = 0;
  let minus = 0;
  for (let j = 0; j < layer.lower.length; j++) {
    plus += Math.max(0, layer.upper[j]);
    minus += Math.max(0, -layer.lower[j]);
  }
  return { plus: plus / layer.lower.length, minus: minus / layer.lower.length };
}

/** One table row per method and layer: mean width, mean M+ and M−, stable neurons. */
export function boundsSummaryRows(sets: readonly NetworkBounds[]): Row[] {
  return sets.flatMap((set) =>
    set.layers.map((layer, k): Row => {
      const m = meanBigM(layer);
      const s = stableCounts(layer);
      return { method: set.method, layer: k + 1, units: layer.lower.length, "mean width": meanWidth(layer), "mean M+": m.plus, "mean M−": m.minus, "stable active": s.active, "stable inactive": s.inactive, unstable: s.unstable };
    }),
  );
}

/** Line chart: mean bound width per layer (x) for each method (one line), log scale. */
export function boundWidthChartHtml(sets: readonly NetworkBounds[], title: string): Html {
  return lineChartHtml(
    sets.map((set) => ({ name: set.method, x: set.layers.map((_, k) => `layer ${k + 1}`), y: set.layers.map(meanWidth) })),
    { title, xTitle: "layer k", yTitle: "mean upper − lower", logY: true, height: 340 },
  );
}
