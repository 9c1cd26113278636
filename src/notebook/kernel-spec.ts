/**
 * The project's Jupyter kernel: a tslab kernel started by `scripts/kernel-launcher.js`, which
 * makes the project root the kernel's current directory (tslab compiles cells with the cwd as
 * TypeScript rootDir), so notebooks in `notebooks/` import `./src/...` and `./kernel-helpers/...`
 * in Jupyter, VS Code and `npm run replicate` alike.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

/** Kernel name written in every notebook's metadata (`kernelspec.name`). */
export const KERNEL_NAME = "relu-milp-ts";

/** Name shown in the kernel pickers of JupyterLab and VS Code. */
export const KERNEL_DISPLAY_NAME = "TypeScript (relu-milp)";

/** A Jupyter kernel.json. */
export interface KernelSpec {
  readonly argv: readonly string[];
  readonly display_name: string;
  readonly language: string;
  readonly interrupt_mode: "signal";
  readonly env: { readonly [name: string]: string };
  readonly metadata: { readonly [key: string]: unknown };
}

/** The kernel.json for a checkout at `root`, run by the Node binary `nodePath`. */
export function kernelSpec(root: string, nodePath: string = process.execPath): KernelSpec {
  return {
    argv: [nodePath, path.join(root, "scripts", "kernel-launcher.js"), "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    env: {},
    metadata: { project_root: root },
  };
}

/** The `kernelspec` entry notebooks carry in their metadata. */
export function notebookKernelMetadata(): {
  kernelspec: { name: string; display_name: string; language: string };
  language_info: { name: string; file_extension: string; mimetype: string };
} {
  return {
    kernelspec: { name: KERNEL_NAME, display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
  };
}

/**
 * The user's Jupyter data directory: `jupyter --data-dir` when the Jupyter CLI exists, else
 * $JUPYTER_DATA_DIR, else ~/.local/share/jupyter (Linux), ~/Library/Jupyter (macOS),
 * %APPDATA%\jupyter (Windows).
 */
export function jupyterDataDir(): string {
  const fromCli = spawnSync("jupyter", ["--data-dir"], { encoding: "utf8", timeout: 30000 });
  if (fromCli.status === 0 && fromCli.stdout.trim() !== "") return fromCli.stdout.trim().split("\n").pop() as string;
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return path.join(process.env.APPDATA ?? os.homedir(), "jupyter");
  return path.join(os.homedir(), ".local", "share", "jupyter");
}

/** Write `<dataDir>/kernels/relu-milp-ts/kernel.json`; returns the kernel directory. */
export function installKernelSpec(root: string, dataDir: string = jupyterDataDir()): string {
  const launcher = path.join(root, "scripts", "kernel-launcher.js");
  if (!fs.existsSync(launcher)) throw new Error(`kernel launcher not found: ${launcher}`);
  const dir = path.join(dataDir, "kernels", KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelSpec(root), null, 2) + "\n");
  return dir;
}
