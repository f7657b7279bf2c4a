import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'strategy-epoch',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
