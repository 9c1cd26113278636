import type { Network } from "../dnn/network";
import { resolveBounds } from "../bounds/resolve";
import { checkBoundsFit } from "../bounds/io";
import type { NetworkBounds } from "../bounds/types";
import { HighsSolver } from "../solver/highs";
import { boundContradictsIncumbent, provenBound } from "../solver/proven-bound";
import type { MilpSolver } from "../solver/types";
import { adversarialStart, buildAdversarialModel, type AdversarialModel } from "./build";
import { adversarialSpec, type AdversarialSpec } from "./spec";
import type { AdversarialOptions, AdversarialResult } from "./types";
import { exampleFields } from "./example-fields";

/** Pixels closer than this to the original are reported unchanged (solver noise, not a change). */
const SNAP = 1e-9;

/**
 * Bounds from an option: a NetworkBounds as given, or a method resolved via the cache (`lp`,
 * `milp` and `weak-milp` need `solver`).
 */
export async function adversarialBounds(
  net: Network,
  options: AdversarialOptions,
  solver?: MilpSolver,
): Promise<{ bounds: NetworkBounds; cached: boolean }> {
  const choice = options.bounds ?? "interval";
  if (typeof choice !== "string") {
    checkBoundsFit(choice, net);
    return { bounds: choice, cached: true };
  }
  return resolveBounds(net, {
    method: choice,
    inputDomain: options.inputDomain,
    solver,
    timeLimitPerBound: options.timeLimitPerBound,
    cache: options.cacheBounds,
  });
}

/** Validates, resolves bounds and builds the MILP of {@link findAdversarialExample} without solving it (e.g. to export it). */
export async function prepareAdversarial(
  net: Network,
  image: ArrayLike<number>,
  options: AdversarialOptions = {},
  solver?: MilpSolver,
): Promise<{ spec: AdversarialSpec; built: AdversarialModel; bounds: NetworkBounds; cached: boolean }> {
  const spec = adversarialSpec(net, image, options);
  const needsSolver = typeof options.bounds === "string" && options.bounds !== "interval";
  const s = solver ?? options.solver ?? (needsSolver ? await HighsSolver.create() : undefined);
  const { bounds, cached } = await adversarialBounds(net, options, s);
  const built = buildAdversarialModel(net, spec, bounds, { extraConstraints: options.extraConstraints, eliminateStable: options.eliminateStable, deviation: options.deviation });
  return { spec, built, bounds, cached };
}

/**
 * Finds a minimum-deviation adversarial example (thesis 3.3): the pixels x^0 closest to `image`
 * in L1 (9) (or L∞) such that the network output satisfies (8) for the target class and, by
 * default, the floor x^K_d >= 0.01. Every returned example is re-verified with the float64
 * forward pass (`verified`, `verification`). An infeasible model (e.g. Δ too small) is a status,
 * not an error; bad input (image length, label/target range, target = label) throws, naming the field.
 */
export async function findAdversarialExample(net: Network, image: ArrayLike<number>, options: AdversarialOptions = {}): Promise<AdversarialResult> {
  const solver = options.solver ?? (await HighsSolver.create());
  const { spec, built, bounds, cached } = await prepareAdversarial(net, image, options, solver);
  let mipStart: Float64Array | undefined;
  if (options.start !== undefined) mipStart = adversarialStart(net, spec, built, options.start);
  const result = await solver.solve(built.model, {
    timeLimit: options.timeLimit ?? 300,
    relativeGap: options.relativeGap ?? 0,
    quiet: true,
    onProgress: options.onProgress,
    signal: options.signal,
    mipStart,
    solverOptions: options.solverOptions,
  });
  let adversarial: Float64Array | null = null;
  if (result.values !== null) {
    adversarial = Float64Array.from(built.encoded.x[0], (v, j) => {
      const clipped = Math.min(spec.upper[j], Math.max(spec.lower[j], result.values![v]));
      return Math.abs(clipped - spec.image[j]) < SNAP ? spec.image[j] : clipped;
    });
  }
  const fields = adversarial === null ? null : exampleFields(net, spec, adversarial);
  const verification = fields?.verification ?? null;
  const verified = fields?.verified ?? false;
  // A dual bound on the wrong side of the solve's own incumbent proves nothing (HiGHS #2154).
  const bound = provenBound(result, "minimize");
  const contradicted = boundContradictsIncumbent(result, "minimize");
  const messages = [
    result.message,
    contradicted ? `dual bound ${result.bound} contradicts the incumbent ${result.objective}: no proven bound${result.status === "optimal" ? ", so no proven optimum" : ""}` : undefined,
    verification !== null && !verified ? `not verified: ${verification.reasons.join("; ")}` : undefined,
    verification !== null && verified && !verification.classifiedAsTarget
      ? `satisfies the model but is no adversarial example: ${verification.reasons.join("; ")} (without the floor, or with the ratio 1, (8) admits such ties: Fig. 4b)`
      : undefined,
  ].filter(
    (m): m is string => m !== undefined,
  );
  return {
    // "optimal" rests on the dual bound the solver contradicted: nothing is proven (an error row, which a rerun retries).
    status: contradicted && result.status === "optimal" ? "error" : result.status,
    network: net.name,
    label: spec.label,
    target: spec.target,
    originalPrediction: spec.originalPrediction,
    norm: spec.norm,
    l1: fields?.l1 ?? null,
    linf: fields?.linf ?? null,
    objective: result.objective,
    bound,
    gap: bound === null ? null : result.gap,
    nodes: result.nodes,
    seconds: result.seconds,
    presolveSeconds: bounds.seconds,
    boundsMethod: bounds.method,
    boundsCached: cached,
    adversarial,
    outputs: fields?.outputs ?? null,
    predicted: fields?.predicted ?? null,
    verified,
    verification,
    // Counted in the model, so that binaries an extraConstraints callback added count too.
    model: { variables: built.model.variables.length, rows: built.model.rows.length, binaries: built.model.variables.filter((v) => v.type !== "continuous").length },
    ...(messages.length > 0 ? { message: messages.join("; ") } : {}),
  };
}
