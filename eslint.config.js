import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The web interface: plain ES modules served as they are to the browser (no build step).
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'history',
          'location',
          'navigator',
          'console',
          'fetch',
          'URL',
          'URLSearchParams',
          'FormData',
          'XMLHttpRequest',
          'TextEncoder',
          'TextDecoder',
          'ResizeObserver',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'setTimeout',
          'clearTimeout',
          'Event',
          'AbortController',
          'AbortSignal',
          'CSS',
          'Node',
          'File',
          'HTMLElement',
          'HTMLInputElement',
          'HTMLTextAreaElement',
          'HTMLSelectElement',
          'HTMLDialogElement',
          'HTMLFormElement',
          'HTMLButtonElement',
          'HTMLProgressElement',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: { 'no-undef': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
