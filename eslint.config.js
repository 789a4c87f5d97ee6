// ESLint for TypeScript and Svelte 5; formatting is Prettier's (eslint-config-prettier turns the
// style rules off). `npm run lint` runs it over the whole tree, and `npm test` runs `npm run lint`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'test/fidelity/kafkajs/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_`-prefixed parameters are the ones an interface makes a function take but it does not need.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The page keeps collections in $state.raw and replaces them whole (a new Set per change), which
      // is what this rule's SvelteSet would otherwise be for.
      'svelte/prefer-svelte-reactivity': 'off',
      // Text rows (timeline events, fault histories) are appended or replaced whole, never reordered:
      // a key would only be the index.
      'svelte/require-each-key': 'off',
    },
  },
  {
    // A terminal's input and output are control characters (ESC sequences, Ctrl-C as \x03).
    files: ['src/ui/terminal/**', 'test/ui/terminal-session.test.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
);
