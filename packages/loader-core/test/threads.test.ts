import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Arena, AtomTable } from '@beamload/terms';
import { Loader, NO_BIFS, type PreparedModule } from '../src/index.js';
import { ModuleVersions } from '../src/testkit/index.js';

// Vitest on Node 20 cannot start a .ts worker: the worker is the built dist file.
const WORKER = join(__dirname, '..', 'dist', 'testing', 'prepare-worker.js');

interface WorkerResult {
  entries: number[];
  prepared: Array<{ module: string; instance: number }>;
}

describe('several threads at once', () => {
  it('prepare runs on 3 threads concurrently; export entries are created once per MFA', async () => {
    const arena = Arena.create({ initialBytes: 8 << 20, maxBytes: 1 << 30 });
    const atoms = AtomTable.create(arena);
    const loader = Loader.create(arena, atoms, NO_BIFS);
    const versions = new ModuleVersions();
    const mfas = Array.from({ length: 3000 }, (_, i) => [`m${i % 50}`, `f${i}`, i % 4] as const);
    const workers = [1, 2, 3].map(
      (worker) =>
        new Promise<WorkerResult>((resolve, reject) => {
          const thread = new Worker(WORKER, {
            workerData: {
              buffer: arena.buffer,
              root: loader.root,
              atomTable: atoms.descriptor,
              modules: [versions.bytes('tk_alpha', worker), versions.bytes('tk_beta', worker), versions.bytes('tk_gamma', worker)],
              mfas: worker === 2 ? [...mfas].reverse() : mfas,
              rounds: 3,
            },
          });
          thread.once('message', resolve);
          thread.once('error', reject);
        }),
    );
    const results = await Promise.all(workers);
    // Every thread got the same entry for each MFA, and the table holds each MFA once.
    const byMfa = (result: WorkerResult, worker: number) => {
      const list = worker === 1 ? [...mfas].reverse() : mfas;
      const map = new Map<string, number>();
      list.forEach((mfa, i) => map.set(mfa.join('/'), result.entries[i]));
      return map;
    };
    const first = byMfa(results[0], 0);
    for (const [worker, result] of results.entries()) {
      for (const [key, entry] of byMfa(result, worker)) expect(entry, key).toBe(first.get(key));
    }
    for (const [module, functionName, arity] of mfas) {
      expect(loader.tables.exports.lookup(loader.atomWord(module), loader.atomWord(functionName), arity)).toBeGreaterThanOrEqual(0);
    }
    const distinct = new Set(mfas.map((mfa) => mfa.join('/'))).size;
    // version/0 and payload/N and module_info/0,1 of the three testkit modules come on top.
    expect(loader.tables.exports.count).toBeLessThanOrEqual(distinct + 20);
    // Every module prepared on a worker installs and runs here (the instance is shared memory).
    const prepared = results.flatMap((result) => result.prepared);
    expect(prepared).toHaveLength(27);
    expect(loader.tables.liveInstances()).toBe(27);
    const asPrepared = (entry: { module: string; instance: number }): PreparedModule => {
      const view = loader.instance(entry.instance);
      return { module: entry.module, moduleAtom: view.moduleAtom, instance: entry.instance, hasOnLoad: false, md5: view.md5, codeWords: view.codeWords, literalWords: view.literalWords };
    };
    const ix = loader.activeIndex();
    const gammas = prepared.filter((entry) => entry.module === 'tk_gamma').map(asPrepared);
    loader.install(gammas[0], ix);
    expect(loader.resolveCall('tk_gamma', 'version', 0).address).toBeGreaterThan(0);
    for (const entry of prepared.map(asPrepared)) if (entry.instance !== gammas[0].instance) loader.discard(entry);
    expect(loader.tables.liveInstances()).toBe(1);
  });
});
