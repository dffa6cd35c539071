/**
 * How End User Messaging SMS and Voice v2 exceptions map onto the channel port's error vocabulary.
 * Anything not mapped here is returned unchanged: the journey records it as a failure.
 */
import { ChannelPermanentError, ChannelThrottledError } from '../../domain/errors';
import { describe, isProviderError, reasonOf } from './provider-error';

/**
 * Quotas that clear with time and are about sending volume, so backing off is the right response.
 * Spend limits and resource counts are deliberately absent: waiting does not fix them, an operator does.
 */
const RATE_QUOTA_REASONS = new Set(['DAILY_DESTINATION_CALL_LIMIT', 'DAILY_NOTIFY_TIER_MESSAGE_LIMIT']);

/**
 * Validation reasons that, when reported against DestinationPhoneNumber, mean the number itself is bad.
 * Country-level reasons (DESTINATION_COUNTRY_BLOCKED, COUNTRY_NOT_ENABLED, INVALID_IDENTITY_FOR_DESTINATION_COUNTRY,
 * INTERNATIONAL_SENDING_NOT_SUPPORTED, VOICE_CAPABILITY_NOT_AVAILABLE) are left out on purpose: they describe
 * our sending configuration, not the customer's number, and marking a good number unusable would outlive the fix.
 */
const INVALID_NUMBER_REASONS = new Set(['CANNOT_PARSE', 'INVALID_PARAMETER', 'FIELD_VALIDATION_FAILED']);

const DESTINATION_FIELD = 'destinationphonenumber';

export function mapSmsVoiceError(error: unknown): unknown {
  if (isProviderError(error, 'ThrottlingException')) {
    return new ChannelThrottledError(`SMS/voice provider throttled: ${describe(error)}`);
  }
  if (isProviderError(error, 'ServiceQuotaExceededException')) {
    const reason = reasonOf(error);
    if (reason !== undefined && RATE_QUOTA_REASONS.has(reason)) {
      return new ChannelThrottledError(`SMS/voice quota reached: ${describe(error)}`);
    }
    return error;
  }
  if (isProviderError(error, 'ConflictException') && reasonOf(error) === 'DESTINATION_PHONE_NUMBER_OPTED_OUT') {
    return new ChannelPermanentError('opted-out', `Destination is on the opt-out list: ${describe(error)}`);
  }
  if (isProviderError(error, 'ValidationException') && isInvalidDestination(error)) {
    return new ChannelPermanentError('invalid-address', `Destination number rejected: ${describe(error)}`);
  }
  return error;
}

function isInvalidDestination(error: Error & Record<string, unknown>): boolean {
  const reason = reasonOf(error);
  if (reason === undefined || !INVALID_NUMBER_REASONS.has(reason)) return false;
  const fields = Array.isArray(error.Fields) ? (error.Fields as Array<{ Name?: unknown }>) : [];
  return fields.some((field) => typeof field.Name === 'string' && field.Name.toLowerCase().includes(DESTINATION_FIELD));
}
