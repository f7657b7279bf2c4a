/**
 * Starts `workerCount` hammer workers on one arena (from the built dist/testing/
 * hammer-worker.js), releases them at once through a start gate, and collects results.
 */
import { Worker } from 'node:worker_threads';
import { START_GATE_WORDS, type HammerRequest, type HammerResult } from './hammer-protocol.js';

export type HammerPlan = Omit<HammerRequest, 'startGate' | 'workerNumber' | 'seed'> & { seed?: number };

/** A broken lock can make a worker spin forever: stop it and fail instead of hanging the test run. */
const DEFAULT_TIMEOUT_MS = 90_000;

export async function runHammer(workerFile: URL, plan: HammerPlan, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<HammerResult[]> {
  const startGate = new SharedArrayBuffer(START_GATE_WORDS * Int32Array.BYTES_PER_ELEMENT);
  const runs = Array.from({ length: plan.workerCount }, (_, workerNumber) => {
    const request: HammerRequest = {
      ...plan,
      startGate,
      workerNumber,
      seed: (plan.seed ?? 12345) + workerNumber * 7919,
    };
    return new Promise<HammerResult>((resolve, reject) => {
      const worker = new Worker(workerFile, { workerData: request });
      const timer = setTimeout(() => {
        reject(new Error(`hammer worker ${workerNumber} did not finish within ${timeoutMs} ms`));
        void worker.terminate();
      }, timeoutMs);
      worker.once('exit', () => clearTimeout(timer));
      worker.once('message', (message: { ok: boolean; result?: HammerResult; error?: string }) => {
        if (message.ok) resolve(message.result!);
        else reject(new Error(`hammer worker ${workerNumber} failed: ${message.error}`));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`hammer worker ${workerNumber} exited with code ${code}`));
      });
    });
  });
  return Promise.all(runs);
}
