/**
 * danfojs for notebooks and helpers. `import ... from "danfojs"` does not type-check in tslab
 * cells or under this project's `moduleResolution: node` (danfojs declares its types only in
 * package "exports"), so notebooks call `danfo()` instead: the Node build loaded on first use,
 * typed with danfojs' own declarations.
 */
import type * as Danfo from "danfojs/dist/danfojs-browser/src";

/** The danfojs module (`danfo().DataFrame`, `danfo().Series`, ...). */
export function danfo(): typeof Danfo {
  return require("danfojs") as typeof Danfo;
}
