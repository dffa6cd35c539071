import { Match } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { devConfig, synthAmicable } from './helpers';

const { template } = synthAmicable(devConfig());

describe('provider events and operational alarms', () => {
  it("routes End User Messaging's own text and voice delivery events to delivery-events, with a dead-letter queue", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.sms-voice'],
        'detail-type': ['Text Message Delivery Status Updated', 'Voice Message Delivery Status Updated'],
      },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }) })],
    });
  });

  it('alarms when a registration changes status', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.sms-voice'], 'detail-type': ['Registration Status Change'] },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'MatchedEvents',
      AlarmActions: Match.anyValue(),
    });
  });

  it('alarms on Lambda and DynamoDB throttles, journeys timed out, SES reputation and portal 4xx/5xx', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Namespace: 'AWS/Lambda' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'WriteThrottleEvents' }) }) }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsTimedOut', Namespace: 'AWS/States' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.BounceRate',
      Namespace: 'AWS/SES',
      Threshold: 0.025,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.ComplaintRate',
      Namespace: 'AWS/SES',
      Threshold: 0.0005,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '4xx', Namespace: 'AWS/ApiGateway' });
  });
});
