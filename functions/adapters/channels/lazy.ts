/**
 * Defers building an adapter (and its SDK client) until the first message on its channel, so a cold
 * start pays only for the clients it uses.
 */
import type { ChannelPort, DeliveryReceipt, OutboundMessage } from '../../domain/ports';

export class LazyChannel implements ChannelPort {
  private port: ChannelPort | undefined;

  constructor(private readonly build: () => ChannelPort) {}

  send(message: OutboundMessage): Promise<DeliveryReceipt> {
    this.port ??= this.build();
    return this.port.send(message);
  }
}
