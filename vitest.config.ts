import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests run the compiled bin/nnlab.js, so the build runs once first (unless dist/ is up to date).
    globalSetup: ['test/helpers/build.ts'],
    // A file per core (vitest's default leaves one core out, which on 2 cores runs the files one by
    // one): most tests wait on the CLI processes they start.
    maxWorkers: availableParallelism(),
    // A worker runs file after file with the modules it loaded: a fresh process per file would load
    // them again, about 30 of the suite's CPU seconds. No test relies on a fresh module's state (the
    // wasm memory test takes a fresh copy with vi.resetModules).
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
