/**
 * Local runs invoke the real handlers in-process: their Powertools output (JSON logs, EMF metrics,
 * traces) is meant for CloudWatch, not a terminal. Import this before anything that creates the
 * Powertools instances; explicit settings in the environment still win.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
// Tracing is off locally, but the X-Ray SDK's automatic mode still hooks every promise (cls-hooked's
// async hook with destroy tracking): manual mode leaves promises alone.
process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
process.env.AWS_REGION ??= 'us-east-1';
// The SDK warns that Node 20 support ends in 2027; Lambda runs Node 24, the warning is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
export {};
