/**
 * `npm run kernel:install [-- --data-dir <dir>]`: register the project's TypeScript kernel
 * ("TypeScript (relu-milp)") with Jupyter, for JupyterLab, Notebook and VS Code.
 */
import { PROJECT_ROOT } from "../src/paths";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, installKernelSpec, jupyterDataDir } from "../src/notebook/kernel-spec";

function main(argv: readonly string[]): void {
  const at = argv.indexOf("--data-dir");
  const dataDir = at >= 0 ? argv[at + 1] : jupyterDataDir();
  if (dataDir === undefined) throw new Error("--data-dir needs a directory");
  const dir = installKernelSpec(PROJECT_ROOT, dataDir);
  process.stdout.write(`installed kernel "${KERNEL_NAME}" (${KERNEL_DISPLAY_NAME}) in ${dir}\n`);
  process.stdout.write(`open notebooks/*.ipynb in JupyterLab or VS Code and pick "${KERNEL_DISPLAY_NAME}"\n`);
}

main(process.argv.slice(2));
