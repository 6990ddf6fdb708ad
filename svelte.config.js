import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    prerender: { entries: ['*'] },
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
