import { listNetworks, loadNetwork } from "../../src/dnn/load";
import type { Network } from "../../src/dnn/network";

/** The thesis networks shipped in data/models/ (dnn1..dnn5), those present, loaded. */
export function shippedNetworks(): Network[] {
  return listNetworks()
    .filter((n) => /^dnn[1-5]$/.test(n))
    .map((n) => loadNetwork(n));
}
