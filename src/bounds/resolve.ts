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

/** Sorted JSON of solver options, so that key order does not matter. */
function optionsKey(o: Readonly<Record<string, string | number | boolean>> | undefined): string {
  return JSON.stringify(Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The first setting the caller asked for explicitly (timeLimitPerBound, skipStable,
 * solverOptions) that the cached bounds were not computed with, as "<field> <stored>, not the
 * <asked> asked for", or null. Options left out accept whatever the cache holds.
 */
export function settingAskedDiffers(stored: NetworkBounds, options: ComputeBoundsOptions): string | null {
  const { timeLimitPerBound, skipStable, solverOptions } = options;
  if (timeLimitPerBound !== undefined && stored.timeLimitPerBound !== undefined && timeLimitPerBound !== stored.timeLimitPerBound) {
    return `timeLimitPerBound ${stored.timeLimitPerBound}, not the ${timeLimitPerBound} asked for`;
  }
  if (skipStable !== undefined && (stored.skipStable ?? true) !== skipStable) return `skipStable ${stored.skipStable ?? true}, not the ${skipStable} asked for`;
  if (solverOptions !== undefined && optionsKey(stored.solverOptions) !== optionsKey(solverOptions)) {
    return `solverOptions ${optionsKey(stored.solverOptions)}, not the ${optionsKey(solverOptions)} asked for`;
  }
  return null;
}

/**
 * Bounds for `net` by method: from the cache file `data/bounds/<net>-<method>[-domain].json`
 * when it exists and was computed for these exact weights (fingerprint) and input domain (a cached
 * file computed with another timeLimitPerBound, skipStable or solverOptions than one asked for
 * explicitly is refused, naming the option: {@link settingAskedDiffers}), else computed with
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
      const differs = settingAskedDiffers(stored, options);
      if (differs !== null) {
        throw new Error(`resolveBounds: ${file} was computed with ${differs}; compute them without the cache (cache: false; cli: --no-cache) or in another dir, or leave the option out to use the cached bounds`);
      }
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
