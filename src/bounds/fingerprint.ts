import { createHash } from "node:crypto";
import type { Network } from "../dnn/network";
import type { NetworkBounds } from "./types";

const cache = new WeakMap<object, string>();

/**
 * A short SHA-256 fingerprint of a network's input size, activations, weights and biases: bounds
 * carry the fingerprint of the network they were computed for (`NetworkBounds.networkFingerprint`).
 * Memoised per `layers` array (networks are not mutated in place; the first layer's kernel rows
 * fix the input size).
 */
export function networkFingerprint(net: Pick<Network, "inputSize" | "layers">): string {
  const known = cache.get(net.layers);
  if (known !== undefined) return known;
  const h = createHash("sha256");
  h.update(String(net.inputSize));
  for (const layer of net.layers) {
    h.update(layer.activation);
    h.update(new Uint8Array(Float64Array.from(layer.kernel.flat()).buffer));
    h.update(new Uint8Array(Float64Array.from(layer.bias).buffer));
  }
  const digest = h.digest("hex").slice(0, 16);
  cache.set(net.layers, digest);
  return digest;
}

/**
 * Refuses bounds computed for other weights: bounds of one network are no bounds of another with
 * the same layer sizes, and the big-M rows (7c)-(7d) built from them would cut off feasible points
 * (a false "infeasible", a wrong optimum) that no float64 re-check can notice. Bounds without a
 * fingerprint (written by hand or by an older version) are let through.
 * @throws Error naming the bounds' network and both fingerprints.
 */
export function checkBoundsNetwork(bounds: Pick<NetworkBounds, "network" | "method" | "networkFingerprint">, net: Pick<Network, "name" | "inputSize" | "layers">): void {
  if (bounds.networkFingerprint === undefined) return;
  const own = networkFingerprint(net);
  if (bounds.networkFingerprint !== own) {
    throw new Error(
      `bounds field "networkFingerprint": the ${bounds.method} bounds of ${bounds.network} were computed for weights ${bounds.networkFingerprint}, network ${net.name} has ${own}; compute bounds for this network`,
    );
  }
}
