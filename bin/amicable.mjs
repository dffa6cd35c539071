#!/usr/bin/env node
// The amicable CLI runs its TypeScript sources directly through tsx: no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../local/quiet-powertools.ts');
const { main } = await import('./amicable.ts');
process.exitCode = await main(process.argv.slice(2));
