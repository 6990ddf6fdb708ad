import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// One version per build. Kit's default (Date.now() at config load) differs between the build and
// the prerender process it forks, and the page then looks for another global than the JS defines.
// Children inherit the environment, so the first load fixes it for all of them.
process.env.TELCO_LAB_BUILD ??= Date.now().toString(36);

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    prerender: { entries: ['*'] },
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
