import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const FIXTURE_VARIANTS = ['default', 'r22', 'r23', 'r24', 'compressed', 'slim', 'stripped'] as const;

/** Every committed fixture .beam, as absolute paths. */
export function fixtureFiles(): string[] {
  return FIXTURE_VARIANTS.flatMap((variant) =>
    readdirSync(join(FIXTURE_DIRECTORY, variant))
      .filter((name) => name.endsWith('.beam'))
      .sort()
      .map((name) => join(FIXTURE_DIRECTORY, variant, name)),
  );
}

export function fixture(variant: (typeof FIXTURE_VARIANTS)[number], module: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_DIRECTORY, variant, `${module}.beam`)));
}
