import { writeFileAtomic } from "../store/atomic-file";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../paths";
import type { SolveStatus } from "../solver/types";
import type { Perturbation, PerturbationScheme } from "./perturbation";

/**
 * Saved perturbations: `data/perturbations/<net>-<variant>.json` (format `perturbation/1`), one
 * entry for GP and its variants, ten (classes 0-9) for CP. Each entry records the solve that
 * produced it (status, objective, bound, gap, seconds, nodes) and its training image ids.
 */

/** The variants of thesis 4.3.2 and Appendix A. */
export type PerturbationVariant = "gp" | "gp-min-distance" | "cp" | "only-weights" | "only-disturbances";

/** Every variant. */
export const PERTURBATION_VARIANTS: readonly PerturbationVariant[] = ["gp", "gp-min-distance", "cp", "only-weights", "only-disturbances"];

/** The format tag of a perturbation file. */
export const PERTURBATION_FORMAT = "perturbation/1";

/** One solved perturbation (for CP: the one of class `predictedClass`). */
export interface SavedPerturbation {
  /** CP only: the predicted digit c this perturbation is applied to. */
  readonly predictedClass?: number;
  readonly p: readonly number[];
  readonly q: readonly number[];
  /** Ids of the training images H (data-set entry keys). */
  readonly trainingImages: readonly string[];
  readonly status: SolveStatus;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  readonly nodes: number;
  /** Training images meeting the margin in float64 with this perturbation. */
  readonly verified: number;
}

/** A perturbation file. */
export interface PerturbationFile {
  readonly format: typeof PERTURBATION_FORMAT;
  readonly network: string;
  readonly variant: PerturbationVariant;
  readonly scheme: "general" | "conditional";
  readonly perturbations: readonly SavedPerturbation[];
  /** Total solve seconds (CP: all 10 solves), the "Time" column of Tables 5 and 7. */
  readonly seconds: number;
  /** Everything else worth knowing (bounds method, time limit, options, solver). */
  readonly settings: Readonly<Record<string, string | number | boolean | null>>;
  readonly createdAt: string;
}

/** `data/perturbations/<network>-<variant>.json`. */
export function perturbationPath(network: string, variant: PerturbationVariant): string {
  return path.join(PROJECT_ROOT, "data", "perturbations", `${network}-${variant}.json`);
}

/** Writes a perturbation file (creating the folder) atomically: a killed run leaves the old file or the new one, never a torn one. */
export function savePerturbationFile(file: string, data: PerturbationFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(data)}\n`);
}

/**
 * Validates a parsed perturbation file.
 * @throws Error `<source>: <field>: <problem>`
 */
export function parsePerturbationFile(json: unknown, source: string): PerturbationFile {
  const fail = (field: string, problem: string): never => {
    throw new Error(`${source}: ${field}: ${problem}`);
  };
  if (typeof json !== "object" || json === null) return fail("(file)", "expected a JSON object");
  const o = json as Record<string, unknown>;
  if (o.format !== PERTURBATION_FORMAT) fail("format", `expected "${PERTURBATION_FORMAT}", got ${JSON.stringify(o.format)}`);
  if (typeof o.network !== "string") fail("network", "expected a string");
  if (!PERTURBATION_VARIANTS.includes(o.variant as PerturbationVariant)) fail("variant", `expected one of ${PERTURBATION_VARIANTS.join(", ")}`);
  if (o.scheme !== "general" && o.scheme !== "conditional") fail("scheme", `expected "general" or "conditional"`);
  if ((o.variant === "cp") !== (o.scheme === "conditional")) fail("scheme", `variant ${String(o.variant)} is ${o.variant === "cp" ? "conditional" : "general"}, got ${JSON.stringify(o.scheme)}`);
  if (typeof o.seconds !== "number" || !Number.isFinite(o.seconds)) fail("seconds", `expected a finite number, got ${JSON.stringify(o.seconds)}`);
  if (!Array.isArray(o.perturbations) || o.perturbations.length === 0) return fail("perturbations", "expected a non-empty array");
  const expected = o.scheme === "conditional" ? 10 : 1;
  if (o.perturbations.length !== expected) fail("perturbations", `a ${String(o.scheme)} perturbation has ${expected} entries, got ${o.perturbations.length}`);
  const perts = o.perturbations as Record<string, unknown>[];
  let n = -1;
  perts.forEach((pe, i) => {
    const f = `perturbations[${i}]`;
    for (const key of ["p", "q"] as const) {
      const arr = pe[key];
      if (!Array.isArray(arr) || arr.some((v) => typeof v !== "number" || !Number.isFinite(v))) fail(`${f}.${key}`, "expected an array of finite numbers");
      if (n < 0) n = (arr as number[]).length;
      if ((arr as number[]).length !== n) fail(`${f}.${key}`, `has ${(arr as number[]).length} values, expected ${n}`);
    }
    if ((pe.p as number[]).some((v) => v < 0)) fail(`${f}.p`, "weights p_j must be >= 0 (10o)");
    if (o.scheme === "conditional" && pe.predictedClass !== i) fail(`${f}.predictedClass`, `expected ${i}`);
    for (const key of ["seconds", "verified"] as const) {
      if (typeof pe[key] !== "number" || !Number.isFinite(pe[key])) fail(`${f}.${key}`, `expected a finite number, got ${JSON.stringify(pe[key])}`);
    }
    if (typeof pe.status !== "string") fail(`${f}.status`, `expected a string, got ${JSON.stringify(pe.status)}`);
  });
  return json as PerturbationFile;
}

/** Reads and validates a perturbation file. */
export function loadPerturbationFile(file: string): PerturbationFile {
  return parsePerturbationFile(JSON.parse(fs.readFileSync(file, "utf8")), path.basename(file));
}

/** The test-time scheme (Figure 2) of a file. */
export function schemeOf(file: PerturbationFile): PerturbationScheme {
  const toPert = (s: SavedPerturbation): Perturbation => ({ p: Float64Array.from(s.p), q: Float64Array.from(s.q) });
  if (file.scheme === "general") return { kind: "general", perturbation: toPert(file.perturbations[0]) };
  return { kind: "conditional", perClass: file.perturbations.map(toPert) };
}
