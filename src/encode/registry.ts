import type { Activation } from "../dnn/network";
import { encodeLinearLayer } from "./linear";
import { encodeReluLayer } from "./relu";
import type { LayerEncoder } from "./types";

/**
 * The encoder of each layer kind, keyed by activation (OMLT style): a new formulation is a new
 * entry here, not a branch inside an encoder.
 */
export const LAYER_ENCODERS: Readonly<Record<Activation, LayerEncoder>> = {
  relu: encodeReluLayer,
  linear: encodeLinearLayer,
};

/** The encoder for an activation; a clear error for an unsupported one. */
export function encoderFor(activation: string, k: number): LayerEncoder {
  const encoder = (LAYER_ENCODERS as Readonly<Record<string, LayerEncoder | undefined>>)[activation];
  if (encoder === undefined) {
    throw new Error(`layer ${k}: activation "${activation}" is not supported (supported: ${Object.keys(LAYER_ENCODERS).join(", ")})`);
  }
  return encoder;
}
