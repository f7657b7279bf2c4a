import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'strategy-block',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
