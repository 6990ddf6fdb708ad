// One lint config for the whole repository (flat config). Type-aware rules are left out on
// purpose: svelte-check and tsc already type-check, and lint should stay fast in `npm test`.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'node_modules/',
      'static/',
      'test-results/',
      'playwright-report/',
      'bench/out/',
      'src/**/wasm/*.wasm.ts'
    ]
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
  },
  {
    rules: {
      // Unused names are errors; a leading underscore marks a deliberately unused parameter.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
      ],
      // Links in this static site are relative to the base path already.
      'svelte/no-navigation-without-resolve': 'off',
      // TypeScript already reports undefined names, with types.
      'no-undef': 'off',
      // Page state holds plain Maps inside $state.raw and replaces them whole on change (design.md:
      // results in $state.raw), so Svelte's deep-reactive collections would only add proxies.
      'svelte/prefer-svelte-reactivity': 'off'
    }
  }
);
