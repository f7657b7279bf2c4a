import { probeErl } from '../src/erlang-tools.js';

/**
 * Tests that need `erl` skip when it is missing, unless BEAMLOAD_REQUIRE_OTP=1 (CI), where
 * a missing `erl` is a failure.
 */
export function erlAvailability(): { run: boolean; reason: string } {
  const probe = probeErl();
  if (probe.available) return { run: true, reason: '' };
  if (process.env.BEAMLOAD_REQUIRE_OTP === '1') {
    throw new Error(`BEAMLOAD_REQUIRE_OTP=1 but ${probe.reason}`);
  }
  return { run: false, reason: probe.reason };
}
