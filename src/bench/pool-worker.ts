import { parentPort, workerData } from "node:worker_threads";
import type { CreateJobHandler, JobHandler, WorkerBoot, WorkerMessage } from "./pool";

/**
 * Entry point of every worker of {@link runPool} (started with tsx, so handler modules may be
 * TypeScript): creates the handler once, then answers one job message at a time.
 */

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("pool-worker.ts must run inside a worker thread");
  const boot = workerData as WorkerBoot;
  const send = (message: WorkerMessage): void => port.postMessage(message);
  let handler: JobHandler<unknown, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(boot.handlerModule) as { createJobHandler?: CreateJobHandler<unknown, unknown, unknown> };
    if (typeof loaded.createJobHandler !== "function") {
      throw new Error(`${boot.handlerModule} does not export createJobHandler`);
    }
    handler = await loaded.createJobHandler(boot.init);
  } catch (e) {
    send({ type: "init-failed", error: describe(e) });
    return;
  }
  port.on("message", (message: { type: "job"; id: number; job: unknown }) => {
    Promise.resolve()
      .then(() => handler(message.job))
      .then(
        (result) => send({ type: "result", id: message.id, result }),
        (e: unknown) => send({ type: "failed", id: message.id, error: describe(e) }),
      )
      .catch((e: unknown) => send({ type: "failed", id: message.id, error: `result not sendable: ${describe(e)}` }));
  });
  send({ type: "ready" });
}

void main();
