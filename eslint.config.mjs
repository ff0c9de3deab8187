// Lint enforces the architecture (STYLE.md §9): domain libraries are pure and may import only
// other domain libraries and contracts; adapters may not import services; nothing imports a
// service. `no-floating-promises` keeps background work from failing silently.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.engines/**', 'libs/contracts/src/gen/**', 'services/*/src/gen/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'List named exports in index.ts (STYLE.md).' },
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']", message: 'No focused tests.' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          // type:testing is for *.spec.ts / *.int-spec.ts only; production code never imports it.
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:service', 'type:adapter', 'type:domain', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing'] },
          ],
          banTransitiveDependencies: false,
        },
      ],
    },
  },
  {
    // Domain libraries are pure: no I/O engines, no Nest (DESIGN.md, STYLE.md §2).
    files: ['libs/{detect,forecast,slo,correlate,insight}/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'kafkajs', 'ioredis', '@clickhouse/*', 'chdb', 'chdb/*', 'node:fs', 'fs', 'node:net', 'node:http'] },
      ],
    },
  },
];
