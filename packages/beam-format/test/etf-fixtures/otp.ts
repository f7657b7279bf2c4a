import { spawnSync } from 'node:child_process';

/**
 * Whether Erlang/OTP is installed. Suites that need it skip without it, except when
 * BEAMLOAD_REQUIRE_OTP=1 (CI), where a missing `erl` must fail instead of skipping.
 */
export function otpAvailable(): boolean {
  const found = spawnSync('erl', ['-noshell', '-eval', 'halt().'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.BEAMLOAD_REQUIRE_OTP === '1') {
    throw new Error('BEAMLOAD_REQUIRE_OTP=1 but erl is not installed');
  }
  return found;
}

/** Runs an escript; throws with its stderr when it fails. */
export function runEscript(script: string, args: string[], cwd?: string): string {
  const result = spawnSync('escript', [script, ...args], { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    const how = result.status === null ? `signal ${result.signal}` : `status ${result.status}`;
    throw new Error(`escript ${script} ${args.join(' ')} failed (${how}): ${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}
