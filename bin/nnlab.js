#!/usr/bin/env node
// The CLI as bundled by tools/bundle-cli.mjs (`npm run build`).
import { main } from '../dist/bundle/main.js';

main(process.argv);
