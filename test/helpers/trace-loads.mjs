// With NODE_OPTIONS=--import=<this file>, every ES module that nnlab (or a worker thread of it) loads has
// its URL appended to the file NNLAB_TEST_LOADS names: test/command-loading.test.ts reads what a run loads.
import { register } from 'node:module';

register('./trace-hooks.mjs', import.meta.url);
