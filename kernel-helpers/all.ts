/**
 * Everything a notebook needs from the workbench, in one import:
 * `import { show, tableHtml, imageGridHtml } from "./kernel-helpers/all";`
 * (tslab does not resolve directory imports such as "./kernel-helpers": name a file.)
 */
export * from "./html";
export * from "./config";
export * from "./plotly";
export * from "./images";
export * from "./tables";
export * from "./charts";
export * from "./show";
export * from "./danfo";
