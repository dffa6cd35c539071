// A worker thread of a sharded local run (local/shards.ts). Workers start without the parent's
// TypeScript loader, so this plain module registers tsx before loading the shard's TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./shard-worker.ts');
