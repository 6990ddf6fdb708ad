import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// One version per build. Kit's default (Date.now() at config load) differs between the build and
// the prerender process it forks, and the page then looks for another global than the JS defines.
// Children inherit the environment, so the first load fixes it for all of them.
process.env.TELCO_LAB_BUILD ??= Date.now().toString(36);

/**
 * "Nothing leaves the browser", enforced by the browser: a Content-Security-Policy on every page.
 * Every directive through which a page can send or fetch data stays on the site's own origin, so
 * even a future bug (or a library's "share" button) cannot reach another host.
 *
 * All pages are prerendered, so Kit writes this as a <meta http-equiv="content-security-policy">
 * tag with sha256 hashes of its own inline bootstrap script (mode 'auto'). A meta policy cannot
 * carry `frame-ancestors`, `report-uri`/`report-to` or `sandbox` (browsers ignore them there);
 * they need an HTTP header from the host, which a static site does not control. The policy also
 * governs what a page's workers may do only when the worker inherits it: see worker-url.ts.
 *
 * @type {import('@sveltejs/kit').Csp.Directives}
 */
export const CSP_DIRECTIVES = {
  'default-src': ['self'],
  // 'wasm-unsafe-eval': TF.js's WASM backend compiles WebAssembly (our SIMD dot product too);
  // it allows WebAssembly compilation only, not eval() of strings.
  'script-src': ['self', 'wasm-unsafe-eval'],
  // Module workers are served from our origin; blob: is the tiny same-document bootstrap that
  // makes each worker inherit this policy (worker-url.ts).
  'worker-src': ['self', 'blob:'],
  // Styles cannot send data by themselves (a url() in CSS is checked against img-src/font-src,
  // which stay on 'self'). 'unsafe-inline' is needed because Plotly writes <style> rules and
  // style="" attributes at run time and Svelte's style: directives render as style attributes
  // in the prerendered HTML; neither can carry a hash known at build time.
  'style-src': ['self', 'unsafe-inline'],
  'connect-src': ['self'],
  // data:/blob: images are made in the page (Plotly's "download as PNG" renders through one);
  // they carry nothing off the device.
  'img-src': ['self', 'data:', 'blob:'],
  'font-src': ['self'],
  'media-src': ['self'],
  'manifest-src': ['self'],
  'frame-src': ['none'],
  'object-src': ['none'],
  'base-uri': ['self'],
  'form-action': ['self']
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    prerender: { entries: ['*'] },
    csp: { mode: 'auto', directives: CSP_DIRECTIVES },
    version: { name: process.env.TELCO_LAB_BUILD },
    serviceWorker: {
      // cache.addAll rejects on dotfiles such as .nojekyll and the worker never installs.
      files: (filepath) => !/(^|\/)\./.test(filepath)
    },
    typescript: {
      config(config) {
        config.include.push('../workers/**/*.ts', '../e2e/**/*.ts', '../bench/**/*.ts', '../src/cli/**/*.ts');
        return config;
      }
    }
  }
};

export default config;
