/**
 * One way to make an alarm: above a threshold in one period, missing data is fine, notifying the alarm
 * topic. Monitoring and the operational alarms both make theirs with it.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';

export type AlarmMaker = (alarmId: string, metric: cloudwatch.IMetric, description: string, threshold?: number) => cloudwatch.Alarm;

/** Alarms made in `scope`, each notifying `action` and collected in `made`. */
export function alarmMaker(scope: Construct, action: cloudwatch.IAlarmAction, made: cloudwatch.Alarm[]): AlarmMaker {
  return (alarmId, metric, description, threshold = 0) => {
    const alarm = new cloudwatch.Alarm(scope, alarmId, {
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(action);
    made.push(alarm);
    return alarm;
  };
}
