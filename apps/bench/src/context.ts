import { execFileSync } from 'node:child_process';
import { cpus, platform, release } from 'node:os';
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
  };
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
