import { mcnemarExactP } from "./statistics";
import { SIGNIFICANCE, type FindingRow } from "./thesis-findings";

/**
 * The claims notebook 04's prose makes about the thesis' three readings of Tables 2-3 (see
 * `thesis-findings.ts`), each checked against the finding rows, so that the prose cannot drift
 * from the committed results unnoticed: a claim that no longer holds fails the notebook.
 */

/** One claim of the prose: "✓ …" / "✗ …" and whether it holds. */
export interface ClaimCheck {
  readonly ok: boolean;
  readonly line: string;
}

const mark = (ok: boolean): string => (ok ? "✓" : "✗");

/** The finding rows of these networks, both tables; fails the claim if one is missing. */
function rowsOf(found: readonly FindingRow[], models: readonly string[]): FindingRow[] | null {
  const out = found.filter((f) => models.includes(f.model));
  return out.length === 2 * models.length ? out : null;
}

function claim(text: string, rows: FindingRow[] | null, holds: (f: FindingRow) => boolean, detail: (f: FindingRow) => string): ClaimCheck {
  if (rows === null) return { ok: false, line: `✗ ${text}: a network or table has no common images yet` };
  const ok = rows.every(holds);
  return { ok, line: `${mark(ok)} ${text}: ${rows.map((f) => `T${f.table} ${f.model.toUpperCase()} ${detail(f)}`).join(", ")}` };
}

const x = (v: number): string => `×${v.toFixed(2)}`;
const pts = (v: number): string => `${v >= 0 ? "+" : ""}${v.toFixed(0)}`;

/**
 * The prose's claims, in its order:
 * 1. DNN1-DNN2: tightening neither solves more (gain ≤ 2 points, not significant) nor saves time
 *    (median time ratio improved / base within 0.9-1.1, sign test not significant), and saves few
 *    nodes (ratio of mean nodes within 0.85-1.15);
 * 2. DNN3-DNN4: improved is faster than base on significantly more images, but saves less than the
 *    thesis (median time ratio above the thesis' ratio of mean Time);
 * 3. DNN4-DNN5: improved solves more than base, by fewer points than the thesis' gain;
 * 4. DNN5: no significant time effect (nearly every instance of every model hits the limit);
 * 5. weak against improved: nowhere significantly better, and significantly worse only in
 *    `weakWorseIn` (e.g. "T2 DNN3").
 */
export function checkFindingClaims(found: readonly FindingRow[], weakWorseIn: readonly string[]): ClaimCheck[] {
  const gain = (f: FindingRow): number => f.ours.improved - f.ours.base;
  const thesisGain = (f: FindingRow): number => (f.thesis === null ? Number.NaN : f.thesis.improved - f.thesis.base);
  const timeP = (f: FindingRow): number => mcnemarExactP(f.time.faster);
  const tag = (f: FindingRow): string => `T${f.table} ${f.model.toUpperCase()}`;
  return [
    claim("DNN1-DNN2: tightening solves no more, saves no time and few nodes", rowsOf(found, ["dnn1", "dnn2"]),
      (f) =>
        gain(f) <= 2 && mcnemarExactP(f.improvedVsBase) >= SIGNIFICANCE && f.time.medianRatio >= 0.9 && f.time.medianRatio <= 1.1 && timeP(f) >= SIGNIFICANCE &&
        f.time.nodesRatio >= 0.85 && f.time.nodesRatio <= 1.15,
      (f) => `${pts(gain(f))} points, time ${x(f.time.medianRatio)}, nodes ${x(f.time.nodesRatio)}`),
    claim("DNN3-DNN4: improved is faster on significantly more images, by less than in the thesis", rowsOf(found, ["dnn3", "dnn4"]),
      (f) => timeP(f) < SIGNIFICANCE && f.time.faster.first > f.time.faster.second && f.thesis !== null && f.time.thesis !== null && f.time.medianRatio > f.time.thesis.timeRatio,
      (f) => `time ${x(f.time.medianRatio)} (thesis ${f.time.thesis === null ? "–" : x(f.time.thesis.timeRatio)})`),
    claim("DNN4-DNN5: improved solves more than base, by fewer points than in the thesis", rowsOf(found, ["dnn4", "dnn5"]),
      (f) => gain(f) > 0 && gain(f) < thesisGain(f),
      (f) => `${pts(gain(f))} (thesis ${pts(thesisGain(f))})`),
    claim("DNN5: no significant time effect of tightening", rowsOf(found, ["dnn5"]),
      (f) => timeP(f) >= SIGNIFICANCE,
      (f) => `improved faster on ${f.time.faster.first}, base on ${f.time.faster.second}`),
    (() => {
      const worse = found.filter((f) => mcnemarExactP(f.weakVsImproved) < SIGNIFICANCE && f.weakVsImproved.second > f.weakVsImproved.first).map(tag);
      const better = found.filter((f) => mcnemarExactP(f.weakVsImproved) < SIGNIFICANCE && f.weakVsImproved.first > f.weakVsImproved.second).map(tag);
      const ok = found.length === 10 && better.length === 0 && worse.length === weakWorseIn.length && worse.every((w) => weakWorseIn.includes(w));
      return { ok, line: `${mark(ok)} weak vs improved: significantly worse in ${worse.length === 0 ? "none" : worse.join(", ")} (the prose says ${weakWorseIn.length === 0 ? "none" : weakWorseIn.join(", ")}), significantly better in ${better.length === 0 ? "none" : better.join(", ")}` };
    })(),
  ];
}
