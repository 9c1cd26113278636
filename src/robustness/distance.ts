import { findAdversarialExample } from "../adversarial/find";
import { adversarialTarget } from "../adversarial/target";
import { resolveBounds } from "../bounds/resolve";
import type { BoundsMethod, NetworkBounds } from "../bounds/types";
import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { MilpSolver } from "../solver/types";
import type { AttackRecord } from "./evaluate";
import { selectBalanced, type LabelledImages } from "./selection";

/**
 * The adversarial distance of thesis 3.4.3 / Appendix B (Tables 6 and 8): the mean minimal L1
 * distance (9) of an adversarial example with target (d̃ + 5) mod 10 over images that every
 * approach classifies correctly. A perturbed network (IP) is attacked as the network with the
 * perturbation folded into its first layer (`foldPerturbation`), so the attacked pixels x̄ stay in
 * [0, 1] — the same question the thesis answers with the perturbed input's domain set to [0, 1.5].
 */

/** One approach to attack: a name and the network that classifies (perturbation folded in for IP). */
export interface DistanceApproach {
  readonly name: string;
  readonly net: Network;
}

/** Options of {@link adversarialDistanceStudy}. */
export interface DistanceStudyOptions {
  /** Number of images (default 100). */
  readonly images?: number;
  /** Seed of the balanced choice (default 5). */
  readonly seed?: number;
  /** Time limit per attack in seconds (default 300, the thesis'). */
  readonly timeLimit?: number;
  /** Bounds method per network over [0, 1] (default "milp", the thesis' improved model). */
  readonly bounds?: BoundsMethod;
  /** Called after every attack. */
  readonly onAttack?: (approach: string, record: AttackRecord, done: number, total: number) => void;
}

/** Per approach, the attacks on the common images. */
export interface DistanceStudy {
  readonly images: readonly number[];
  readonly records: Readonly<Record<string, readonly AttackRecord[]>>;
}

/** Test images every approach classifies correctly, balanced over digits with a fixed seed. */
export function commonCorrectImages(approaches: readonly DistanceApproach[], test: LabelledImages, count: number, seed: number): number[] {
  return selectBalanced(test.labels, {
    total: count,
    seed,
    eligible: (i) => approaches.every((a) => classify(a.net, test.images[i]) === test.labels[i]),
  });
}

/**
 * Attacks the same images on every approach with the minimal-L1 MILP (thesis 3.3, target
 * (d̃ + 5) mod 10, ratio 1.2, floor 0.01) and records solved status, L1, gap, nodes and time.
 * Only verified examples count: an unverified answer is recorded with status "unverified".
 */
export async function adversarialDistanceStudy(
  approaches: readonly DistanceApproach[],
  test: LabelledImages,
  solver: MilpSolver,
  options: DistanceStudyOptions = {},
): Promise<DistanceStudy> {
  const images = commonCorrectImages(approaches, test, options.images ?? 100, options.seed ?? 5);
  const records: Record<string, AttackRecord[]> = {};
  const total = images.length * approaches.length;
  let done = 0;
  for (const a of approaches) {
    const bounds: NetworkBounds = (await resolveBounds(a.net, { method: options.bounds ?? "milp", inputDomain: { lower: 0, upper: 1 }, solver, cache: false })).bounds;
    const list: AttackRecord[] = [];
    for (const i of images) {
      const label = test.labels[i];
      const r = await findAdversarialExample(a.net, Float64Array.from(test.images[i]), {
        label,
        target: adversarialTarget(label),
        bounds,
        solver,
        timeLimit: options.timeLimit ?? 300,
      });
      const record: AttackRecord = {
        image: `test/${i}`,
        status: r.adversarial !== null && !r.verified ? "unverified" : r.status,
        l1: r.verified ? r.l1 : null,
        gap: r.gap,
        nodes: r.nodes,
        seconds: r.seconds,
      };
      list.push(record);
      done++;
      options.onAttack?.(a.name, record, done, total);
    }
    records[a.name] = list;
  }
  return { images, records };
}
