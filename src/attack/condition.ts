/**
 * Condition (8) as a slack: the output x^K satisfies x^K_t ≥ ratio · x^K_j for every j ≠ t and
 * x^K_t ≥ minActivation exactly when every slack below is ≥ 0.
 */

/** Parameters of condition (8) (thesis 3.3; defaults ratio 1.2, floor 0.01). */
export interface AdversarialCondition {
  /** Target class t (the thesis' d = (d̃ + 5) mod 10). */
  readonly target: number;
  /** Required ratio of (8): x^K_t ≥ ratio · x^K_j (1.2 in the thesis). */
  readonly ratio: number;
  /** Minimum target activation x^K_t (0.01 by default; 0 turns the floor off). */
  readonly minActivation: number;
}

/** The tightest slack of condition (8) and which term it comes from. */
export interface ConditionSlack {
  /** min over the terms of (x^K_t − ratio · x^K_j) and (x^K_t − minActivation). */
  readonly slack: number;
  /** The class j of the tightest term, or -1 when the floor on x^K_t is the tightest. */
  readonly worst: number;
}

/** Output value x^K_j from its pre-activation p_j (ReLU or linear output layer). */
function outputValue(p: number, relu: boolean): number {
  return relu && p < 0 ? 0 : p;
}

/**
 * Slack of condition (8) for the output layer's pre-activations `pre` (x^K = σ(pre)).
 * @param reluOutput - whether the output layer applies ReLU (true for the thesis' networks)
 */
export function conditionSlack(pre: ArrayLike<number>, reluOutput: boolean, c: AdversarialCondition): ConditionSlack {
  const yt = outputValue(pre[c.target], reluOutput);
  let slack = yt - c.minActivation;
  let worst = -1;
  for (let j = 0; j < pre.length; j++) {
    if (j === c.target) continue;
    const s = yt - c.ratio * outputValue(pre[j], reluOutput);
    if (s < slack) {
      slack = s;
      worst = j;
    }
  }
  return { slack, worst };
}

/** Slack of condition (8) for output values x^K (already activated), as the forward pass gives them. */
export function outputSlack(output: ArrayLike<number>, c: AdversarialCondition): number {
  return conditionSlack(output, false, c).slack;
}

/**
 * The direction, on the output pre-activations, whose increase raises the slack of term `worst`:
 * e_t − ratio · σ'(p_j) e_j (σ' = 1 on the target: a surrogate so that a dead target unit still
 * gets pushed up; the floor term (worst = -1) is just e_t).
 */
export function slackDirection(pre: ArrayLike<number>, reluOutput: boolean, c: AdversarialCondition, worst: number): Float64Array {
  const g = new Float64Array(pre.length);
  g[c.target] = 1;
  if (worst >= 0 && (!reluOutput || pre[worst] > 0)) g[worst] = -c.ratio;
  return g;
}

/** Total violation of (8) with a margin, and the direction that reduces it (see {@link violation}). */
export interface Violation {
  /** V = Σ over the terms of max(0, margin − slack_term): 0 exactly when (8) holds with the margin. */
  readonly total: number;
  /** Σ over the violated terms of ∂slack_term/∂p (p = output pre-activations): raising g·p lowers V. */
  readonly direction: Float64Array;
}

/**
 * Total violation of condition (8) with a margin, over all terms at once (smoother than the
 * tightest term alone), and its descent direction on the output pre-activations (target
 * treated as linear, see {@link slackDirection}).
 */
export function violation(pre: ArrayLike<number>, reluOutput: boolean, c: AdversarialCondition, margin: number): Violation {
  const direction = new Float64Array(pre.length);
  const yt = outputValue(pre[c.target], reluOutput);
  let total = 0;
  const floor = margin - (yt - c.minActivation);
  if (floor > 0) {
    total += floor;
    direction[c.target] += 1;
  }
  for (let j = 0; j < pre.length; j++) {
    if (j === c.target) continue;
    const yj = outputValue(pre[j], reluOutput);
    const v = margin - (yt - c.ratio * yj);
    if (v <= 0) continue;
    total += v;
    direction[c.target] += 1;
    if (!reluOutput || pre[j] > 0) direction[j] -= c.ratio;
  }
  return { total, direction };
}
