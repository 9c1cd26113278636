/**
 * Charts and tables of the performance study (thesis 4.2, Tables 2 and 3) for notebook 04: a
 * performance profile (fraction of instances solved within t seconds, one line per network ×
 * method), nodes vs time, and a compact "ours (thesis)" table of the cells that have rows.
 */
import { cellFigures, type CellStats, type ProfileLine } from "../src/bench/report";
import type { BenchRow } from "../src/bench/row";
import type { Html } from "./html";
import { DEFAULT_CONFIG, plotHtml, type Trace } from "./plotly";
import type { Row } from "./tables";

/** Points of a profile line as a step function: (t_i, i/n) for the i-th fastest solved instance. */
export function profilePoints(line: ProfileLine): { x: number[]; y: number[] } {
  const x = line.solvedSeconds.map((s) => Math.max(s, 1e-3));
  const y = line.solvedSeconds.map((_, i) => (line.n === 0 ? 0 : (i + 1) / line.n));
  return { x, y };
}

/** Performance profile: fraction solved (y) within t seconds (x, log scale), one line per network × method. */
export function performanceProfileHtml(lines: readonly ProfileLine[], title: string, timeLimit = 300): Html {
  const data: Trace[] = lines.map((line) => {
    const p = profilePoints(line);
    return { type: "scatter", mode: "lines", line: { shape: "hv" }, name: `${line.model.toUpperCase()} ${line.method} (n = ${line.n})`, x: [...p.x, timeLimit], y: [...p.y, p.y[p.y.length - 1] ?? 0] };
  });
  return plotHtml({
    data,
    layout: { height: 380, title: { text: title }, margin: { l: 60, r: 20, t: 50, b: 50 },
      xaxis: { title: { text: "time t (s, log scale)" }, type: "log" }, yaxis: { title: { text: "fraction solved within t" }, range: [0, 1.02] } },
    config: DEFAULT_CONFIG,
  });
}

/** Scatter of branch-and-bound nodes vs solve seconds, one colour per network × method (log-log). */
export function nodesTimeScatterHtml(rows: readonly BenchRow[], title: string): Html {
  const groups = new Map<string, BenchRow[]>();
  for (const r of rows) {
    if (r.status === "error") continue;
    const key = `${r.model.toUpperCase()} ${r.method}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const data: Trace[] = [...groups].map(([name, group]) => ({
    type: "scatter", mode: "markers", name, x: group.map((r) => Math.max(r.seconds, 1e-3)), y: group.map((r) => Math.max(r.nodes, 1)),
    text: group.map((r) => `image ${r.index}, ${r.status}`), marker: { size: 7, opacity: 0.75 },
  }));
  return plotHtml({
    data,
    layout: { height: 380, title: { text: title }, margin: { l: 60, r: 20, t: 50, b: 50 },
      xaxis: { title: { text: "time (s)" }, type: "log" }, yaxis: { title: { text: "nodes (0 shown as 1)" }, type: "log" } },
    config: DEFAULT_CONFIG,
  });
}

/** One row per cell with rows: figures as "ours (thesis)" formatted as `bench:report` does, in the thesis' column order. */
export function cellComparisonRows(cells: readonly CellStats[]): Row[] {
  return cells
    .filter((c) => c.n > 0)
    .map((c) => ({ c, f: cellFigures(c.method, c, c.thesis) }))
    .map(({ c, f }) => ({
      network: c.model.toUpperCase(),
      method: c.method,
      n: c.n,
      "Solved (%)": f.solved,
      "Gap (%)": f.gap,
      Nodes: f.nodes,
      "Presolve (s)": f.presolve,
      "Time (s)": f.time,
      "CPU (s)": Number.isFinite(c.cpuSeconds) ? c.cpuSeconds : null,
      "load avg": Number.isFinite(c.loadAverage) ? c.loadAverage : null,
      unverified: c.unverified,
    }));
}
