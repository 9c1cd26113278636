import { type CompiledNetwork, firstLayerPre, propagateFrom, updateFirstLayer } from "./compiled-network";
import { type AdversarialCondition, type ConditionSlack, conditionSlack } from "./condition";

/**
 * A point x of the attack with its first-layer pre-activations kept up to date, so that
 * changing one pixel costs n_1 multiply-adds plus the (tiny) deeper layers.
 */
export class AttackState {
  readonly x: Float64Array;
  private readonly h1: Float64Array;
  /** Forward passes (full or incremental) evaluated so far. */
  evaluations = 0;

  constructor(
    readonly net: CompiledNetwork,
    readonly condition: AdversarialCondition,
    start: ArrayLike<number>,
  ) {
    this.x = Float64Array.from(start);
    this.h1 = firstLayerPre(net, this.x);
  }

  /** Sets pixel i to `value`, updating the first layer incrementally. */
  set(i: number, value: number): void {
    const delta = value - this.x[i];
    if (delta === 0) return;
    updateFirstLayer(this.net, this.h1, i, delta);
    this.x[i] = value;
  }

  /** Replaces the whole point (recomputes the first layer from scratch, no drift). */
  reset(values: ArrayLike<number>): void {
    this.x.set(values);
    this.h1.set(firstLayerPre(this.net, this.x));
  }

  /** Pre-activations of every layer at the current point. */
  pres(): Float64Array[] {
    this.evaluations++;
    return propagateFrom(this.net, Float64Array.from(this.h1));
  }

  /** Slack of condition (8) at the current point. */
  slack(): ConditionSlack {
    const pres = this.pres();
    const layers = this.net.layers;
    return conditionSlack(pres[pres.length - 1], layers[layers.length - 1].relu, this.condition);
  }

  /** L1 distance Σ |x_i − x̃_i| to `origin`. */
  l1(origin: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < this.x.length; i++) s += Math.abs(this.x[i] - origin[i]);
    return s;
  }
}
