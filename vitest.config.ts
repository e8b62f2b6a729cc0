import { defineConfig } from 'vitest/config';

// Test projects sorted by what they touch (see README "Tests"):
// unit (pure domain and handlers with in-memory ports), infra (CDK Template assertions),
// integration (real SDK clients against s3rver and DynamoDB Local), artifact (the bundled asset),
// browser (the review console in Chromium against the real local stack).
// Every test must assert something: one that runs no `expect` fails (`requireAssertions`).
const expect = { requireAssertions: true };

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000, expect } },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          setupFiles: ['tests/infra/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          expect,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/artifact/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          expect,
          // The emulators are shared by every file; files run one at a time to keep their data apart.
          fileParallelism: false,
        },
      },
      { test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 180_000, expect } },
    ],
  },
});
