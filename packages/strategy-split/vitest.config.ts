import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'strategy-split',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
