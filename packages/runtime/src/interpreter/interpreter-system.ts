import { atomIndex, makeAtom, type TermStore } from '@beamload/terms';
import type { Loader } from '@beamload/loader-core';
import type { BifTable } from '../bifs/bif.js';
import type { InterpreterSystem } from './system.js';

/** The interpreter's view of the VM, over a loader-core Loader and a BIF registry. */
export function createInterpreterSystem(options: {
  store: TermStore;
  loader: Loader;
  bifs: BifTable;
  writeOutput: (text: string) => void;
}): InterpreterSystem {
  const { store, loader, bifs, writeOutput } = options;
  const atoms = store.atoms;
  return {
    store,
    bifs,
    writeOutput,
    atom: (name) => makeAtom(atoms.intern(name)),
    atomName: (word) => atoms.nameOf(atomIndex(word)),
    activeCodeIndex: () => loader.activeIndex(),
    exportEntry: (module, functionName, arity) => loader.exportEntryAddress(module, functionName, arity),
    currentModule: (module) => {
      const current = loader.status(module).current;
      if (current === 0) return undefined;
      const instance = loader.instance(current);
      return { codeArea: instance.codeArea, attributes: instance.attributes, compileInfo: instance.compileInfo, md5: instance.md5 };
    },
    codeAreaContaining: (address) => {
      const instance = loader.instanceContaining(address);
      return instance === 0 ? 0 : loader.instance(instance).codeArea;
    },
    codeCommits: () => loader.commitCount(),
    liveFunEntry: (moduleAtom, index, oldUniq, cached) => loader.liveFunEntry(moduleAtom, index, oldUniq, cached),
    md5OfCodeContaining: (address) => {
      const instance = loader.instanceContaining(address);
      return instance === 0 ? undefined : loader.instance(instance).md5;
    },
  };
}
