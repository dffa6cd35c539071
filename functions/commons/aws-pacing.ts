/**
 * Capacity-aware sending, wired only into the decide function (the one function lib/journey.ts gives
 * SEND_PACING and the only reader of Dependencies.pacing): the other bundles do not carry the pacing
 * schema and the send-slot store.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSendSlotStore } from '../adapters/send-slot-store';
import type { Pacing } from '../application/pace';
import { parsePacingSettings, type PacingSettings } from '../domain/pacing/capacity';
import { ConfigurationError } from './configuration';
import type { AwsCore } from './aws-core';
import { ENV } from './environment';

/** The pacing settings with their send slots in the state table. */
export function pacingOn(settings: PacingSettings, doc: DynamoDBDocumentClient, stateTable: string): Pacing {
  return { ...settings, slots: new DynamoSendSlotStore(doc, stateTable) };
}

/** Pacing when the function is given SEND_PACING, validated at once; none without it. */
export function awsPacing(core: AwsCore): Pacing | undefined {
  const text = core.env[ENV.sendPacing]?.trim();
  if (!text) return undefined;
  let settings: PacingSettings;
  try {
    settings = parsePacingSettings(text);
  } catch (error) {
    throw new ConfigurationError([(error as Error).message], 'pacing');
  }
  return pacingOn(settings, core.doc, core.stateTable);
}
