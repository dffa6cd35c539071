// A worker thread of the scale model (bench/scale-shards.ts). Workers start without the parent's
// TypeScript loader, so this plain module registers tsx before loading the shard's TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./scale-shard-worker.ts');
