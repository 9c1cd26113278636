import type { Network } from "../dnn/network";
import { padBound } from "../bounds/tighten";
import type { L1BallBounds } from "../bounds/l1-ball";
import { encodeNetwork } from "../encode/network";
import { preActivation } from "../encode/types";
import { ModelBuilder, type Model } from "../milp/model";
import type { MilpSolver } from "../solver/types";

/**
 * LP tightening of bounds over the L1 ball (the note's "or better, by LP with the cap"): for each
 * layer k ≥ 2 and each unit not yet proven stable, the LP relaxation of layers 1..k-1 (z ∈ [0, 1],
 * big-M from the current ball bounds) plus the deviation rows (9) and the cap Σ_j δ_j ≤ u is
 * solved twice, maximising and minimising w_j·x^{k-1} + b_j. Only optimal LP values are used,
 * padded outwards by `padBound`; every bound is intersected with the given ones, so the result
 * is never looser and stays sound for every x in the ball.
 */

/** Options of {@link tightenBallBoundsLp}. */
export interface BallLpOptions {
  readonly solver: MilpSolver;
  /** Seconds per LP (default 5). */
  readonly timeLimitPerBound?: number;
  /** Stop tightening (keep what is done) after this many seconds in total (default 30). */
  readonly timeBudget?: number;
}

/** Result of {@link tightenBallBoundsLp}: the tightened bounds and what it cost. */
export interface BallLpResult {
  readonly bounds: L1BallBounds;
  readonly lps: number;
  readonly seconds: number;
}

/** Tightens `ball` (from `l1BallBounds`) by LPs over the ball, layer by layer (see the file comment). */
export async function tightenBallBoundsLp(net: Pick<Network, "inputSize" | "layers">, ball: L1BallBounds, options: BallLpOptions): Promise<BallLpResult> {
  const started = Date.now();
  const budget = options.timeBudget ?? 30;
  const center = ball.l1Ball.center;
  const radius = ball.l1Ball.radius;
  const layers: { lower: number[]; upper: number[] }[] = ball.layers.map((l) => ({ lower: l.lower.slice(), upper: l.upper.slice() }));
  let lps = 0;
  for (let k = 2; k <= net.layers.length; k++) {
    if ((Date.now() - started) / 1000 > budget) break;
    const layer = net.layers[k - 1];
    const b = new ModelBuilder(`ball_bounds_layer${k}`);
    const enc = encodeNetwork(b, net, layers, { upToLayer: k - 1, relax: true, inputDomain: ball.inputDomain, eliminateStable: true });
    const x = enc.x[0];
    const delta = b.addVariables("delta", net.inputSize, { lb: 0, ub: Infinity });
    for (let j = 0; j < net.inputSize; j++) {
      b.addLe(`devUp[${j}]`, [[x[j], 1], [delta[j], -1]], center[j]);
      b.addGe(`devDn[${j}]`, [[x[j], 1], [delta[j], 1]], center[j]);
    }
    b.addLe("l1_ball_cap", delta.map((d) => [d, 1] as const), radius);
    const base = b.build();
    const { lower, upper } = layers[k - 1];
    for (let j = 0; j < layer.bias.length; j++) {
      if (upper[j] <= 0 || lower[j] >= 0) continue;
      if ((Date.now() - started) / 1000 > budget) break;
      const { terms, constant } = preActivation(layer, enc.x[k - 1], j);
      for (const sense of ["maximize", "minimize"] as const) {
        const model: Model = { ...base, name: `ball_${k}_${j}_${sense}`, objective: { sense, terms: terms.map(([v, coef]) => ({ v, coef })), offset: 0 } };
        const r = await options.solver.solve(model, { timeLimit: options.timeLimitPerBound ?? 5, quiet: true });
        lps++;
        if (r.status !== "optimal" || r.objective === null || !Number.isFinite(r.objective)) continue;
        if (sense === "maximize") upper[j] = Math.min(upper[j], padBound(r.objective + constant, "upper"));
        else lower[j] = Math.max(lower[j], padBound(r.objective + constant, "lower"));
      }
      if (lower[j] > upper[j]) {
        // Only through solver tolerances on a (near-)constant unit: keep the given bounds.
        lower[j] = ball.layers[k - 1].lower[j];
        upper[j] = ball.layers[k - 1].upper[j];
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  return { bounds: { ...ball, layers, seconds: ball.seconds + seconds }, lps, seconds };
}
