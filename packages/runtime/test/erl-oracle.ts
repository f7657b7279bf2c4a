/**
 * What the tests that compare with erl need to know about this machine: whether `erl`
 * runs (with BEAMLOAD_REQUIRE_OTP=1, as in CI, its absence fails the suite instead of
 * skipping the comparisons) and OTP's stdlib ebin for the runtime's code path.
 */
import { execFileSync } from 'node:child_process';
import { otpStdlibEbin } from '../src/cli/otp-code-path.js';

function erlRuns(): boolean {
  try {
    execFileSync('erl', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const erlInstalled: boolean = erlRuns();
if (!erlInstalled && process.env.BEAMLOAD_REQUIRE_OTP === '1') throw new Error('BEAMLOAD_REQUIRE_OTP=1 but erl is not installed');

/** OTP's stdlib ebin as a code path, empty without OTP. */
export const stdlibCodePath: string[] = erlInstalled ? [otpStdlibEbin()].filter((dir): dir is string => dir !== null) : [];
