import type { Network } from "../dnn/network";
import { findAdversarialExample } from "../adversarial/find";
import type { AdversarialResult } from "../adversarial/types";
import type { NetworkBounds } from "../bounds/types";
import type { MilpSolver } from "../solver/types";
import { BEST_SOLVER_OPTIONS, findAdversarialExampleBest } from "./best-attack";
import { findAdversarialExampleShrink } from "./shrinking-balls";

/**
 * The speed ideas measured by `npm run bench:core`, one entry each, so that every idea is timed
 * before/after on the same images (thesis 4.2 setting: target (d̃ + 5) mod 10, ratio 1.2, floor 0.01).
 */
export type CoreMethod = "base" | "elim" | "lp" | "best" | "best-heur" | "best-interval" | "best-nosym" | "best-lpball" | "best-shrink" | "best-shrink-lp" | "best-shrink-milp" | "best-shrink-probe" | "best-region" | "best-shrink-region" | "best-shrink-milp-region";

/** Every core method, in the order of the table. */
export const CORE_METHODS: readonly CoreMethod[] = ["base", "elim", "lp", "best", "best-heur", "best-interval", "best-nosym", "best-lpball", "best-shrink", "best-shrink-lp", "best-shrink-milp", "best-shrink-probe", "best-region", "best-shrink-region", "best-shrink-milp-region"];

/** What each core method does. */
export interface CoreMethodPlan {
  /** Global bounds it encodes with. */
  readonly bounds: "interval" | "lp";
  /** Drop the binaries of neurons the bounds prove stable. */
  readonly eliminateStable: boolean;
  /** Run the best method (attack incumbent, MIP start, L1-ball bounds, cap). */
  readonly incumbent: boolean;
  /** Shrinking balls before the final solve (`findAdversarialExampleShrink`, best variants only). */
  readonly shrink?: boolean;
  /** Share of the time limit for the shrinking rounds (`ShrinkOptions.shrinkShare`; default 0.5). */
  readonly shrinkShare?: number;
  /** `ShrinkOptions.tightenProbe` (seconds on LP bounds before the MILP bounds; "milp" only, default 3). */
  readonly tightenProbe?: number;
  /** Tightening of the shrinking rounds' ball bounds (`ShrinkOptions.tighten`; shrink variants only, default "none"). */
  readonly tighten?: "none" | "lp" | "milp";
  /** Seconds for LP tightening of the ball bounds (best variants; default 0 = off). */
  readonly ballLpSeconds?: number;
  /** Seconds for the region descent of the attack's example (`BestOptions.regionDescentSeconds`; default 0 = off). */
  readonly regionDescentSeconds?: number;
  /** HiGHS options (the best method turns RINS/RENS off unless told otherwise). */
  readonly solverOptions?: Readonly<Record<string, string | number | boolean>>;
  readonly description: string;
}

/** What every shrinking-balls core method shares. */
const SHRINK = { bounds: "lp", eliminateStable: true, incumbent: true, shrink: true } as const;

/** The plan of every core method. */
export const CORE_PLANS: Readonly<Record<CoreMethod, CoreMethodPlan>> = {
  base: { bounds: "interval", eliminateStable: false, incumbent: false, description: "thesis base model: interval bounds, a binary per ReLU" },
  elim: { bounds: "interval", eliminateStable: true, incumbent: false, description: "interval bounds, stable neurons without binary" },
  lp: { bounds: "lp", eliminateStable: true, incumbent: false, description: "LP bounds (cached), stable neurons eliminated" },
  best: { bounds: "lp", eliminateStable: true, incumbent: true, description: "lp + attack incumbent as MIP start + L1-ball bounds + cap, RINS/RENS off" },
  "best-heur": {
    bounds: "lp",
    eliminateStable: true,
    incumbent: true,
    solverOptions: {},
    description: "best with HiGHS' default heuristics (RINS/RENS on)",
  },
  "best-interval": { bounds: "interval", eliminateStable: true, incumbent: true, description: "best over interval global bounds" },
  "best-nosym": {
    bounds: "lp",
    eliminateStable: true,
    incumbent: true,
    solverOptions: { ...BEST_SOLVER_OPTIONS, mip_detect_symmetry: false, mip_allow_restart: false },
    description: "best with symmetry detection and restarts also off (docs/solver.md)",
  },
  "best-lpball": {
    bounds: "lp",
    eliminateStable: true,
    incumbent: true,
    ballLpSeconds: 20,
    description: "best with the deeper ball bounds tightened by LPs with the cap (≤ 20 s)",
  },
  "best-shrink": {
    bounds: "lp",
    eliminateStable: true,
    incumbent: true,
    shrink: true,
    description: "best after shrinking balls: capped solves at radii between the proven lower bound and u (src/best/shrinking-balls.ts)",
  },
  "best-shrink-lp": {
    bounds: "lp",
    eliminateStable: true,
    incumbent: true,
    shrink: true,
    tighten: "lp",
    description: "best-shrink with each round's ball bounds tightened by persistent LPs with (8) (src/best/ball-obbt.ts)",
  },
  "best-shrink-milp": {
    bounds: "lp",
    eliminateStable: true,
    incumbent: true,
    shrink: true,
    tighten: "milp",
    tightenProbe: 0,
    description: "best-shrink with each round's ball bounds tightened by bound MILPs (≤ 20 s per radius) and persistent LPs with (8) (src/best/ball-obbt.ts)",
  },
  "best-shrink-probe": {
    bounds: "lp",
    eliminateStable: true,
    incumbent: true,
    shrink: true,
    tighten: "milp",
    tightenProbe: 3,
    shrinkShare: 0.7,
    description: "best-shrink-milp with a 3 s probe on LP bounds before each radius' MILP bounds, rounds until 70 % of the limit",
  },
  "best-region": {
    bounds: "lp",
    eliminateStable: true,
    incumbent: true,
    regionDescentSeconds: 5,
    description: "best with the attack's example improved by LPs over linear regions (≤ 5 s, src/attack/region-descent.ts)",
  },
  "best-shrink-region": { ...SHRINK, regionDescentSeconds: 5, description: "best-shrink from the region-descended example" },
  "best-shrink-milp-region": { ...SHRINK, tighten: "milp", tightenProbe: 0, regionDescentSeconds: 5, description: "best-shrink-milp from the region-descended example" },
};

/** Parses "--methods base,best", naming an unknown method. */
export function parseCoreMethods(text: string): CoreMethod[] {
  const out = text.split(",").map((m) => m.trim()).filter((m) => m !== "");
  for (const m of out) if (!(CORE_METHODS as readonly string[]).includes(m)) throw new Error(`--methods: unknown method "${m}" (use ${CORE_METHODS.join(", ")})`);
  return out as CoreMethod[];
}

/** One solve of the core benchmark. */
export interface CoreRun {
  readonly result: AdversarialResult;
  /** Wall-clock seconds of the whole method (attack + MILP), bounds excluded. */
  readonly seconds: number;
  /**
   * CPU seconds (user + system) of this process over the run: HiGHS wasm runs on the main
   * thread, so this is the solve's own work and hardly depends on the other jobs on the machine.
   */
  readonly cpuSeconds: number;
  readonly attackSeconds: number;
  readonly incumbentL1: number | null;
  /** What the method did beyond the result, in words (e.g. best-shrink's rounds), or undefined. */
  readonly note?: string;
}

/** Runs one method on one image with the network's global bounds of the plan's kind. */
export async function runCoreMethod(
  net: Network,
  image: ArrayLike<number>,
  label: number,
  method: CoreMethod,
  bounds: NetworkBounds,
  solver: MilpSolver,
  timeLimit: number,
  guides: readonly ArrayLike<number>[],
): Promise<CoreRun> {
  const plan = CORE_PLANS[method];
  const started = Date.now();
  const cpu = process.cpuUsage();
  const cpuSeconds = (): number => {
    const d = process.cpuUsage(cpu);
    return (d.user + d.system) / 1e6;
  };
  const common = { label, solver, bounds, eliminateStable: plan.eliminateStable, timeLimit, solverOptions: plan.solverOptions };
  if (!plan.incumbent) {
    const result = await findAdversarialExample(net, image, common);
    return { result, seconds: (Date.now() - started) / 1000, cpuSeconds: cpuSeconds(), attackSeconds: 0, incumbentL1: null };
  }
  const best = { ...common, guides, ballLpSeconds: plan.ballLpSeconds, regionDescentSeconds: plan.regionDescentSeconds };
  if (plan.shrink === true) {
    const result = await findAdversarialExampleShrink(net, image, { ...best, tighten: plan.tighten, shrinkShare: plan.shrinkShare, tightenProbe: plan.tightenProbe });
    const note = result.rounds
      .map((r) => `r ${r.radius.toFixed(3)} ${r.status} ${r.seconds.toFixed(1)} s${r.tightenSeconds ? ` (+${r.tightenSeconds.toFixed(1)} s bounds, ${r.binaries} bin)` : ""} → [${r.lower.toFixed(3)}, ${r.upper.toFixed(3)}]`)
      .join("; ");
    return { result, seconds: (Date.now() - started) / 1000, cpuSeconds: cpuSeconds(), attackSeconds: result.attackSeconds, incumbentL1: result.incumbentL1, note };
  }
  const result = await findAdversarialExampleBest(net, image, best);
  return { result, seconds: (Date.now() - started) / 1000, cpuSeconds: cpuSeconds(), attackSeconds: result.attackSeconds, incumbentL1: result.incumbentL1 };
}
