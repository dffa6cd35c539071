/**
 * The CDK app: `npx cdk synth -c stage=<stage>` loads config/<stage>.json, validates it, and builds
 * the Amicable stack for that stage's account and Region. cdk-nag's AwsSolutions pack runs as a
 * validation plugin on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AmicableStack } from '../lib/amicable-stack';
import { loadStageConfig, StageConfigError } from '../lib/config';

const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'dev');

let config;
try {
  config = loadStageConfig(stage);
} catch (e) {
  if (e instanceof StageConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

new AmicableStack(app, `Amicable-${config.stage}`, {
  env: { account: config.account, region: config.region },
  config,
  tags: { app: 'amicable', stage: config.stage },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

app.synth();
