/**
 * `npx tsx scripts/screen-seeds.ts <model> <epochs> <seed>...`
 *
 * How the seeds of the shipped networks were chosen: a ReLU output layer (thesis (7b)-(7d) for
 * k = K) easily loses a unit for good early in training, and its digit is then never predicted
 * (DNN1 with seed 1: 84 %, output unit 8 dead). For each seed this trains `epochs` epochs
 * (batch 128) on the 60,000 training images and prints the accuracy and the dead units of
 * every layer on the first 2,000 test images. The shipped seed is, among the screened seeds
 * with no dead output unit, the one with the highest screening accuracy (docs/training.md).
 */
import { loadMnist } from "../src/data/mnist";
import { architectureOf, isThesisNetwork, THESIS_NETWORKS } from "../src/dnn/architectures";
import { deadUnits } from "../src/dnn/dead-units";
import { trainNetwork } from "../src/train/train";

async function main(): Promise<void> {
  const [name, epochsRaw, ...seedsRaw] = process.argv.slice(2);
  const epochs = Number(epochsRaw);
  const seeds = seedsRaw.map(Number);
  if (name === undefined || !isThesisNetwork(name) || !Number.isInteger(epochs) || epochs < 1 || seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) {
    console.error(`usage: npx tsx scripts/screen-seeds.ts ${THESIS_NETWORKS.join("|")} <epochs> <seed>...`);
    process.exit(2);
  }
  const data = loadMnist("train");
  const test = loadMnist("test", { limit: 2000 });
  for (const seed of seeds) {
    const { network } = await trainNetwork({
      name,
      architecture: architectureOf(name),
      data,
      epochs,
      batchSize: 128,
      seed,
      evaluateOn: { test, train: test },
    });
    const dead = deadUnits(network, test.images);
    const output = dead[dead.length - 1];
    console.log(
      `${name} seed ${seed}, ${epochs} epochs: accuracy ${network.metrics.testAccuracy.toFixed(4)} (2,000 test images), ` +
        `dead units per layer ${JSON.stringify(dead)}${output.length > 0 ? "  <- dead output unit" : ""}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(`screen-seeds: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
