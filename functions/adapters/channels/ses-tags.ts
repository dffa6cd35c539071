/** The SES tag a message key travels in (SES echoes tags in every event of the message); no SDK here, so the event parsers can use it. */
import { Buffer } from 'node:buffer';

/** The tag SES copies into every event for the message, so events can be matched to the ledger. */
export const MESSAGE_KEY_TAG = 'messageKey';

/**
 * SES tag values allow only ASCII letters, digits, '_' and '-', up to 256 characters. Message keys hold
 * other characters ('#', ':'), so they travel base64url-encoded -- exactly that alphabet, and reversible,
 * so the SES event handler can recover the key with decodeSesTagValue instead of guessing.
 */
export function encodeSesTagValue(value: string): string {
  const encoded = Buffer.from(value, 'utf8').toString('base64url');
  if (encoded.length === 0 || encoded.length > 256) {
    throw new Error(`Message key of ${value.length} characters does not fit an SES tag (1..256 after encoding)`);
  }
  return encoded;
}

export function decodeSesTagValue(value: string): string {
  return Buffer.from(value, 'base64url').toString('utf8');
}
