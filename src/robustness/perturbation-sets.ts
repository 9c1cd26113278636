import { entryKey, type DatasetEntry } from "./dataset";
import type { PerturbationImage } from "./input-perturbation-milp";
import { seededRandom, shuffled } from "./selection";

/**
 * The training images H of the perturbation MILP, chosen from the adversarial training set
 * (thesis 4.3.2), with a fixed seed:
 * - General Perturbation: 20 adversarial examples (2 per source digit) and 10 originals (1 per
 *   digit), so every digit appears;
 * - Conditional Perturbation for predicted digit c: 18 adversarial examples with target c, two
 *   from each other source digit, and 5 originals of c.
 */

/**
 * A {@link PerturbationImage} whose id is the data-set entry key; an adversarial example gets its
 * source original (same split and index, from `all`) as the prototype of the pattern start.
 */
export function toPerturbationImage(e: DatasetEntry, all: readonly DatasetEntry[] = []): PerturbationImage {
  const source = e.kind === "adversarial" ? all.find((o) => o.kind !== "adversarial" && o.split === e.split && o.index === e.index) : undefined;
  return { pixels: e.pixels, label: e.label, id: entryKey(e), ...(source === undefined ? {} : { prototype: source.pixels }) };
}

function pickPerGroup(entries: readonly DatasetEntry[], group: (e: DatasetEntry) => number, perGroup: number, groups: readonly number[], random: () => number, what: string): DatasetEntry[] {
  const out: DatasetEntry[] = [];
  for (const g of groups) {
    const members = shuffled(entries.filter((e) => group(e) === g), random);
    if (members.length < perGroup) throw new Error(`${what}: digit ${g} has ${members.length} candidates, ${perGroup} needed`);
    out.push(...members.slice(0, perGroup));
  }
  return out;
}

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Sizes of the GP training set; defaults are the thesis' 20 + 10. */
export interface GeneralSetOptions {
  readonly seed?: number;
  /** Adversarial examples per source digit (default 2 → 20). */
  readonly adversarialPerDigit?: number;
  /** Originals per digit (default 1 → 10). */
  readonly originalsPerDigit?: number;
}

/** H for the General Perturbation (and its variants): adversarial examples first, then originals. */
export function generalTrainingSet(train: readonly DatasetEntry[], options: GeneralSetOptions = {}): PerturbationImage[] {
  const random = seededRandom(options.seed ?? 11);
  const adv = train.filter((e) => e.kind === "adversarial");
  const orig = train.filter((e) => e.kind === "original-correct");
  return [
    ...pickPerGroup(adv, (e) => e.label, options.adversarialPerDigit ?? 2, DIGITS, random, "GP adversarial examples"),
    ...pickPerGroup(orig, (e) => e.label, options.originalsPerDigit ?? 1, DIGITS, random, "GP originals"),
  ].map((e) => toPerturbationImage(e, train));
}

/** Sizes of a CP training set; defaults are the thesis' 18 + 5. */
export interface ConditionalSetOptions {
  readonly seed?: number;
  /** Adversarial examples with target c per other source digit (default 2 → 18). */
  readonly adversarialPerSource?: number;
  /** Originals of c (default 5). */
  readonly originals?: number;
}

/** H for the Conditional Perturbation of predicted digit c. */
export function conditionalTrainingSet(train: readonly DatasetEntry[], c: number, options: ConditionalSetOptions = {}): PerturbationImage[] {
  const random = seededRandom((options.seed ?? 11) * 31 + c);
  const adv = train.filter((e) => e.kind === "adversarial" && e.target === c);
  const orig = train.filter((e) => e.kind === "original-correct" && e.label === c);
  const n = options.originals ?? 5;
  if (orig.length < n) throw new Error(`CP ${c}: ${orig.length} originals of digit ${c}, ${n} needed`);
  return [
    ...pickPerGroup(adv, (e) => e.label, options.adversarialPerSource ?? 2, DIGITS.filter((d) => d !== c), random, `CP ${c} adversarial examples`),
    ...shuffled(orig, random).slice(0, n),
  ].map((e) => toPerturbationImage(e, train));
}
