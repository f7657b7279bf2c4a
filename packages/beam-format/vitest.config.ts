import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'beam-format',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
