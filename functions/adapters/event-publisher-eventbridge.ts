/** Puts Amicable's own events (source "amicable") on the collections bus. */
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AMICABLE_SOURCE } from '../domain/amicable-events';
import type { EventPublisher } from '../domain/ports';

export class EventPublishError extends Error {
  constructor(
    readonly detailType: string,
    readonly errorCode: string | undefined,
    readonly errorMessage: string | undefined,
  ) {
    super(`EventBridge rejected ${detailType}: ${errorCode ?? 'unknown error'}${errorMessage ? ` (${errorMessage})` : ''}`);
    this.name = 'EventPublishError';
  }
}

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  async publish(detailType: string, detail: Record<string, unknown>): Promise<void> {
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [{ Source: AMICABLE_SOURCE, DetailType: detailType, Detail: JSON.stringify(detail), EventBusName: this.eventBusName }],
      }),
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      const failed = result.Entries?.find((e) => e.ErrorCode) ?? result.Entries?.[0];
      throw new EventPublishError(detailType, failed?.ErrorCode, failed?.ErrorMessage);
    }
  }
}
