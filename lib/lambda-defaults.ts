/**
 * One way to build an Amicable Lambda function: a NodejsFunction for functions/<handler>.ts with the
 * shared, secure defaults (arm64, Node 24, active tracing, explicit log group with retention, small
 * minified ESM bundles) so every function looks the same in the template and in the console.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HandlerName } from '../functions/commons/environment';
import { encryptedLogGroup } from './encryption';

/** Project root (where package.json, functions/ and statemachines/ live). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = 'node24';

/**
 * ESM bundles need `require` for the odd CommonJS dependency that calls it (Powertools and middy pull
 * in a few); the usual banner recreates it from import.meta.url.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __amicableCreateRequire } from 'module'; const require = __amicableCreateRequire(import.meta.url);";

/**
 * The AWS SDK v3 is left out of the bundles: the nodejs24.x runtime ships it, which keeps every bundle
 * small (fast cold starts, cheap deploys) instead of 300-700 KB per function with the clients bundled.
 * Set `bundleAwsSdk` on a function to pin the SDK version inside the bundle instead.
 */
export const AWS_SDK_EXTERNALS = ['@aws-sdk/*', '@smithy/*'];

/**
 * Powertools (and the X-Ray SDK its Tracer needs, about 100 KB) come from the official Powertools
 * Lambda layer, as its documentation recommends, instead of being bundled into every function.
 */
export const POWERTOOLS_EXTERNALS = ['@aws-lambda-powertools/*', 'aws-xray-sdk-core'];

/** The installed Powertools version: the layer is pinned to it, so code and layer cannot drift apart. */
export const POWERTOOLS_VERSION: string = JSON.parse(
  readFileSync(resolve(PROJECT_ROOT, 'node_modules/@aws-lambda-powertools/logger/package.json'), 'utf8'),
).version;

/**
 * The Powertools layer for this stack's Region, one per stack. Its ARN comes from the public SSM
 * parameter AWS publishes per Powertools version, resolved by CloudFormation at deploy time (synth
 * stays offline).
 */
export function powertoolsLayer(scope: Construct): lambda.ILayerVersion {
  const stack = Stack.of(scope);
  const id = 'PowertoolsLayer';
  const existing = stack.node.tryFindChild(id) as lambda.ILayerVersion | undefined;
  if (existing) return existing;
  const arn = ssm.StringParameter.valueForStringParameter(stack, `/aws/service/powertools/typescript/generic/all/${POWERTOOLS_VERSION}`);
  return lambda.LayerVersion.fromLayerVersionArn(stack, id, arn);
}

/**
 * The esbuild options the functions are bundled with; bench/bundle-sizes.ts and
 * test/infra/bundle-sizes.test.ts use the same ones. `module` first picks the ESM build of a package
 * (tree-shakable); package.json's `sideEffects` lets esbuild drop a module none of whose exports is used.
 */
export function bundlingOptions(bundleAwsSdk = false): BundlingOptions {
  return {
    minify: true,
    sourceMap: false,
    format: OutputFormat.ESM,
    target: ESBUILD_TARGET,
    mainFields: ['module', 'main'],
    banner: ESM_REQUIRE_BANNER,
    externalModules: [...POWERTOOLS_EXTERNALS, ...(bundleAwsSdk ? [] : AWS_SDK_EXTERNALS)],
    bundleAwsSDK: bundleAwsSdk,
    metafile: false,
  };
}

export interface AmicableFunctionProps {
  /** Handler file functions/<handler>.ts exporting `handler`. */
  readonly handler: HandlerName;
  /** Environment variables besides the Powertools ones. */
  readonly environment?: Record<string, string>;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** Removal policy of the log group. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Key for the function's environment variables (its log group always uses the stack's logs key, lib/encryption.ts). @default AWS-managed key */
  readonly encryptionKey?: kms.IKey;
  /** @default false: the runtime's AWS SDK v3 is used (see AWS_SDK_EXTERNALS) */
  readonly bundleAwsSdk?: boolean;
  /** Cap on concurrent executions. @default no reservation */
  readonly reservedConcurrentExecutions?: number;
  /** Async invocation settings (on-failure destination, retries). */
  readonly onFailure?: lambda.IDestination;
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
}

/** A Lambda function for one handler in functions/, with the shared defaults. */
export class AmicableFunction extends NodejsFunction {
  readonly handlerName: HandlerName;

  constructor(scope: Construct, id: string, props: AmicableFunctionProps) {
    const logGroup = encryptedLogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    // Its own role, without the AWSLambdaBasicExecutionRole managed policy: logs go to this one log group.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Amicable ${props.handler} function`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      entry: resolve(PROJECT_ROOT, 'functions', `${props.handler}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      layers: [powertoolsLayer(scope)],
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environmentEncryption: props.encryptionKey,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      environment: {
        POWERTOOLS_SERVICE_NAME: `amicable-${props.handler}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Amicable',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        // Traces flag errors but never record their messages (they can quote personal data); the
        // handler middleware never records responses (functions/commons/middleware.ts).
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        // Source maps are off (smaller bundles); NODE_OPTIONS --enable-source-maps would only cost time.
        ...props.environment,
      },
      bundling: bundlingOptions(props.bundleAwsSdk ?? false),
    });
    this.handlerName = props.handler;
  }
}

/** What every function of a construct shares (its handler and environment are its own). */
export type FunctionDefaults = Omit<AmicableFunctionProps, 'handler' | 'environment'>;
