/** Finding Module.beam on a list of directories, first match wins (as code:where_is_file). */

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function findOnCodePath(codePath: readonly string[], module: string): string | null {
  for (const directory of codePath) {
    const file = join(directory, `${module}.beam`);
    if (existsSync(file)) return file;
  }
  return null;
}

export function listBeams(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.beam'))
    .sort()
    .map((name) => join(directory, name));
}
