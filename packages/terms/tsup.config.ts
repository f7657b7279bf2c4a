import { defineConfig } from 'tsup';

export default defineConfig({
  // Named entries keep dist/index.js where package.json points while adding worker and bench entries.
  entry: {
    index: 'src/index.ts',
    'testing/hammer-worker': 'src/testing/hammer-worker.ts',
    'bench/arena-bench': 'bench/arena-bench.ts',
    'bench/literal-table-bench': 'bench/literal-table-bench.ts',
  },
  format: ['esm'],
  target: 'node20',
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
});
