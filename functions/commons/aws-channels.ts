/**
 * The channel port in AWS (SMS, voice and email through the configured provider), wired only into the
 * functions that deliver messages: the other bundles carry no channel adapter.
 */
import type { ChannelPort } from '../domain/ports';
import { channelSettingsFromEnvironment, channelsFromSettings } from '../adapters/channels/from-settings';
import type { AwsCore } from './aws-core';

export const awsChannels = (core: AwsCore): ChannelPort => channelsFromSettings(channelSettingsFromEnvironment(core.env));
