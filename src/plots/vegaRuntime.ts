// The parts of vega nnlab uses, in one module that the build bundles into one file (tools/bundle.mjs):
// loading one file is several times faster than vega's ~60 packages. Loaded only to write pictures.
export { loader, parse, View } from 'vega';
