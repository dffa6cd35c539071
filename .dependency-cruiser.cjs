/**
 * The layer rules (README "Code map"), checked by `npm run deps` (part of `npm test`).
 * domain: pure, imports nothing of ours outside functions/domain. application: use cases over the
 * domain and its ports, never an adapter. adapters: never a handler. And no import cycles anywhere.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports nothing of ours outside functions/domain (ports are interfaces there).',
      severity: 'error',
      from: { path: '^functions/domain/' },
      to: { path: '^(functions/(?!domain/)|lib/|local/|simulator/|bench/|scripts/|test/)' },
    },
    {
      name: 'application-not-adapters',
      comment: 'Use cases work over ports; the adapters are wired in functions/commons/dependencies.ts.',
      severity: 'error',
      from: { path: '^functions/application/' },
      to: { path: '^functions/adapters/' },
    },
    {
      name: 'adapters-not-handlers',
      comment: 'Adapters serve the handlers, never the reverse.',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: '^functions/[^/]+\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|cdk\\.out|dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
