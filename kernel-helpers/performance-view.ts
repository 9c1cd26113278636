/**
 * Charts and tables of the performance study (thesis 4.2, Tables 2 and 3) for notebook 04: a
 * performance profile (fraction of instances solved within t seconds, one line per network ×
 * method), nodes vs time, a compact "ours (thesis)" table of the cells that have rows, and the
 * rows' statuses per cell.
 */
import { cellFigures, intervalText, type CellStats, type ProfileLine } from "../src/bench/report";
import { BENCH_METHODS, BENCH_STATUSES, type BenchMethod, type BenchRow } from "../src/bench/row";
import { THESIS_NETWORKS } from "../src/dnn/architectures";
import type { Html } from "./html";
import { DEFAULT_CONFIG, plotHtml, type Json, type Trace } from "./plotly";
import type { Row } from "./tables";

/** Points of a profile line as a step function: (t_i, i/n) for the i-th fastest solved instance. */
export function profilePoints(line: ProfileLine): { x: number[]; y: number[] } {
  const x = line.solvedSeconds.map((s) => Math.max(s, 1e-3));
  const y = line.solvedSeconds.map((_, i) => (line.n === 0 ? 0 : (i + 1) / line.n));
  return { x, y };
}

/**
 * Performance profile: fraction solved (y) within t seconds (x, log scale), one panel per network
 * (2 × 3 grid) and one line per method, each method in the same colour in every panel.
 */
export function performanceProfileHtml(lines: readonly ProfileLine[], title: string, timeLimit = 300): Html {
  const models = [...new Set(lines.map((l) => l.model))].sort();
  const seen = new Set<string>();
  const data: Trace[] = lines.map((line) => {
    const p = profilePoints(line);
    const panel = models.indexOf(line.model) + 1;
    const first = !seen.has(line.method);
    seen.add(line.method);
    return {
      type: "scatter", mode: "lines", name: line.method, legendgroup: line.method, showlegend: first,
      hovertemplate: `${line.model.toUpperCase()} ${line.method} (n = ${line.n}): %{y:.2f} within %{x:.1f} s<extra></extra>`,
      line: { shape: "hv", color: METHOD_COLORS[line.method] ?? "#444", width: 2 },
      xaxis: panel === 1 ? "x" : `x${panel}`, yaxis: panel === 1 ? "y" : `y${panel}`,
      x: [...p.x, timeLimit], y: [...p.y, p.y[p.y.length - 1] ?? 0],
    };
  });
  const axes: Record<string, Json> = {};
  models.forEach((_, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    axes[`xaxis${suffix}`] = { type: "log", title: { text: i >= 3 || models.length <= 3 ? "t (s, log)" : "" } };
    axes[`yaxis${suffix}`] = { range: [0, 1.02], title: { text: i % 3 === 0 ? "fraction solved" : "" } };
  });
  const annotations: Json[] = models.map((model, i) => ({
    text: `<b>${model.toUpperCase()}</b> (${nRange(lines.filter((l) => l.model === model).map((l) => l.n))})`,
    xref: `${i === 0 ? "x" : `x${i + 1}`} domain`, yref: `${i === 0 ? "y" : `y${i + 1}`} domain`, x: 0.02, y: 0.98, xanchor: "left", yanchor: "top", showarrow: false,
  }));
  return plotHtml({
    data,
    layout: { height: 620, title: { text: title }, margin: { l: 60, r: 20, t: 60, b: 50 },
      grid: { rows: Math.ceil(models.length / 3), columns: Math.min(3, models.length), pattern: "independent" }, annotations, ...axes },
    config: DEFAULT_CONFIG,
  });
}

/** "n = 25", or "n = 10–25" when the methods of a panel have different numbers of instances. */
function nRange(ns: readonly number[]): string {
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  return lo === hi ? `n = ${lo}` : `n = ${lo}–${hi}`;
}

/** One colour per method, the same in every panel. */
const METHOD_COLORS: Readonly<Record<string, string>> = { base: "#7f7f7f", improved: "#1f77b4", weak: "#17becf", best: "#ff7f0e", shrink: "#d62728", region: "#2ca02c" };

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
      "95 % CI": intervalText(c.solvedInterval),
      "Gap (%)": f.gap,
      Nodes: f.nodes,
      "Presolve (s)": f.presolve,
      "Time (s)": f.time,
      "CPU (s)": Number.isFinite(c.cpuSeconds) ? c.cpuSeconds : null,
      "load avg": Number.isFinite(c.loadAverage) ? c.loadAverage : null,
      unverified: c.unverified,
    }));
}

/**
 * The committed rows at a glance: one row per (table, network, method) in the thesis' order, with
 * the number of rows per status (statuses no row has are left out) and the total.
 */
export function statusCountRows(rows: readonly BenchRow[]): Row[] {
  const key = (r: BenchRow): string => `${r.table}|${r.model}|${r.method}`;
  const statuses = BENCH_STATUSES.filter((s) => rows.some((r) => r.status === s));
  const groups = new Map<string, BenchRow[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const order = (k: string): [number, number, number] => {
    const [table, model, method] = k.split("|");
    const m = THESIS_NETWORKS.indexOf(model as (typeof THESIS_NETWORKS)[number]);
    return [Number(table), m < 0 ? THESIS_NETWORKS.length : m, BENCH_METHODS.indexOf(method as BenchMethod)];
  };
  const sorted = [...groups.keys()].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.localeCompare(b);
  });
  return sorted.map((k) => {
    const group = groups.get(k) ?? [];
    const [table, model, method] = k.split("|");
    return {
      table: `Table ${table}`,
      network: model.toUpperCase(),
      method,
      ...Object.fromEntries(statuses.map((s) => [s, group.filter((r) => r.status === s).length])),
      rows: group.length,
    };
  });
}
