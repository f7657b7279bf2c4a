import { spawnSync } from 'node:child_process';

/** Whether `erl` can be started; the reason when it cannot. */
export function probeErl(): { available: true } | { available: false; reason: string } {
  const probe = spawnSync('erl', ['-noshell', '-eval', 'halt().'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return { available: false, reason: `erl cannot be started (${probe.error.message})` };
  if (probe.status !== 0) return { available: false, reason: `erl exited with status ${probe.status}` };
  return { available: true };
}
