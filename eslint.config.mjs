// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscodeInCore = {
  patterns: [
    {
      group: ['vscode'],
      message: 'src/core and src/protocol must stay free of the vscode API (run in plain Node).',
    },
  ],
  paths: [
    {
      name: 'vscode',
      message: 'src/core and src/protocol must stay free of the vscode API (run in plain Node).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'media/**', 'test/fixtures/generated/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noVscodeInCore] },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'sharp', 'fs', 'node:fs', 'child_process', 'node:child_process'].map((name) => ({
            name,
            message: 'The webview runs in a browser sandbox.',
          })),
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
