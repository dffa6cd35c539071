#!/usr/bin/env node
// The amicable CLI runs its TypeScript sources directly through tsx: no build step to forget.
import { register } from 'tsx/esm/api';

// The local run invokes the real handlers in-process: their Powertools output (JSON logs, EMF metrics,
// traces) is for CloudWatch, not this terminal. The timeline and summary are the local run's output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
process.env.AWS_REGION ??= 'us-east-1';
// The SDK warns that Node 20 support ends in 2027; Lambda runs Node 22, the warning is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('./amicable.ts');
process.exitCode = await main(process.argv.slice(2));
