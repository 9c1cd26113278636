/**
 * The Jupyter notebook file format (nbformat 4), reduced to what the workbench reads and writes.
 * Notebooks in `notebooks/` are stored without outputs; executed copies go to `reports/`.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "../store/atomic-file";

/** Multi-line text as nbformat stores it: one string or a list of lines. */
export type MultilineText = string | readonly string[];

/** A MIME bundle, e.g. `{ "text/html": "<b>x</b>", "text/plain": "x" }`. */
export type MimeBundle = { readonly [mime: string]: MultilineText | undefined };

/** Text printed on stdout or stderr by a cell. */
export interface StreamOutput {
  readonly output_type: "stream";
  readonly name: "stdout" | "stderr";
  readonly text: MultilineText;
}

/** Rich output (`tslab.display.html(...)`): `display_data` or `execute_result`. */
export interface DisplayOutput {
  readonly output_type: "display_data" | "execute_result";
  readonly data: MimeBundle;
  readonly metadata: { readonly [key: string]: unknown };
  readonly execution_count?: number | null;
}

/** The error that stopped a cell. */
export interface ErrorOutput {
  readonly output_type: "error";
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: readonly string[];
}

/** Any cell output. */
export type Output = StreamOutput | DisplayOutput | ErrorOutput;

/** Cell metadata; the workbench records run times under `relu_milp`. */
export interface CellMetadata {
  readonly [key: string]: unknown;
  /** Seconds the cell took in the last `npm run replicate`. */
  readonly relu_milp?: { readonly seconds: number };
}

/** A code cell. */
export interface CodeCell {
  readonly cell_type: "code";
  readonly id?: string;
  readonly source: MultilineText;
  readonly metadata: CellMetadata;
  readonly execution_count: number | null;
  readonly outputs: readonly Output[];
}

/** A markdown or raw cell. */
export interface TextCell {
  readonly cell_type: "markdown" | "raw";
  readonly id?: string;
  readonly source: MultilineText;
  readonly metadata: CellMetadata;
}

/** Any cell. */
export type Cell = CodeCell | TextCell;

/** A notebook file. */
export interface Notebook {
  readonly nbformat: number;
  readonly nbformat_minor: number;
  readonly metadata: { readonly [key: string]: unknown };
  readonly cells: readonly Cell[];
}

/** Join nbformat multi-line text into one string. */
export function joinText(text: MultilineText | undefined): string {
  if (text === undefined) return "";
  return typeof text === "string" ? text : text.join("");
}

/** Split text into nbformat lines (each but the last keeps its "\n"). */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Validate parsed JSON as a notebook; errors name the file and the bad field. Missing `metadata`,
 * code cells' missing `outputs` and `execution_count` get their empty defaults.
 */
export function parseNotebook(json: unknown, source: string): Notebook {
  if (!isRecord(json)) throw new Error(`${source}: not a notebook (expected a JSON object)`);
  if (json.nbformat !== 4) throw new Error(`${source}: nbformat is ${String(json.nbformat)}, expected 4`);
  if (!Array.isArray(json.cells)) throw new Error(`${source}: field "cells" is not an array`);
  json.cells.forEach((cell: unknown, i: number) => {
    if (!isRecord(cell)) throw new Error(`${source}: cells[${i}] is not an object`);
    if (cell.cell_type !== "code" && cell.cell_type !== "markdown" && cell.cell_type !== "raw") {
      throw new Error(`${source}: cells[${i}].cell_type is ${String(cell.cell_type)}`);
    }
    if (typeof cell.source !== "string" && !Array.isArray(cell.source)) {
      throw new Error(`${source}: cells[${i}].source is neither a string nor a list of lines`);
    }
    // nbformat 4 requires both; a hand-written notebook may leave them out: default them.
    if (cell.metadata === undefined) cell.metadata = {};
    else if (!isRecord(cell.metadata)) throw new Error(`${source}: cells[${i}].metadata is not an object`);
    if (cell.cell_type === "code") {
      if (cell.outputs === undefined) cell.outputs = [];
      else if (!Array.isArray(cell.outputs)) throw new Error(`${source}: cells[${i}].outputs is not a list`);
      if (cell.execution_count === undefined) cell.execution_count = null;
    }
  });
  if (json.metadata === undefined) json.metadata = {};
  else if (!isRecord(json.metadata)) throw new Error(`${source}: field "metadata" is not an object`);
  return json as unknown as Notebook;
}

/** Read and validate a `.ipynb` file. */
export function readNotebook(file: string): Notebook {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: cannot read notebook: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseNotebook(json, file);
}

/**
 * Writes a notebook as Jupyter does (1-space indent, trailing newline), atomically (temporary
 * file, then rename): a kill never leaves half a file.
 */
export function writeNotebook(file: string, notebook: Notebook): void {
  writeFileAtomic(file, JSON.stringify(notebook, null, 1) + "\n");
}

/** The same notebook with every code cell's outputs and execution count cleared. */
export function stripOutputs(notebook: Notebook): Notebook {
  const cells = notebook.cells.map((cell): Cell => {
    if (cell.cell_type !== "code") return cell;
    const metadata: Record<string, unknown> = { ...cell.metadata };
    delete metadata.relu_milp;
    return { ...cell, metadata, outputs: [], execution_count: null };
  });
  return { ...notebook, cells };
}
