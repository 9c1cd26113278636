import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";

/**
 * Run-time choice of the tfjs backend used for training: tfjs-node ("tensorflow", native
 * TensorFlow; an optionalDependency that does not install offline) when it loads, else
 * WebAssembly ("wasm", with SIMD), else plain JavaScript ("cpu").
 */

/** A tfjs backend this project can train with, fastest first. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

/** Backends in order of preference. */
export const BACKEND_PREFERENCE: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

/**
 * A `--backend` flag's value as a {@link BackendName} (undefined when absent).
 * @throws Error naming the flag, the accepted names and the value otherwise
 */
export function backendFlag(value: string | undefined): BackendName | undefined {
  if (value !== undefined && !(BACKEND_PREFERENCE as readonly string[]).includes(value)) {
    throw new Error(`--backend must be one of ${BACKEND_PREFERENCE.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as BackendName | undefined;
}

/** Which backend is in use and why the faster ones were not. */
export interface BackendChoice {
  readonly backend: BackendName;
  /** Backends tried before `backend`, with the reason each was unavailable. */
  readonly skipped: readonly { readonly backend: BackendName; readonly reason: string }[];
}

/**
 * Makes `name` the active tfjs backend, loading its package first.
 * @throws Error saying why the backend is unavailable (package missing, initialisation failed)
 */
export async function useBackend(name: BackendName): Promise<void> {
  if (name === "tensorflow") {
    try {
      // Optional dependency: registers the "tensorflow" backend when the native binding loads.
      require("@tensorflow/tfjs-node");
    } catch (e) {
      throw new Error(`@tensorflow/tfjs-node does not load: ${firstLine(e)}`);
    }
  } else if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // The .wasm binaries ship in the package's dist/ folder; SIMD is used when supported.
    const dist = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
    wasm.setWasmPaths(dist + path.sep);
  }
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new Error(`tfjs backend "${name}" failed to initialise: ${firstLine(e)}`);
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend "${name}" failed to initialise`);
  await tf.ready();
  if (name === "cpu") {
    // The cpu backend prints an "install tfjs-node" banner on its first tensor; the choice of
    // backend is already reported by describeBackend, so mark the banner as shown.
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  }
}

/**
 * Chooses the fastest backend that works here (tensorflow, then wasm, then cpu) and activates it.
 * @param only - force one backend instead of trying them in order
 */
export async function selectBackend(only?: BackendName): Promise<BackendChoice> {
  const candidates = only === undefined ? BACKEND_PREFERENCE : [only];
  const skipped: { backend: BackendName; reason: string }[] = [];
  for (const backend of candidates) {
    try {
      await useBackend(backend);
      return { backend, skipped };
    } catch (e) {
      skipped.push({ backend, reason: firstLine(e) });
    }
  }
  throw new Error(`no tfjs backend works: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ")}`);
}

/** One line describing a choice, e.g. `tfjs backend: wasm (SIMD) — tensorflow skipped: ...`. */
export async function describeBackend(choice: BackendChoice): Promise<string> {
  let detail = "";
  if (choice.backend === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
    detail = ` (SIMD ${simd ? "on" : "off"}, threads ${threads ? "on" : "off"})`;
  }
  const skipped = choice.skipped.map((s) => `${s.backend} unavailable: ${s.reason}`).join("; ");
  return `tfjs backend: ${choice.backend}${detail}${skipped.length > 0 ? ` [${skipped}]` : ""}`;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0];
}
