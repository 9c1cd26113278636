/**
 * Pictures of an input perturbation (thesis 3.4.2, Appendix C): the weights p applied to an
 * input of ones (Fig. 5), the disturbances q added to an input of zeros (Fig. 6) and the whole
 * perturbation applied to ones, p + q (Fig. 7), each normalised to [0, 1] as in the thesis.
 */
import type { Perturbation } from "../src/robustness/perturbation";
import type { CaptionedImage } from "./images";

/** Min-max normalisation to [0, 1] (all 0.5 when every value is equal), with the original range. */
export function normalise(values: ArrayLike<number>): { pixels: Float64Array; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < values.length; j++) {
    min = Math.min(min, values[j]);
    max = Math.max(max, values[j]);
  }
  const span = max - min;
  const pixels = Float64Array.from(values, (v) => (span > 0 ? (v - min) / span : 0.5));
  return { pixels, min, max };
}

/** The three Appendix C images of a perturbation, captioned with their range before normalisation. */
export function appendixCImages(pert: Perturbation, label = ""): CaptionedImage[] {
  const sum = Float64Array.from(pert.p, (p, j) => p + pert.q[j]);
  const items: [string, ArrayLike<number>][] = [["p ⊙ 1 (Fig. 5)", pert.p], ["0 + q (Fig. 6)", pert.q], ["p ⊙ 1 + q (Fig. 7)", sum]];
  return items.map(([what, values]) => {
    const n = normalise(values);
    return { pixels: n.pixels, caption: `${label}${what}: [${n.min.toFixed(2)}, ${n.max.toFixed(2)}]` };
  });
}
