import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'scheduler-worker': 'src/scheduler/scheduler-worker.ts',
    'interpreter-executor': 'src/scheduler/interpreter-executor.ts',
    'cli/beamload': 'src/cli/beamload.ts',
    'bench/runtime-bench': 'bench/runtime-bench.ts',
  },
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
});
