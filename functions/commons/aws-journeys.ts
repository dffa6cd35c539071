/**
 * Journeys in AWS: executions through Step Functions, their resumes through EventBridge Scheduler
 * (lib/journey-resume.ts sets the variable). Wired only into the functions that start journeys or move
 * them to their next generation.
 */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from '../domain/zod';
import { describeIssues } from '../domain/zod-issues';
import type { JourneyGenerations, JourneyStarter } from '../domain/ports';
import { SfnJourneyStarter } from '../adapters/journey-starter-sfn';
import { resumeSchedulesSchema, SchedulerResumes } from '../adapters/resume-scheduler';
import { ConfigurationError, readEnvironment, required } from './configuration';
import { perCore, type AwsCore } from './aws-core';
import { ENV } from './environment';

const executions = perCore((core): SfnJourneyStarter => {
  const parsed = readEnvironment(z.object({ [ENV.stateMachineArn]: required(ENV.stateMachineArn) }), 'journey starter', core.env);
  return new SfnJourneyStarter(new SFNClient({}), parsed[ENV.stateMachineArn]);
});

export const awsJourneys = (core: AwsCore): JourneyStarter => executions(core);

export function awsGenerations(core: AwsCore): JourneyGenerations {
  const parsed = readEnvironment(z.object({ [ENV.resumeSchedules]: required(ENV.resumeSchedules) }), 'journey resumes', core.env);
  let settings;
  try {
    settings = resumeSchedulesSchema.safeParse(JSON.parse(parsed[ENV.resumeSchedules]));
  } catch (error) {
    throw new ConfigurationError([`${ENV.resumeSchedules} is not JSON: ${(error as Error).message}`], 'journey resumes');
  }
  if (!settings.success) throw new ConfigurationError(describeIssues(settings.error), 'journey resumes');
  const resumes = new SchedulerResumes(new SchedulerClient({}), settings.data);
  const starter = executions(core);
  return {
    startGeneration: (ref, generation) => starter.startGeneration(ref, generation),
    stopGeneration: (ref, generation, reason) => starter.stopGeneration(ref, generation, reason),
    scheduleGeneration: (ref, generation, at) => resumes.scheduleGeneration(ref, generation, at),
    cancelSchedule: (ref, generation) => resumes.cancelSchedule(ref, generation),
  };
}
