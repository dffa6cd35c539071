import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conventionalFailure, SinkChannel } from '../../../functions/adapters/channels/sink';
import type { Clock } from '../../../functions/domain/ports';
import { ChannelPermanentError, ChannelThrottledError } from '../../../functions/domain/errors';
import { message } from './messages';

function clockAt(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => now, set: (next) => (now = new Date(next)) };
}

describe('SinkChannel recording', () => {
  it('records every sent message with the clock time and numbered ids', async () => {
    const clock = clockAt('2026-11-03T15:00:00.000Z');
    const sink = new SinkChannel({ clock });

    const first = await sink.send(message());
    clock.set('2026-11-04T16:30:00.000Z');
    const second = await sink.send(message({ channel: 'email', to: 'sam@example.com', subject: 'S', html: '<p>H</p>', messageKey: 'k2' }));

    expect(first).toEqual({ providerMessageId: 'sink-1' });
    expect(second).toEqual({ providerMessageId: 'sink-2' });
    expect(sink.sent).toEqual([
      {
        accountId: 'acc-1',
        channel: 'sms',
        to: '+12065550123',
        messageKey: 'acc-1#2026-11#reminder-1#sms',
        text: 'Hello from Example Energy.',
        providerMessageId: 'sink-1',
        sentAt: '2026-11-03T15:00:00.000Z',
      },
      {
        accountId: 'acc-1',
        channel: 'email',
        to: 'sam@example.com',
        messageKey: 'k2',
        text: 'Hello from Example Energy.',
        subject: 'S',
        html: '<p>H</p>',
        providerMessageId: 'sink-2',
        sentAt: '2026-11-04T16:30:00.000Z',
      },
    ]);
  });

  it('keeps voice SSML and honours an id prefix', async () => {
    const sink = new SinkChannel({ clock: clockAt('2026-11-03T15:00:00Z'), idPrefix: 'acc-1' });
    const receipt = await sink.send(message({ channel: 'voice', ssml: '<speak>Hi</speak>' }));
    expect(receipt.providerMessageId).toBe('acc-1-1');
    expect(sink.sent[0].ssml).toBe('<speak>Hi</speak>');
  });
});

describe('SinkChannel fault injection', () => {
  it('throttles the next N sends without recording them, then sends', async () => {
    const sink = new SinkChannel({ clock: clockAt('2026-11-03T15:00:00Z'), throttleNext: 2 });

    for (let i = 0; i < 2; i += 1) {
      const error = await sink.send(message()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelThrottledError);
      expect((error as Error).name).toBe('ChannelThrottled');
    }
    expect(sink.sent).toHaveLength(0);
    await expect(sink.send(message())).resolves.toEqual({ providerMessageId: 'sink-1' });

    sink.throttle(1);
    await expect(sink.send(message())).rejects.toBeInstanceOf(ChannelThrottledError);
    expect(sink.sent).toHaveLength(1);
  });

  it('fails configured addresses permanently with their reason', async () => {
    const sink = new SinkChannel({
      clock: clockAt('2026-11-03T15:00:00Z'),
      permanentFailures: [{ to: '+12065550123', reason: 'opted-out' }],
    });

    const error = await sink.send(message()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelPermanentError);
    expect(error).toMatchObject({ name: 'ChannelPermanentFailure', reason: 'opted-out' });
    await expect(sink.send(message({ to: '+12065550124' }))).resolves.toBeDefined();

    sink.failPermanently('sam@example.com', 'suppressed');
    await expect(sink.send(message({ channel: 'email', to: 'sam@example.com' }))).rejects.toMatchObject({
      reason: 'suppressed',
    });
    expect(sink.sent.map((r) => r.to)).toEqual(['+12065550124']);
  });

  it('throttling comes before the address check, as with real providers', async () => {
    const sink = new SinkChannel({ clock: clockAt('2026-11-03T15:00:00Z'), throttleNext: 1 });
    await expect(sink.send(message({ to: '+12065550199' }))).rejects.toBeInstanceOf(ChannelThrottledError);
    await expect(sink.send(message({ to: '+12065550199' }))).rejects.toBeInstanceOf(ChannelPermanentError);
  });
});

describe('SinkChannel address conventions', () => {
  const sink = () => new SinkChannel({ clock: clockAt('2026-11-03T15:00:00Z') });

  it('+1NPA5550199 is an invalid number for sms and voice', async () => {
    await expect(sink().send(message({ to: '+13125550199' }))).rejects.toMatchObject({ reason: 'invalid-address' });
    await expect(sink().send(message({ channel: 'voice', to: '+12065550199' }))).rejects.toMatchObject({
      reason: 'invalid-address',
    });
    await expect(sink().send(message({ to: '+12065550198' }))).resolves.toBeDefined();
  });

  it('addresses at invalid.example bounce; other domains do not', async () => {
    await expect(sink().send(message({ channel: 'email', to: 'Sam@Invalid.Example' }))).rejects.toMatchObject({
      reason: 'invalid-address',
    });
    await expect(sink().send(message({ channel: 'email', to: 'sam@notinvalid.example.com' }))).resolves.toBeDefined();
  });

  it('applies each convention only to its own channel', () => {
    expect(conventionalFailure('email', '+12065550199')).toBeUndefined();
    expect(conventionalFailure('sms', 'x@invalid.example')).toBeUndefined();
  });

  it('permanent errors do not quote the address', async () => {
    const error = (await sink()
      .send(message({ to: '+12065550199' }))
      .catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('5550199');
  });
});

describe('SinkChannel journal', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per sent message, creating the folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'amicable-sink-'));
    const journalPath = join(dir, 'report', 'sent.jsonl');
    const sink = new SinkChannel({ clock: clockAt('2026-11-03T15:00:00Z'), journalPath, throttleNext: 1 });

    await sink.send(message()).catch(() => undefined);
    await sink.send(message());
    await sink.send(message({ channel: 'voice', ssml: '<speak>x</speak>' }));

    const lines = (await readFile(journalPath, 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(sink.sent);
    expect(lines).toHaveLength(2);
  });
});
