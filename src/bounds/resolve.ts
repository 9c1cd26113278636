import * as fs from "node:fs";
import type { Network } from "../dnn/network";
import { computeBounds, type ComputeBoundsOptions } from "./compute";
import { boundsPath, checkBoundsFit, loadBounds, networkFingerprint, saveBounds } from "./io";
import { UNIT_DOMAIN, type NetworkBounds } from "./types";

/** Options of {@link resolveBounds}: those of computeBounds plus the cache folder. */
export interface ResolveBoundsOptions extends ComputeBoundsOptions {
  /** Read and write `data/bounds/` (default true; `interval` is never cached, it takes milliseconds). */
  readonly cache?: boolean;
  /** Cache folder (default `data/bounds`). */
  readonly dir?: string;
}

/**
 * Bounds for `net` by method: from the cache file `data/bounds/<net>-<method>[-domain].json`
 * when it exists and was computed for these exact weights (fingerprint), else computed with
 * {@link computeBounds} and written to the cache.
 */
export async function resolveBounds(net: Network, options: ResolveBoundsOptions): Promise<{ bounds: NetworkBounds; cached: boolean }> {
  const cache = (options.cache ?? true) && options.method !== "interval";
  const inputDomain = options.inputDomain ?? UNIT_DOMAIN;
  const file = boundsPath(net.name, options.method, inputDomain, options.dir);
  const fingerprint = networkFingerprint(net);
  if (cache && fs.existsSync(file)) {
    const stored = loadBounds(file);
    if (stored.networkFingerprint === fingerprint) {
      checkBoundsFit(stored, net);
      return { bounds: stored, cached: true };
    }
  }
  const bounds = await computeBounds(net, { ...options, inputDomain });
  if (cache) saveBounds(bounds, file, fingerprint);
  return { bounds, cached: false };
}
