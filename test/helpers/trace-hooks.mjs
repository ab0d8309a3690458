// The module hooks of trace-loads.mjs.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  appendFileSync(process.env.NNLAB_TEST_LOADS, `${url}\n`);
  return nextLoad(url, context);
}
