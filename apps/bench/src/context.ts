import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release } from 'node:os';
import type { BenchContext } from './results-schema.js';

export function collectContext(): BenchContext {
  const processors = cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: processors[0]?.model ?? 'unknown',
    cpuCount: processors.length,
    nodeVersion: process.version,
    gitCommit: gitCommit(),
    platform: `${platform()} ${release()}`,
    // Other work on the machine shows up as gaps in every row; the load average says how much.
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100) as [number, number, number],
  };
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
