/** The event publisher in AWS (EventBridge), wired only into the functions that publish Amicable events. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as z from '../domain/zod';
import { EventBridgePublisher } from '../adapters/event-publisher-eventbridge';
import type { EventPublisher } from '../domain/ports';
import { readEnvironment, required } from './configuration';
import type { AwsCore } from './aws-core';
import { ENV } from './environment';

export function awsBus(core: AwsCore): EventPublisher {
  const parsed = readEnvironment(z.object({ [ENV.eventBusName]: required(ENV.eventBusName) }), 'event publisher', core.env);
  return new EventBridgePublisher(new EventBridgeClient({}), parsed[ENV.eventBusName]);
}
