import { describe, expect, it, vi } from 'vitest';
import { LazyChannel } from '../../../functions/adapters/channels/lazy';
import { ChannelRouter } from '../../../functions/adapters/channels/router';
import type { ChannelPort, OutboundMessage } from '../../../functions/domain/ports';
import { message } from './messages';

function recorder(id: string): ChannelPort & { messages: OutboundMessage[] } {
  const messages: OutboundMessage[] = [];
  return {
    messages,
    send: async (m) => {
      messages.push(m);
      return { providerMessageId: `${id}-${messages.length}` };
    },
  };
}

describe('ChannelRouter', () => {
  it('dispatches each message to the port for its channel', async () => {
    const ports = { sms: recorder('sms'), email: recorder('email'), voice: recorder('voice') };
    const router = new ChannelRouter(ports);

    expect(await router.send(message({ channel: 'email', to: 'a@example.com' }))).toEqual({ providerMessageId: 'email-1' });
    expect(await router.send(message({ channel: 'voice' }))).toEqual({ providerMessageId: 'voice-1' });
    expect(await router.send(message({ channel: 'sms' }))).toEqual({ providerMessageId: 'sms-1' });

    expect(ports.sms.messages.map((m) => m.channel)).toEqual(['sms']);
    expect(ports.email.messages.map((m) => m.to)).toEqual(['a@example.com']);
    expect(ports.voice.messages).toHaveLength(1);
  });

  it('passes adapter errors through untouched', async () => {
    const failure = new Error('provider down');
    const failing: ChannelPort = { send: () => Promise.reject(failure) };
    const router = new ChannelRouter({ sms: failing, email: recorder('e'), voice: recorder('v') });
    await expect(router.send(message())).rejects.toBe(failure);
  });

  it('rejects a channel it has no adapter for, including prototype names', async () => {
    const router = new ChannelRouter({ sms: recorder('s'), email: recorder('e'), voice: recorder('v') });
    const bogus = message({ channel: 'fax' as never });
    await expect(router.send(bogus)).rejects.toThrow(/No channel adapter for channel 'fax'/);
    await expect(router.send(message({ channel: 'toString' as never }))).rejects.toThrow(/No channel adapter/);
  });
});

describe('LazyChannel', () => {
  it('builds its adapter on the first send, once', async () => {
    const inner = recorder('x');
    const build = vi.fn(() => inner);
    const lazy = new LazyChannel(build);
    expect(build).not.toHaveBeenCalled();

    await lazy.send(message());
    await lazy.send(message());

    expect(build).toHaveBeenCalledTimes(1);
    expect(inner.messages).toHaveLength(2);
  });
});
