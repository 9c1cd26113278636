import { findAdversarialExample } from "../adversarial/find";
import { findAdversarialExampleBest } from "../best/best-attack";
import * as path from "node:path";
import { networkFingerprint } from "../bounds/io";
import { RESULTS_DIR } from "../paths";
import { adversarialTarget } from "../adversarial/target";
import { resolveBounds } from "../bounds/resolve";
import type { BoundsMethod, NetworkBounds } from "../bounds/types";
import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { MilpSolver } from "../solver/types";
import type { AttackRecord } from "./evaluate";
import { selectBalanced, type LabelledImages } from "./selection";
import { JsonlStore, readJsonl, type JsonlSchema } from "../store/jsonl-store";
import { sameOptimum } from "../adversarial/optimum";

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
  /**
   * How each minimal-L1 MILP is solved: "best" (default; gradient-attack start, L1-ball bounds,
   * `findAdversarialExampleBest`) or "thesis" (the plain model (7)-(9) of `findAdversarialExample`).
   * Both prove the same optimum; "best" is 5-20x faster on DNN1.
   */
  readonly method?: "best" | "thesis";
  /** Global bounds method per network over [0, 1] (default "milp" for "thesis", "lp" for "best"). */
  readonly bounds?: BoundsMethod;
  /**
   * A JSON-lines file of finished attacks: read before the study (an attack already there for the
   * same approach name, network weights, image, method and time limit is not solved again) and
   * appended after every attack, so a killed study resumes where it stopped. It is a `JsonlStore`
   * (one fsync'd line per attack, torn last line dropped, `<file>.lock.tmp` held while the study runs).
   */
  readonly cacheFile?: string;
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
  // The cache is a JsonlStore: a torn last line (a kill in mid-write) is dropped, a second study on
  // the same file is kept out by its lock until this one ends.
  const cache = options.cacheFile === undefined ? null : JsonlStore.open(options.cacheFile, CACHE_LINE);
  try {
    return await attackAll(approaches, test, solver, options, images, cache?.rows ?? [], cache);
  } finally {
    cache?.close();
  }
}

/**
 * The study as far as `cacheFile` holds it, without solving anything: the approaches whose every
 * common image has a cached attack (same approach name, weights, method and time limit), the
 * others left out. `robustness-evaluate` without `--distance` uses it, so rewriting the accuracy
 * tables keeps Table 8 from an earlier `--distance` run instead of dropping it — as long as no
 * network changed: a retrained network has other weights (its attacks are not in the cache) and
 * may change which images every approach classifies correctly (the common images). Reads the file
 * without its lock and repairs nothing.
 * @throws if `cacheFile` is not given.
 */
export async function cachedDistanceStudy(
  approaches: readonly DistanceApproach[],
  test: LabelledImages,
  options: DistanceStudyOptions,
): Promise<DistanceStudy> {
  if (options.cacheFile === undefined) throw new Error("cachedDistanceStudy: options.cacheFile is required");
  const images = commonCorrectImages(approaches, test, options.images ?? 100, options.seed ?? 5);
  // Read only: no lock (a --distance run may be appending), no repair of a torn last line.
  return attackAll(approaches, test, null, options, images, readJsonl(options.cacheFile, CACHE_LINE), null);
}

/**
 * The study's loop over approaches and images: attacks found in `cachedLines` are reused, new ones
 * appended to `cache`. Without a solver only cached attacks are used and an approach with any image
 * missing is left out.
 */
async function attackAll(
  approaches: readonly DistanceApproach[],
  test: LabelledImages,
  solver: MilpSolver | null,
  options: DistanceStudyOptions,
  images: readonly number[],
  cachedLines: readonly CacheLine[],
  cache: JsonlStore<CacheLine> | null,
): Promise<DistanceStudy> {
  const records: Record<string, AttackRecord[]> = {};
  const total = images.length * approaches.length;
  const method = options.method ?? "best";
  const timeLimit = options.timeLimit ?? 300;
  const cached = new Map(cachedLines.map((line) => [line.key, line.record]));
  let done = 0;
  for (const a of approaches) {
    const fingerprint = networkFingerprint(a.net);
    const keyOf = (image: string): string => attackKey(a.name, fingerprint, image, method, timeLimit);
    if (solver === null) {
      const hits = images.map((i) => cached.get(keyOf(`test/${i}`)));
      if (hits.every((h): h is AttackRecord => h !== undefined)) records[a.name] = hits;
      continue;
    }
    let bounds: NetworkBounds | null = null;
    const list: AttackRecord[] = [];
    for (const i of images) {
      const hit = cached.get(keyOf(`test/${i}`));
      if (hit !== undefined) {
        list.push(hit);
        done++;
        options.onAttack?.(a.name, hit, done, total);
        continue;
      }
      bounds ??= (await resolveBounds(a.net, { method: options.bounds ?? (method === "best" ? "lp" : "milp"), inputDomain: { lower: 0, upper: 1 }, solver, cache: false })).bounds;
      const label = test.labels[i];
      const attack = { label, target: adversarialTarget(label), bounds, solver, timeLimit };
      const image = Float64Array.from(test.images[i]);
      const r = method === "best" ? await findAdversarialExampleBest(a.net, image, attack) : await findAdversarialExample(a.net, image, attack);
      const record: AttackRecord = {
        image: `test/${i}`,
        status: r.adversarial !== null && !r.verified ? "unverified" : r.status,
        l1: r.verified ? r.l1 : null,
        gap: r.gap,
        nodes: r.nodes,
        seconds: r.seconds,
      };
      list.push(record);
      const key = keyOf(record.image);
      if (cache !== null && !cache.has(key)) cache.append({ key, record });
      done++;
      options.onAttack?.(a.name, record, done, total);
    }
    records[a.name] = list;
  }
  return { images, records };
}

/** The committed distance study's cache of finished attacks (written by `scripts/robustness-evaluate.ts --distance`). */
export const DISTANCE_CACHE_FILE = path.join(RESULTS_DIR, "robustness-distance.jsonl");

/** One live attack to compare with the committed study (see {@link checkLiveDistances}). */
export interface LiveDistance {
  /** The approach's name in the committed study ("original", "cr", "pr-mixed", "pgd", "gp-min-distance"). */
  readonly approach: string;
  readonly net: Network;
  /** MNIST test index. */
  readonly image: number;
  readonly status: string;
  readonly l1: number | null;
}

/**
 * Compares live minimal-L1 attacks with the committed distance study where both proved an
 * optimum for the same approach, weights and image: the optimum belongs to the image, so the two
 * L1 must agree (`sameOptimum`, relative 1e-5). Returns a visible verdict; with no shared attack it says so and
 * passes (the live images need not be among the study's 100).
 */
export function checkLiveDistances(live: readonly LiveDistance[], lookup: ReturnType<typeof committedAttacks>): { readonly ok: boolean; readonly line: string } {
  const shared = live
    .map((a) => ({ a, c: lookup(a.approach, a.net, a.image) }))
    .filter((x): x is { a: LiveDistance; c: AttackRecord } => x.c !== null && x.c.status === "optimal" && x.a.status === "optimal" && x.c.l1 !== null && x.a.l1 !== null);
  const bad = shared.filter(({ a, c }) => !sameOptimum(a.l1 as number, c.l1 as number));
  if (shared.length === 0) return { ok: true, line: "– no live attack shares an image with the committed distance study: nothing to compare" };
  const ok = bad.length === 0;
  const detail = bad.map(({ a, c }) => `${a.approach} image ${a.image}: live ${a.l1} vs committed ${c.l1}`).join("; ");
  return { ok, line: `${ok ? "✓" : "✗"} ${shared.length} live optima equal the committed study's for the same approach and image${ok ? "" : `: ${detail}`}` };
}

/** The cache key of one attack: approach name, weights fingerprint, image ("test/<i>"), method, time limit. */
function attackKey(name: string, fingerprint: string, image: string, method: "best" | "thesis", timeLimit: number): string {
  return JSON.stringify([name, fingerprint, image, method, timeLimit]);
}

/**
 * Reads a distance cache (no lock, no repair) and returns a lookup of its finished attacks: the
 * record of approach `name` (as `scripts/robustness-evaluate.ts` names them: "original", "cr",
 * "pr-mixed", "pgd", "gp-min-distance") on these exact weights and test image, or null. For
 * comparing a live attack with the committed study (notebook 07).
 */
export function committedAttacks(cacheFile: string, method: "best" | "thesis" = "best", timeLimit = 300): (name: string, net: Network, image: number) => AttackRecord | null {
  const cached = new Map(readJsonl(cacheFile, CACHE_LINE).map((line) => [line.key, line.record]));
  return (name, net, image) => cached.get(attackKey(name, networkFingerprint(net), `test/${image}`, method, timeLimit)) ?? null;
}

/** One line of the distance cache: the attack's key and its record. */
interface CacheLine {
  readonly key: string;
  readonly record: AttackRecord;
}

/** The distance cache's rows: `{ key, record }`, one per attack key. */
const CACHE_LINE: JsonlSchema<CacheLine> = {
  what: "distance cache line",
  isRow: (value): value is CacheLine => {
    if (typeof value !== "object" || value === null) return false;
    const v = value as Record<string, unknown>;
    return typeof v.key === "string" && typeof v.record === "object" && v.record !== null && !Array.isArray(v.record);
  },
  key: (line) => line.key,
};
