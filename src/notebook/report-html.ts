/**
 * Self-contained HTML reports of executed notebooks: markdown cells as HTML, code cells with
 * their source and outputs, the plotly.js library embedded once in the page head when any
 * output draws a plot. No external resources: the pages render offline.
 */
import { escapeHtml } from "../../kernel-helpers/html";
import { Cell, DisplayOutput, Notebook, Output, joinText } from "./format";
import { markdownToHtml } from "./markdown";

/** Summary of one report, shown on its page and in `reports/index.html`. */
export interface ReportSummary {
  /** Notebook file name without extension, e.g. "01-networks". */
  readonly name: string;
  /** The first heading of the notebook (or the name). */
  readonly title: string;
  /** "pending" while a run has not reached it yet, "interrupted" when the run was stopped in it. */
  readonly status: "ok" | "failed" | "not run" | "pending" | "interrupted";
  readonly seconds: number;
  /** e.g. "cell 5: Error: boom" when failed. */
  readonly detail: string;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:0 auto;padding:16px 24px;color:#1d1d1f;background:#fff}
header.report{border-bottom:1px solid #ddd;margin-bottom:16px;font-size:13px;color:#555}
.cell{margin:12px 0}.md h1,.md h2,.md h3{line-height:1.25}
pre{background:#f6f8fa;padding:8px 10px;overflow-x:auto;border-radius:4px;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;margin:4px 0}
.code pre.source{border-left:3px solid #4a7bd0;white-space:pre-wrap;overflow-wrap:anywhere}.prompt{font:12px ui-monospace,monospace;color:#888}
pre.stderr{background:#fff4e5}pre.error{background:#fde8e8;border-left:3px solid #c62828}
.output{margin:4px 0 4px 12px;overflow-x:auto}.status-ok{color:#1b7f3b}.status-failed{color:#c62828;font-weight:bold}.status-other{color:#6e6e73}
table.relu-table,table.md-table{border-collapse:collapse;margin:6px 0;font-size:14px}
table.relu-table th,table.relu-table td,table.md-table th,table.md-table td{border:1px solid #ccc;padding:3px 8px}
table.relu-table td.num{text-align:right;font-variant-numeric:tabular-nums}table.relu-table caption{text-align:left;font-weight:600;padding:4px 0}
code{background:#f0f0f0;padding:0 3px;border-radius:3px}.math{font-family:"Times New Roman",serif;font-style:italic}
`;

const ANSI = /\u001b\[[0-9;]*m/g;

function mimeToHtml(data: DisplayOutput["data"]): string {
  const html = data["text/html"];
  if (html !== undefined) return joinText(html);
  const svg = data["image/svg+xml"];
  if (svg !== undefined) return joinText(svg);
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    const b64 = data[mime];
    if (b64 !== undefined) return `<img alt="" src="data:${mime};base64,${joinText(b64).replace(/\s/g, "")}">`;
  }
  const md = data["text/markdown"];
  if (md !== undefined) return markdownToHtml(joinText(md));
  const text = data["text/plain"];
  if (text !== undefined) return `<pre>${escapeHtml(joinText(text))}</pre>`;
  return `<pre>${escapeHtml(`(output of type ${Object.keys(data).join(", ")} not shown)`)}</pre>`;
}

/** HTML of one output. */
export function outputToHtml(output: Output): string {
  switch (output.output_type) {
    case "stream":
      return `<pre class="${output.name}">${escapeHtml(joinText(output.text).replace(ANSI, ""))}</pre>`;
    case "error":
      return `<pre class="error">${escapeHtml(output.traceback.join("\n").replace(ANSI, "") || `${output.ename}: ${output.evalue}`)}</pre>`;
    default:
      return mimeToHtml(output.data);
  }
}

function cellToHtml(cell: Cell, index: number): string {
  if (cell.cell_type !== "code") {
    return cell.cell_type === "markdown"
      ? `<div class="cell md">${markdownToHtml(joinText(cell.source))}</div>`
      : `<div class="cell raw"><pre>${escapeHtml(joinText(cell.source))}</pre></div>`;
  }
  const seconds = cell.metadata.relu_milp?.seconds;
  const count = cell.execution_count === null ? " " : String(cell.execution_count);
  const timing = seconds === undefined ? "" : ` · ${seconds.toFixed(1)} s`;
  const outputs = cell.outputs.map((o) => `<div class="output">${outputToHtml(o)}</div>`).join("\n");
  return (
    `<div class="cell code" id="cell-${index + 1}"><div class="prompt">cell ${index + 1} [${count}]${timing}</div>` +
    `<pre class="source">${escapeHtml(joinText(cell.source))}</pre>\n${outputs}</div>`
  );
}

/** True when any output of the notebook calls `Plotly.newPlot`. */
export function notebookNeedsPlotly(notebook: Notebook): boolean {
  return notebook.cells.some((c) => c.cell_type === "code" && c.outputs.some((o) => o.output_type !== "stream" && o.output_type !== "error" && joinText(o.data["text/html"]).includes("Plotly.newPlot")));
}

/** The title of a notebook: its first markdown heading, else `fallback`. */
export function notebookTitle(notebook: Notebook, fallback: string): string {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = joinText(cell.source).split("\n").find((l) => /^#{1,6}\s/.test(l));
    if (heading !== undefined) return heading.replace(/^#+\s*/, "").trim();
  }
  return fallback;
}

/**
 * A complete HTML page for an executed notebook. `plotlyLibrary` is the `<script>` holding
 * plotly.js; it is placed once in the head when some output draws a plot.
 */
export function notebookToHtml(notebook: Notebook, summary: ReportSummary, plotlyLibrary: () => string): string {
  const library = notebookNeedsPlotly(notebook) ? plotlyLibrary() : "";
  const status = summary.status === "ok" ? `<span class="status-ok">all cells ran</span>` : `<span class="status-failed">${escapeHtml(summary.status)}: ${escapeHtml(summary.detail)}</span>`;
  const cells = notebook.cells.map(cellToHtml).join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(summary.title)}</title><style>${STYLE}</style>
${library}
</head><body>
<header class="report"><a href="index.html">all reports</a> · ${escapeHtml(summary.name)}.ipynb · ${status} · ${summary.seconds.toFixed(1)} s</header>
${cells}
</body></html>
`;
}

/** `reports/index.html`: one line per notebook with its status and run time. */
export function indexHtml(summaries: readonly ReportSummary[], note: string): string {
  const rows = summaries
    .map((s) => {
      const cls = s.status === "ok" ? "status-ok" : s.status === "failed" || s.status === "interrupted" ? "status-failed" : "status-other";
      return `<tr><td><a href="${escapeHtml(s.name)}.html">${escapeHtml(s.name)}</a></td><td>${escapeHtml(s.title)}</td><td class="${cls}">${escapeHtml(s.status)}${s.detail === "" ? "" : ` (${escapeHtml(s.detail)})`}</td><td class="num">${s.seconds.toFixed(1)} s</td><td><a href="${escapeHtml(s.name)}.ipynb">.ipynb</a></td></tr>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>relu-milp-robustness reports</title><style>${STYLE}</style></head><body>
<h1>Reports</h1><p>${escapeHtml(note)}</p>
<table class="relu-table"><thead><tr><th>notebook</th><th>title</th><th>status</th><th>time</th><th>executed notebook</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
