import type { Network } from "../dnn/network";
import type { DistanceApproach } from "./distance";
import { foldPerturbation } from "./perturbation";
import { schemeOf, type PerturbationFile } from "./perturbation-io";

/** The retrained networks Table 8 compares (thesis 4.3.3), by the suffix of their model file. */
export const DISTANCE_RETRAINED = ["cr", "pr-mixed", "pgd"] as const;

/** One of {@link DISTANCE_RETRAINED}. */
export type DistanceRetrained = (typeof DISTANCE_RETRAINED)[number];

/**
 * The approaches of Table 8's distance study (thesis 4.3.3), named as
 * `results/robustness-distance.jsonl` names them, in the table's order: the original network, the
 * retrained networks that exist (complete retraining, partial retraining on adversarial and
 * original images, PGD training), and the minimum-distance general perturbation (10a-10q) folded
 * into the first layer (p_j, q_j become W¹ diag(p), b¹ + W¹ q), which the attack MILP (7a-7i)
 * then sees as an ordinary network. A perturbation file that is not of the general kind is left
 * out: only the general scheme folds into one network.
 *
 * @param net the original network (DNN1 in the thesis).
 * @param retrained the retrained networks that exist, by suffix.
 * @param minDistance the `gp-min-distance` perturbation file, or null when it does not exist.
 */
export function distanceApproaches(
  net: Network,
  retrained: Readonly<Partial<Record<DistanceRetrained, Network>>>,
  minDistance: PerturbationFile | null,
): DistanceApproach[] {
  const approaches: DistanceApproach[] = [{ name: "original", net }];
  for (const key of DISTANCE_RETRAINED) {
    const n = retrained[key];
    if (n !== undefined) approaches.push({ name: key, net: n });
  }
  if (minDistance !== null) {
    const scheme = schemeOf(minDistance);
    if (scheme.kind === "general") approaches.push({ name: "gp-min-distance", net: foldPerturbation(net, scheme.perturbation) });
  }
  return approaches;
}
