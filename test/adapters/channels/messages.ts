import type { OutboundMessage } from '../../../functions/domain/ports';

/** Fictional test data only (555-01XX numbers, example.com addresses). */
export function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    accountId: 'acc-1',
    channel: 'sms',
    to: '+12065550123',
    messageKey: 'acc-1#2026-11#reminder-1#sms',
    language: 'en',
    text: 'Hello from Example Energy.',
    ...overrides,
  };
}
