import { adversarialSpec } from "../adversarial/spec";
import { adversarialTarget } from "../adversarial/target";
import type { AdversarialResult } from "../adversarial/types";
import { isVerified, verifyAdversarial } from "../adversarial/verify";
import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { PairedDifference } from "./paired-distance";

/**
 * Notebook 07's closing checks (thesis 4.3.3, Table 8), as printable verdicts: the live minimal-L1
 * examples of every approach re-checked in float64 against the network each one attacks, and the
 * paired differences the notebook's prose quotes compared with the committed study.
 */

/** One approach of the comparison: its table name and the network its examples attack (for IP, the folded network). */
export interface ComparedApproach {
  readonly name: string;
  readonly net: Network;
}

/** The verdicts and how many failed. */
export interface ComparisonCheck {
  readonly lines: readonly string[];
  readonly failures: number;
}

/**
 * Every live example re-checked: the approach's network classifies the test image correctly (as
 * the study requires), the example exists, the solver's check passed, its target is
 * (label + 5) mod 10, and the float64 forward pass of that network satisfies (8) with ratio 1.2,
 * the floor 0.01 and the pixel domain (`verifyAdversarial`). `attacks[name][k]` attacks `images[k]`.
 */
export function checkComparisonExamples(
  approaches: readonly ComparedApproach[],
  attacks: Readonly<Record<string, readonly Pick<AdversarialResult, "adversarial" | "verified" | "target" | "l1" | "status">[]>>,
  images: readonly number[],
  test: { readonly images: readonly ArrayLike<number>[]; readonly labels: ArrayLike<number> },
): ComparisonCheck {
  const lines: string[] = [];
  let failures = 0;
  for (const a of approaches) {
    const results = attacks[a.name] ?? [];
    if (results.length !== images.length) {
      failures++;
      lines.push(`✗ ${a.name}: ${results.length} attacks for ${images.length} images`);
      continue;
    }
    results.forEach((r, k) => {
      const i = images[k];
      const label = test.labels[i];
      const target = adversarialTarget(label);
      const spec = adversarialSpec(a.net, test.images[i], { label, target }); // ratio 1.2, floor 0.01
      const ok = classify(a.net, test.images[i]) === label && r.adversarial !== null && r.verified && r.target === target && isVerified(verifyAdversarial(a.net, spec, r.adversarial));
      failures += ok ? 0 : 1;
      lines.push(`${ok ? "✓" : "✗"} ${a.name}, image ${i}: ${label} → ${target}, L1 ${r.l1?.toFixed(4)} (${r.status})`);
    });
  }
  return { lines, failures };
}

/**
 * The quoted paired differences ("approach − baseline" → [mean difference, 95 % interval low,
 * high], each to 2 decimals) that the committed `paired` differences no longer give, or that are
 * missing from them.
 */
export function stalePairedDifferences(paired: readonly PairedDifference[], quoted: Readonly<Record<string, readonly [number, number, number]>>): string[] {
  const by = new Map(paired.map((d) => [`${d.approach} − ${d.baseline}`, d]));
  return Object.entries(quoted)
    .filter(([key, q]) => {
      const d = by.get(key);
      return d === undefined || [d.meanDifference, ...d.ci95].some((v, j) => v.toFixed(2) !== q[j].toFixed(2));
    })
    .map(([key]) => `${key} differs or is missing`);
}
