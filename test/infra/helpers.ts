/**
 * Shared helpers for the infrastructure tests: the stage config fixtures and one synthesized stack
 * per test file (synthesis and bundling cost seconds).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AmicableStack } from '../../lib/amicable-stack';
import { parseStageConfig, type StageConfig, type StageConfigInput } from '../../lib/config';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export function rawConfig(file: 'dev.json' | 'prod.example.json'): StageConfigInput {
  return JSON.parse(readFileSync(resolve(ROOT, 'config', file), 'utf8')) as StageConfigInput;
}

export function devConfig(overrides: Partial<StageConfigInput> = {}): StageConfig {
  return parseStageConfig({ ...rawConfig('dev.json'), ...overrides });
}

export function prodConfig(overrides: Partial<StageConfigInput> = {}): StageConfig {
  return parseStageConfig({ ...rawConfig('prod.example.json'), ...overrides });
}

export interface SynthOptions {
  /** Bundle the functions with esbuild (slow); otherwise CDK skips bundling. @default false */
  readonly bundle?: boolean;
}

export function synthAmicable(config: StageConfig, options: SynthOptions = {}) {
  const app = new App({
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new AmicableStack(app, `Amicable-${config.stage}`, {
    env: { account: config.account, region: config.region },
    config,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** Finds the one resource of a type whose logical id starts with a prefix. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}
