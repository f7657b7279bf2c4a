import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script shared with the `conformance` package script
import { fixtureBeams, findBeams, loadCorpus, otpRoot } from '../scripts/otp-corpus.mjs';

const root: string | undefined = otpRoot();
const requireOtp = process.env.BEAMLOAD_REQUIRE_OTP === '1';

describe('prepare + install over real .beam files', () => {
  it('has erl when BEAMLOAD_REQUIRE_OTP=1', () => {
    if (requireOtp) expect(root, 'erl is required (BEAMLOAD_REQUIRE_OTP=1)').toBeDefined();
  });

  it('loads every fixture compiled with +r22, +r23, +r24 and default', () => {
    const files: string[] = fixtureBeams();
    expect(files.length).toBe(16);
    const result = loadCorpus(files);
    expect(result.failures).toEqual([]);
    expect(result.loaded).toBe(files.length);
  });

  it.skipIf(root === undefined)('loads a sample of the installed OTP (every 8th file; the whole corpus is `pnpm conformance`)', () => {
    const all: string[] = findBeams(root!);
    expect(all.length).toBeGreaterThan(700);
    const sample = all.filter((_, index) => index % 8 === 0);
    const result = loadCorpus(sample);
    console.log(`otp-load: ${result.files} files, ${result.loaded} loaded (sample of ${all.length})`);
    expect(result.failures).toEqual([]);
  });
});
