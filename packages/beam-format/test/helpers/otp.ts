import { spawnSync } from 'node:child_process';

/**
 * Whether Erlang/OTP is installed. Suites that need it skip without it, except when
 * BEAMLOAD_REQUIRE_OTP=1 (CI), where a missing `erl` must fail instead of skipping.
 */
export function erlAvailable(): boolean {
  const found = spawnSync('erl', ['-noshell', '-eval', 'halt().'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.BEAMLOAD_REQUIRE_OTP === '1') {
    throw new Error('BEAMLOAD_REQUIRE_OTP=1 but erl is not installed');
  }
  return found;
}
