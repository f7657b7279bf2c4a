// Finds and loads .beam corpora with the built loader-core: the installed OTP's files and
// the project's fixtures. Shared by scripts/otp-load.mjs (package script `conformance`),
// the vitest sample and the benchmark.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arena, AtomTable } from '@beamload/terms';
import { Loader, NO_BIFS, LoadError } from '../dist/index.js';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** code:root_dir() of the installed OTP, or undefined when `erl` is missing. */
export function otpRoot() {
  try {
    return execFileSync('erl', ['-noshell', '-eval', 'io:format("~s", [code:root_dir()]), halt().'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    }).trim();
  } catch {
    return undefined;
  }
}

export function findBeams(directory) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (name.endsWith('.beam')) found.push(path);
    }
  };
  walk(directory);
  return found.sort();
}

export function fixtureBeams() {
  return findBeams(join(PACKAGE_ROOT, 'fixtures', 'otp-forms'));
}

export function createLoader(bifs = NO_BIFS) {
  const arena = Arena.create({ initialBytes: 64 << 20, maxBytes: 2 ** 31 });
  const atoms = AtomTable.create(arena);
  return { arena, atoms, loader: Loader.create(arena, atoms, bifs) };
}

/**
 * prepare + install every file into the active index of one loader (single-threaded
 * tool: no scheduler runs, so installing into the active index is safe). A module
 * that is already loaded (fixtures compiled several ways) has its old code purged
 * first. Returns the counts and each failure with its reason.
 */
export function loadCorpus(files, loader = createLoader().loader) {
  const failures = [];
  let loaded = 0;
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    try {
      const prepared = loader.prepare(bytes);
      const status = loader.status(prepared.module);
      if (status.old !== 0) loader.freeInstance(loader.removeOld(prepared.module, loader.activeIndex()));
      const onLoad = loader.install(prepared, loader.activeIndex());
      loaded++;
      // No process runs here to call an on_load function: drop the pending instance
      // (the on_load failure path) so that the next variant of the module can install.
      if (onLoad) loader.freeInstance(loader.finishOnLoad(prepared.module, false, loader.activeIndex()));
    } catch (error) {
      if (!(error instanceof LoadError)) {
        failures.push({ file, reason: `crash: ${error instanceof Error ? error.stack : String(error)}` });
      } else {
        failures.push({ file, reason: error.message });
      }
    }
  }
  return { files: files.length, loaded, failures };
}
