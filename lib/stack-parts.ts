/**
 * The parts of the Amicable stack that its outputs and its accepted cdk-nag findings are about, as an
 * interface: stack-outputs.ts and stack-nag.ts read the stack through it, so neither imports the stack.
 */
import type { Stack } from 'aws-cdk-lib';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Analytics } from './analytics';
import type { AnalyticsQuickSight } from './analytics-quicksight';
import type { Channels } from './channels';
import type { CollectionsBus } from './collections-bus';
import type { Conversations } from './conversations';
import type { DataStore } from './data-store';
import type { Intake } from './ingest';
import type { Journey } from './journey';
import type { AmicableFunction } from './lambda-defaults';
import type { Monitoring } from './monitoring';
import type { Placement } from './placement';
import type { Portal } from './portal';
import type { Sweep } from './sweep';

export interface StackParts extends Stack {
  readonly dataStore: DataStore;
  readonly bus: CollectionsBus;
  readonly channels: Channels;
  readonly portal: Portal;
  readonly journey: Journey;
  readonly intake: Intake;
  readonly conversations: Conversations;
  readonly sweep: Sweep;
  readonly monitoring: Monitoring;
  readonly analytics: Analytics;
  readonly placement: Placement;
  readonly quickSight?: AnalyticsQuickSight;
  /** Every function of the stack (one per handler in functions/commons/environment.ts HANDLERS). */
  readonly functions: AmicableFunction[];
  /** Every dead-letter and on-failure queue: each is alarmed on depth. */
  readonly deadLetterQueues: sqs.Queue[];
}
