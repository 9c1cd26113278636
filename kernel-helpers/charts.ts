/** Line and bar charts as plotly specs and HTML. */
import { Html } from "./html";
import { PlotSpec, Trace, DEFAULT_CONFIG, plotHtml } from "./plotly";

/** One named series of (x, y) points. */
export interface Series {
  readonly name: string;
  readonly x: readonly (number | string)[];
  readonly y: readonly number[];
}

/** Titles and size of a chart. */
export interface ChartOptions {
  readonly title?: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** Height in screen pixels (default 360). */
  readonly height?: number;
  /** Logarithmic y axis (e.g. solve times). */
  readonly logY?: boolean;
}

function chartLayout(options: ChartOptions, extra: PlotSpec["layout"]): PlotSpec["layout"] {
  return {
    height: options.height ?? 360,
    margin: { l: 60, r: 20, t: options.title === undefined ? 20 : 50, b: 50 },
    title: options.title === undefined ? undefined : { text: options.title },
    xaxis: { title: { text: options.xTitle ?? "" } },
    yaxis: { title: { text: options.yTitle ?? "" }, type: options.logY === true ? "log" : "linear" },
    ...extra,
  };
}

function checkSeries(series: readonly Series[]): void {
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new Error(`series "${s.name}": ${s.x.length} x values but ${s.y.length} y values`);
  }
}

/** Plot spec of line charts (one trace per series, lines with markers). */
export function lineChartSpec(series: readonly Series[], options: ChartOptions = {}): PlotSpec {
  checkSeries(series);
  const data: Trace[] = series.map((s) => ({ type: "scatter", mode: "lines+markers", name: s.name, x: [...s.x], y: [...s.y] }));
  return { data, layout: chartLayout(options, {}), config: DEFAULT_CONFIG };
}

/** Plot spec of grouped bar charts (one bar group per x, one colour per series). */
export function barChartSpec(series: readonly Series[], options: ChartOptions = {}): PlotSpec {
  checkSeries(series);
  const data: Trace[] = series.map((s) => ({ type: "bar", name: s.name, x: [...s.x], y: [...s.y] }));
  const layout = chartLayout(options, { barmode: "group" });
  // String x values ("0".."9") are categories: without this plotly reads them as numbers.
  const categorical = series.every((s) => s.x.every((x) => typeof x === "string"));
  return { data, layout: categorical ? { ...layout, xaxis: { ...(layout.xaxis as object), type: "category" } } : layout, config: DEFAULT_CONFIG };
}

/** Line chart as HTML. */
export function lineChartHtml(series: readonly Series[], options: ChartOptions = {}): Html {
  return plotHtml(lineChartSpec(series, options));
}

/** Grouped bar chart as HTML. */
export function barChartHtml(series: readonly Series[], options: ChartOptions = {}): Html {
  return plotHtml(barChartSpec(series, options));
}
