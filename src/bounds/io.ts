import * as fs from "node:fs";
import * as path from "node:path";
import type { Network } from "../dnn/network";
import { BOUNDS_DIR } from "../paths";
import { writeFileAtomic } from "../store/atomic-file";
import { checkBoundsNetwork, networkFingerprint } from "./fingerprint";
import { BOUNDS_METHODS, domainTag, type BoundsMethod, type InputDomain, type LayerBoundsRecord, type NetworkBounds } from "./types";

export { networkFingerprint };

/** `data/bounds/<network>-<method>[-<domain>].json`, the domain tag omitted for [0, 1]. */
export function boundsPath(network: string, method: BoundsMethod, inputDomain: InputDomain, dir = BOUNDS_DIR): string {
  const tag = domainTag(inputDomain);
  return path.join(dir, `${network}-${method}${tag === "" ? "" : `-${tag}`}.json`);
}

/** Cached bounds (the fingerprint of the network they belong to is `NetworkBounds.networkFingerprint`). */
export type StoredBounds = NetworkBounds;


/** Writes bounds as JSON (creating the folder) atomically (see {@link writeFileAtomic}); returns the path written. */
export function saveBounds(bounds: NetworkBounds, file?: string, fingerprint?: string): string {
  const target = file ?? boundsPath(bounds.network, bounds.method, bounds.inputDomain);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const stored: StoredBounds = fingerprint === undefined ? bounds : { ...bounds, networkFingerprint: fingerprint };
  writeFileAtomic(target, JSON.stringify(stored) + "\n");
  return target;
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === "number" && Number.isFinite(v));
}

function isDomainSide(value: unknown): value is number | number[] {
  return (typeof value === "number" && Number.isFinite(value)) || isNumberArray(value);
}

/** Validates parsed JSON as {@link StoredBounds}; errors name the source and the bad field. */
export function parseBounds(json: unknown, source: string): StoredBounds {
  const fail = (field: string, what: string): never => {
    throw new Error(`${source}: bounds field "${field}" ${what}`);
  };
  if (typeof json !== "object" || json === null) return fail("(root)", "must be an object");
  const o = json as Record<string, unknown>;
  if (typeof o.network !== "string") fail("network", "must be a string");
  if (!BOUNDS_METHODS.includes(o.method as BoundsMethod)) fail("method", `must be one of ${BOUNDS_METHODS.join(", ")}`);
  if (typeof o.seconds !== "number") fail("seconds", "must be a number");
  const domain = o.inputDomain as Record<string, unknown> | undefined;
  if (typeof domain !== "object" || domain === null || !isDomainSide(domain.lower) || !isDomainSide(domain.upper)) {
    fail("inputDomain", "must be { lower, upper } with finite numbers or arrays");
  }
  if (!Array.isArray(o.layers) || o.layers.length === 0) fail("layers", "must be a non-empty array");
  (o.layers as unknown[]).forEach((layer, k) => {
    const l = layer as Record<string, unknown>;
    if (typeof l !== "object" || l === null || !isNumberArray(l.lower) || !isNumberArray(l.upper)) {
      fail(`layers[${k}]`, "must have finite number arrays lower and upper");
    }
    if ((l.lower as number[]).length !== (l.upper as number[]).length) fail(`layers[${k}]`, "has lower and upper of different lengths");
    (l.lower as number[]).forEach((v, j) => {
      if (v > (l.upper as number[])[j]) fail(`layers[${k}].lower[${j}]`, "exceeds the upper bound");
    });
  });
  return json as StoredBounds;
}

/** Reads and validates a bounds file. */
export function loadBounds(file: string): StoredBounds {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read bounds file ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`bounds file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  return parseBounds(json, file);
}

/** Checks that bounds fit a network: its layer sizes (errors name the layer) and, when the bounds carry one, its weights' fingerprint. */
export function checkBoundsFit(bounds: NetworkBounds, net: Pick<Network, "name" | "inputSize" | "layers">): void {
  checkBoundsNetwork(bounds, net);
  if (bounds.layers.length !== net.layers.length) {
    throw new Error(`bounds for ${bounds.network} have ${bounds.layers.length} layers, network ${net.name} has ${net.layers.length}`);
  }
  bounds.layers.forEach((l: LayerBoundsRecord, k) => {
    if (l.lower.length !== net.layers[k].bias.length) {
      throw new Error(`bounds for ${bounds.network}, layer ${k + 1}: ${l.lower.length} units, network ${net.name} has ${net.layers[k].bias.length}`);
    }
  });
}
