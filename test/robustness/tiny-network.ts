/** A hand-written network for the robustness tests: the shared test helper under this folder's name. */
export { makeNetwork as tinyNetwork } from "../tools/seeded-network";
