/** Encoding of ReLU networks as MILPs, thesis 3.2 (7b)-(7i). */
export * from "./types";
export { encodeReluLayer } from "./relu";
export { encodeLinearLayer } from "./linear";
export { LAYER_ENCODERS, encoderFor } from "./registry";
export { encodeNetwork, forwardAssignment, type EncodeNetworkOptions, type EncodedNetwork } from "./network";
export { encodedModelSize } from "./model-size";
