// Vega specs to SVG text, headlessly, by vega's own SVG renderer: no browser, no canvas, no network.
// vega is loaded on first use, so commands that write no pictures never pay for it.
import type { Spec } from 'vega';

let runtime: Promise<typeof import('./vegaRuntime.js')> | undefined;

/** vega's loader, with every way to fetch or read a URL refused: nnlab's specs carry their data inline. */
function offline(vega: typeof import('./vegaRuntime.js')) {
  const refuse = (what: string) => (uri: string): Promise<never> => Promise.reject(new Error(`nnlab pictures load nothing (${what} ${uri})`));
  return Object.assign(vega.loader(), { load: refuse('load'), sanitize: refuse('sanitize'), http: refuse('http'), file: refuse('file') });
}

/** The spec drawn as a standalone SVG document (one <svg> element). */
export async function renderSvg(spec: Spec): Promise<string> {
  const vega = await (runtime ??= import('./vegaRuntime.js'));
  const view = new vega.View(vega.parse(spec), { renderer: 'none', loader: offline(vega) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
