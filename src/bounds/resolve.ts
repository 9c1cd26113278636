import * as fs from "node:fs";
import type { Network } from "../dnn/network";
import { openBoundsCheckpoint, removeStaleCheckpoints, type BoundsCheckpointFile } from "./checkpoint";
import { computeBounds, DEFAULT_TIME_LIMIT_PER_BOUND, solverBoundsSettings, type ComputeBoundsOptions } from "./compute";
import { boundsPath, checkBoundsFit, loadBounds, networkFingerprint, saveBounds } from "./io";
import { domainContains, UNIT_DOMAIN, type NetworkBounds } from "./types";

/** Options of {@link resolveBounds}: those of computeBounds plus the cache folder. */
export interface ResolveBoundsOptions extends ComputeBoundsOptions {
  /** Read and write `data/bounds/` (default true; `interval` is never cached, it takes milliseconds). */
  readonly cache?: boolean;
  /** Cache folder (default `data/bounds`). */
  readonly dir?: string;
}

/**
 * Bounds for `net` by method: from the cache file `data/bounds/<net>-<method>[-domain].json`
 * when it exists and was computed for these exact weights (fingerprint) and input domain, else computed with
 * {@link computeBounds} and written to the cache. While computing, every proven unit is appended to
 * the checkpoint `<net>-<method>[-domain].partial-<hash>.jsonl` beside the cache file (`<hash>` of
 * the weights and settings), so a killed run started again with the same weights and settings
 * resumes where it stopped (see `checkpoint.ts`). The checkpoint's lock is released however the
 * computation ends; once the complete bounds are saved, the checkpoint is deleted, and so are the
 * checkpoints of this cache file for other settings (the saved bounds now answer every run).
 */
export async function resolveBounds(net: Network, options: ResolveBoundsOptions): Promise<{ bounds: NetworkBounds; cached: boolean }> {
  const cache = (options.cache ?? true) && options.method !== "interval";
  const inputDomain = options.inputDomain ?? UNIT_DOMAIN;
  const file = boundsPath(net.name, options.method, inputDomain, options.dir);
  const fingerprint = networkFingerprint(net);
  if (cache && fs.existsSync(file)) {
    const stored = loadBounds(file);
    // A cached file answers only for the domain it was computed over (a guard: files are named by domain).
    const sameDomain = domainContains(stored.inputDomain, inputDomain, net.inputSize) && domainContains(inputDomain, stored.inputDomain, net.inputSize);
    if (stored.networkFingerprint === fingerprint && sameDomain) {
      checkBoundsFit(stored, net);
      return { bounds: stored, cached: true };
    }
  }
  let checkpoint: BoundsCheckpointFile | undefined;
  if (cache && options.checkpoint === undefined) {
    solverBoundsSettings(options); // a bad option throws here, before a checkpoint file exists
    checkpoint = openBoundsCheckpoint(file, {
      networkFingerprint: fingerprint,
      method: options.method,
      inputDomain,
      timeLimitPerBound: options.timeLimitPerBound ?? DEFAULT_TIME_LIMIT_PER_BOUND[options.method],
      skipStable: options.skipStable ?? true,
      ...(options.solverOptions !== undefined ? { solverOptions: options.solverOptions } : {}),
    });
  }
  try {
    const computed = await computeBounds(net, { ...options, inputDomain, ...(checkpoint !== undefined ? { checkpoint } : {}) });
    const bounds: NetworkBounds =
      checkpoint !== undefined && checkpoint.resumedUnits > 0
        ? { ...computed, seconds: computed.seconds + checkpoint.resumedSeconds, resumed: { units: checkpoint.resumedUnits, seconds: checkpoint.resumedSeconds } }
        : computed;
    if (cache) saveBounds(bounds, file, fingerprint);
    if (checkpoint !== undefined) {
      checkpoint.remove();
      removeStaleCheckpoints(file);
    }
    return { bounds, cached: false };
  } finally {
    checkpoint?.close();
  }
}
