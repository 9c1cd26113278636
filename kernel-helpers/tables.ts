/**
 * HTML tables from plain rows or from a danfojs `DataFrame`. danfojs' Node build has no
 * `toHTML`, so the table is rendered from `df.columns` and `df.values`.
 */
import { Html, escapeHtml, rawHtml } from "./html";

/** A table cell value. `null`/`undefined` render as an empty cell. */
export type Cell = string | number | boolean | null | undefined;

/** A table row keyed by column name. */
export type Row = { readonly [column: string]: Cell };

/** Options for table rendering. */
export interface TableOptions {
  /** Caption shown above the table. */
  readonly caption?: string;
  /** Digits after the decimal point for non-integer numbers (default 4). */
  readonly digits?: number;
  /** Column order; default: the keys of the first row, then new keys in order of appearance. */
  readonly columns?: readonly string[];
}

/** The part of a danfojs `DataFrame` needed to render it (any DataFrame satisfies this). */
export interface DataFrameLike {
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[] | readonly unknown[];
}

/** Format one cell: integers as is, other numbers with `digits` decimals, booleans as ✓/✗. */
export function formatCell(value: Cell, digits = 4): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    return Number.isInteger(value) ? String(value) : value.toFixed(digits);
  }
  if (typeof value === "boolean") return value ? "✓" : "✗";
  return value;
}

function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** Numbers, and strings that are formatted numbers or ranges ("+6.50", "92–95"), align right. */
function isNumeric(value: Cell): boolean {
  return typeof value === "number" || (typeof value === "string" && /^[+-]?\d[\d.,]*(–\d[\d.,]*)?$/.test(value));
}

/** Render `header` and a matrix of cells as `<table class="relu-table">`. */
export function matrixTableHtml(header: readonly string[], cells: readonly (readonly Cell[])[], options: TableOptions = {}): Html {
  const digits = options.digits ?? 4;
  const caption = options.caption === undefined ? "" : `<caption>${escapeHtml(options.caption)}</caption>`;
  const head = `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>`;
  const body = cells
    .map((row, r) => {
      if (row.length !== header.length) {
        throw new Error(`table row ${r} has ${row.length} cells, header has ${header.length} columns`);
      }
      const tds = row.map((v) => `<td${isNumeric(v) ? ' class="num" style="text-align:right"' : ""}>${escapeHtml(formatCell(v, digits))}</td>`);
      return `<tr>${tds.join("")}</tr>`;
    })
    .join("");
  return rawHtml(`<table class="relu-table">${caption}${head}<tbody>${body}</tbody></table>`);
}

/** Render rows (objects keyed by column) as an HTML table. */
export function tableHtml(rows: readonly Row[], options: TableOptions = {}): Html {
  const columns = options.columns ?? columnsOf(rows);
  return matrixTableHtml(columns, rows.map((row) => columns.map((c) => row[c])), options);
}

function toCell(value: unknown): Cell {
  if (value === null) return null;
  if (value === undefined) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** Render a danfojs `DataFrame` (anything with `columns` and `values`) as an HTML table. */
export function dataFrameHtml(df: DataFrameLike, options: TableOptions = {}): Html {
  const values = df.values;
  const matrix = values.map((row) => (Array.isArray(row) ? row.map(toCell) : [toCell(row)]));
  return matrixTableHtml(df.columns, matrix, options);
}

/** A value the thesis reports: a number, a range [low, high] ("92-95 %"), or nothing. */
export type ThesisValue = number | readonly [number, number] | null;

/** One line of a "thesis vs ours" comparison. */
export interface Comparison {
  /** What is compared, e.g. "DNN1 test accuracy (%)". */
  readonly quantity: string;
  readonly ours: number;
  readonly thesis: ThesisValue;
}

/**
 * Difference ours - thesis; for a range, 0 inside it, else the distance to the nearest end
 * (signed). `null` when the thesis gives no value.
 */
export function thesisDifference(ours: number, thesis: ThesisValue): number | null {
  if (thesis === null) return null;
  if (typeof thesis === "number") return ours - thesis;
  const [low, high] = thesis;
  if (ours < low) return ours - low;
  if (ours > high) return ours - high;
  return 0;
}

function formatThesis(thesis: ThesisValue, digits: number): string {
  if (thesis === null) return "—";
  if (typeof thesis === "number") return formatCell(thesis, digits);
  return `${formatCell(thesis[0], digits)}–${formatCell(thesis[1], digits)}`;
}

/** A table with columns quantity, ours, thesis, difference (ours − thesis). */
export function comparisonTableHtml(rows: readonly Comparison[], options: TableOptions = {}): Html {
  const digits = options.digits ?? 2;
  const cells = rows.map((r): Cell[] => {
    const diff = thesisDifference(r.ours, r.thesis);
    const signed = diff === null ? "—" : `${diff > 0 ? "+" : ""}${formatCell(diff, digits)}`;
    return [r.quantity, formatCell(r.ours, digits), formatThesis(r.thesis, digits), signed];
  });
  return matrixTableHtml(["quantity", "ours", "thesis", "difference"], cells, { ...options, digits });
}

/** A cell "ours (thesis)" with two decimals, "–" for a missing figure of ours; only "ours" when the thesis has none. */
export function oursThesis(ours: number, thesis?: number, digits = 2): string {
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(digits) : "–");
  return `${f(ours)}${thesis === undefined ? "" : ` (${f(thesis)})`}`;
}
