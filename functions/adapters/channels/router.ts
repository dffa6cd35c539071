/**
 * The one channel port the handlers see: dispatches each message to the adapter for its channel, so a
 * deployment can mix providers (End User Messaging for SMS and voice, SES for email) behind one port.
 */
import type { ChannelPort, DeliveryReceipt, OutboundMessage } from '../../domain/ports';
import type { Channel } from '../../domain/types';

export type ChannelPorts = Record<Channel, ChannelPort>;

export class ChannelRouter implements ChannelPort {
  constructor(private readonly ports: ChannelPorts) {}

  send(message: OutboundMessage): Promise<DeliveryReceipt> {
    // Own properties only: a malformed channel name must not find something on Object.prototype.
    const port = Object.hasOwn(this.ports, message.channel) ? this.ports[message.channel] : undefined;
    if (!port) return Promise.reject(new Error(`No channel adapter for channel '${String(message.channel)}'`));
    return port.send(message);
  }
}
