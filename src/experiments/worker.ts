// The worker side of pool.ts, as source text: workers run it with eval, so the same code serves
// compiled builds and runs from TypeScript sources (tests), where no .js worker file exists.
// It imports the job module named by the pool, then answers each { index, job } with its result.
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.module).then((mod) => {
  const run = mod[workerData.exportName];
  if (typeof run !== 'function') throw new Error(workerData.module + ' has no function ' + workerData.exportName);
  parentPort.on('message', async ({ index, job }) => {
    try {
      parentPort.postMessage({ index, ok: true, result: await run(job) });
    } catch (e) {
      parentPort.postMessage({ index, ok: false, message: e instanceof Error ? e.message : String(e), name: e && e.name });
    }
  });
  parentPort.postMessage({ ready: true });
});
`;
