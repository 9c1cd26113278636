import * as fs from "node:fs";
import { findAdversarialExample } from "../adversarial/find";
import type { AdversarialResult } from "../adversarial/types";
import { findAdversarialExampleBest } from "../best/best-attack";
import { findAdversarialExampleShrink } from "../best/shrinking-balls";
import { resolveBounds } from "../bounds/resolve";
import type { NetworkBounds } from "../bounds/types";
import { loadNetwork } from "../dnn/load";
import type { Network } from "../dnn/network";
import { HighsSolver } from "../solver/highs";
import { METHOD_PLANS } from "./methods";
import type { JobHandler } from "./pool";
import type { BenchMethod, BenchStatus, ResultKey } from "./row";

/**
 * The benchmark's job handler, run inside each pool worker (see pool.ts): one HighsSolver per
 * worker, networks and bounds cached per worker. Two kinds of job: computing (and caching in
 * data/bounds/) the bounds of one (network, method), and one attack of thesis 3.3 on one image.
 */

/** Compute the global bounds of one (network, method) and write them to the bounds cache. */
export interface BoundsJob {
  readonly kind: "bounds";
  /** Network name ("dnn1") or path of a network file. */
  readonly network: string;
  readonly method: BenchMethod;
  /** Bounds cache folder (default data/bounds). */
  readonly boundsDir?: string;
  /** Worker threads over which the bound solves are spread (computeBounds `workers`; default 1). */
  readonly workers?: number;
}

/** Find the minimum-L1 adversarial example (9) for one image. */
export interface AttackJob extends ResultKey {
  readonly kind: "attack";
  /** Network name or path (what loadNetwork takes); `model` is the network's own name. */
  readonly network: string;
  readonly label: number;
  /** Target class of (8): (label + 5) mod 10. */
  readonly target: number;
  /** The test image x̃ (784 pixels in [0, 1]). */
  readonly image: readonly number[];
  readonly timeLimit: number;
  readonly relativeGap: number;
  /** Ratio of (8) (thesis: 1.2). */
  readonly ratio: number;
  /** Floor x^K_t ≥ this (thesis Fig. 4c: 0.01). */
  readonly minTargetActivation: number;
  /** Images the network classifies as the target, hints for the best method's gradient attack. */
  readonly guides?: readonly (readonly number[])[];
  readonly boundsDir?: string;
}

/** Any benchmark job. */
export type BenchJob = BoundsJob | AttackJob;

/** What a bounds job returns. */
export interface BoundsOutcome {
  readonly kind: "bounds";
  readonly seconds: number;
  readonly cached: boolean;
}

/** What an attack job returns: the row's attack fields. */
export interface AttackOutcome {
  readonly kind: "attack";
  readonly status: BenchStatus;
  readonly l1: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly nodes: number;
  readonly seconds: number;
  readonly presolveSeconds: number;
  readonly adversarial: number[] | null;
  readonly outputs: number[] | null;
  readonly verified: boolean | null;
  readonly solver: string;
  /** CPU seconds of the worker thread during the job (Linux /proc), or absent. */
  readonly cpuSeconds?: number;
  /** `createdAt` of the cached bounds file the model was built on (absent for interval bounds). */
  readonly boundsCreatedAt?: string;
  readonly message?: string;
}

/** A bounds or attack outcome. */
export type BenchOutcome = BoundsOutcome | AttackOutcome;

/**
 * CPU seconds (user + system) used so far by the calling thread, from /proc/thread-self/stat
 * (Linux; clock ticks of 1/100 s), or null elsewhere. A worker runs one HiGHS solve at a time on
 * its own thread, so the difference over a job is the job's CPU time, whatever the machine's load.
 */
export function threadCpuSeconds(): number | null {
  try {
    const stat = fs.readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : null;
  } catch {
    return null;
  }
}

/** The row fields of a finished attack. */
export function attackOutcome(r: AdversarialResult, solver: string, extraSeconds: number, note?: string): AttackOutcome {
  const message = [note, r.message].filter((m): m is string => m !== undefined && m !== "").join("; ");
  return {
    kind: "attack",
    status: r.status,
    l1: r.l1,
    bound: r.bound,
    gap: r.gap,
    nodes: r.nodes,
    seconds: r.seconds + extraSeconds,
    presolveSeconds: r.presolveSeconds,
    adversarial: r.adversarial === null ? null : Array.from(r.adversarial),
    outputs: r.outputs,
    verified: r.adversarial === null ? null : r.verified,
    solver,
    ...(message !== "" ? { message } : {}),
  };
}

/** Creates the handler of one worker (its own HiGHS instance). */
export async function createJobHandler(): Promise<JobHandler<BenchJob, BenchOutcome>> {
  const solver = await HighsSolver.create();
  const networks = new Map<string, Network>();
  const bounds = new Map<string, NetworkBounds>();

  const network = (spec: string): Network => {
    let net = networks.get(spec);
    if (net === undefined) {
      net = loadNetwork(spec);
      networks.set(spec, net);
    }
    return net;
  };
  const globalBounds = async (spec: string, method: BenchMethod, dir?: string, workers?: number): Promise<{ bounds: NetworkBounds; cached: boolean }> => {
    const key = `${spec}|${method}|${dir ?? ""}`;
    const known = bounds.get(key);
    if (known !== undefined) return { bounds: known, cached: true };
    const resolved = await resolveBounds(network(spec), { method: METHOD_PLANS[method].bounds, solver, cache: true, dir, ...(workers !== undefined ? { workers } : {}) });
    bounds.set(key, resolved.bounds);
    return resolved;
  };

  const attack = async (job: AttackJob): Promise<AttackOutcome> => {
    const net = network(job.network);
    const plan = METHOD_PLANS[job.method];
    const global = (await globalBounds(job.network, job.method, job.boundsDir)).bounds;
    const common = {
      label: job.label,
      target: job.target,
      ratio: job.ratio,
      minTargetActivation: job.minTargetActivation,
      eliminateStable: plan.eliminateStable,
      relativeGap: job.relativeGap,
      solver,
      ...(plan.solverOptions !== undefined ? { solverOptions: plan.solverOptions } : {}),
    };
    const provenance = global.method !== "interval" && global.createdAt !== undefined ? { boundsCreatedAt: global.createdAt } : {};
    if (!plan.incumbent) {
      const r = await findAdversarialExample(net, job.image, { ...common, bounds: global, timeLimit: job.timeLimit });
      return { ...attackOutcome(r, solver.version, 0), ...provenance };
    }
    // best: the formulation's findAdversarialExampleBest (gradient-attack incumbent → MIP start,
    // L1-ball bounds intersected with the global ones, cap Σ δ_j ≤ u); its attack time is counted.
    const options = { ...common, bounds: global, timeLimit: job.timeLimit, attackSeconds: plan.attackSeconds, guides: job.guides, regionDescentSeconds: plan.regionDescentSeconds };
    const r =
      plan.shrink === true
        ? await findAdversarialExampleShrink(net, job.image, { ...options, tighten: plan.tighten, shrinkShare: plan.shrinkShare, tightenProbe: plan.tightenProbe })
        : await findAdversarialExampleBest(net, job.image, options);
    const note = r.incumbentL1 === null ? "no incumbent (plain model)" : `incumbent l1 ${r.incumbentL1.toFixed(4)}${r.fellBack ? ", fell back" : ""}`;
    return { ...attackOutcome(r, solver.version, r.attackSeconds, note), ...provenance };
  };

  return async (job: BenchJob): Promise<BenchOutcome> => {
    if (job.kind === "bounds") {
      const { bounds: b, cached } = await globalBounds(job.network, job.method, job.boundsDir, job.workers);
      return { kind: "bounds", seconds: b.seconds, cached };
    }
    const cpuBefore = threadCpuSeconds();
    const outcome = await attack(job);
    const cpuAfter = threadCpuSeconds();
    return cpuBefore === null || cpuAfter === null ? outcome : { ...outcome, cpuSeconds: Math.round((cpuAfter - cpuBefore) * 100) / 100 };
  };
}
