/**
 * The outreach journey: the six journey functions (decide, send, record, escalate, close, handover) and
 * the Standard state machine deployed from statemachines/journey.asl.json with the functions' ARNs
 * substituted, and where its resting generations wait (journey-resume.ts). Each function gets only the
 * table access it needs.
 */
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV } from '../functions/commons/environment';
import type { Channels } from './channels';
import type { DataStore } from './data-store';
import { AmicableFunction, type AmicableFunctionProps, type FunctionDefaults } from './lambda-defaults';
import type { PortalLinks } from './portal';
import { JOURNEY_DEFINITION_FILE } from './journey-definition';
import { encryptedLogGroup } from './encryption';
import type { PacingSettings } from '../functions/domain/pacing/capacity';
import { JourneyResume } from './journey-resume';

/** Shared settings every Amicable function gets (log retention, log level, ...). */
export interface JourneyProps {
  readonly dataStore: DataStore;
  readonly channels: Channels;
  /** Where escalate puts AgentHandoffRequested events. */
  readonly eventBus: events.IEventBus;
  /** Environment variables every function gets (time zone, payment URL, ...). */
  readonly environment?: Record<string, string>;
  readonly functionDefaults?: FunctionDefaults;
  /** Key for the execution history (inputs and outputs). @default the data store key */
  readonly encryptionKey?: kms.IKey;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Explicit name: the execution-history key grant and the DescribeExecution grant are scoped by it.
   * @default 'amicable-journey'
   */
  readonly stateMachineName?: string;
  /** @default statemachines/journey.asl.json */
  readonly definitionFile?: string;
  /** The portal: send puts signed portal links in its messages. @default no links */
  readonly portalLinks?: PortalLinks;
  /** Capacity-aware sending: decide reserves each contact's second on its identity. @default none (sent when decided) */
  readonly pacing?: PacingSettings;
}

/** Writes to the send-slot items of the STATE table (pk PACE#...), nothing else. */
function pacingWrites(dataStore: DataStore): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
    resources: [dataStore.stateTable.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PACE#*'] } },
  });
}

export class Journey extends Construct {
  readonly decideFunction: AmicableFunction;
  readonly sendFunction: AmicableFunction;
  readonly recordFunction: AmicableFunction;
  readonly escalateFunction: AmicableFunction;
  readonly closeFunction: AmicableFunction;
  readonly handoverFunction: AmicableFunction;
  readonly resume: JourneyResume;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly stateMachineName: string;

  constructor(scope: Construct, id: string, props: JourneyProps) {
    super(scope, id);
    const { dataStore, channels } = props;
    const env = {
      ...dataStore.environment,
      [ENV.eventBusName]: props.eventBus.eventBusName,
      ...props.environment,
    };
    const fn = (fid: string, handler: AmicableFunctionProps['handler'], extra: Record<string, string> = {}) =>
      new AmicableFunction(this, fid, {
        ...props.functionDefaults,
        handler,
        environment: { ...env, ...extra },
      });

    this.decideFunction = fn('Decide', 'decide', props.pacing ? { [ENV.sendPacing]: JSON.stringify(props.pacing) } : {});
    this.sendFunction = fn('Send', 'send', { ...channels.environment, ...props.portalLinks?.linkEnvironment });
    this.recordFunction = fn('Record', 'record');
    this.escalateFunction = fn('Escalate', 'escalate');
    this.closeFunction = fn('Close', 'close');
    this.stateMachineName = props.stateMachineName ?? 'amicable-journey';
    this.resume = new JourneyResume(this, 'Resume', {
      stateMachineName: this.stateMachineName,
      key: dataStore.key,
      ...(props.removalPolicy ? { removalPolicy: props.removalPolicy } : {}),
    });
    this.handoverFunction = fn('Handover', 'handover', this.resume.environment);

    this.grantTableAccess(props);

    this.logGroup = encryptedLogGroup(this, 'StateMachineLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.stateMachine = this.buildStateMachine(props, this.logGroup);
  }

  /** Table access follows what each handler does (functions/<name>.ts). */
  private grantTableAccess(props: JourneyProps): void {
    const { dataStore, channels } = props;
    // decide reads the account and the cycle's history and appends its decision to the ledger.
    dataStore.stateTable.grantReadData(this.decideFunction);
    dataStore.ledgerTable.grantReadWriteData(this.decideFunction);
    // ... and, pacing, claims seconds and holds its slot: writes to PACE# items only.
    if (props.pacing) {
      this.decideFunction.addToRolePolicy(pacingWrites(dataStore));
      dataStore.key.grantEncrypt(this.decideFunction);
    }
    // send re-reads account and history, then claims, confirms, releases or fails the step on the account.
    dataStore.stateTable.grantReadWriteData(this.sendFunction);
    dataStore.ledgerTable.grantReadData(this.sendFunction);
    channels.grantSend(this.sendFunction);
    // ... and signs the portal link it puts in the message (kms:GenerateMac on the link key only).
    props.portalLinks?.grantGenerateMac(this.sendFunction);
    // record reads the send claim and appends the contact (or failure) to the ledger.
    dataStore.stateTable.grantReadData(this.recordFunction);
    dataStore.ledgerTable.grantReadWriteData(this.recordFunction);
    // escalate reads account and history, records the hand-off and announces it on the bus.
    dataStore.stateTable.grantReadData(this.escalateFunction);
    dataStore.ledgerTable.grantReadWriteData(this.escalateFunction);
    props.eventBus.grantPutEventsTo(this.escalateFunction);
    // close marks the journey closed and extends the ledger's retention (3 years from the end).
    dataStore.stateTable.grantReadWriteData(this.closeFunction);
    dataStore.ledgerTable.grantReadWriteData(this.closeFunction);
    // ... the retention 25 entries to a request: PartiQL updates (conditional, as UpdateItem's) on the ledger only.
    this.closeFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:PartiQLUpdate'], resources: [dataStore.ledgerTable.tableArn] }),
    );
    // handover schedules or starts the next generation and records it on the journey record.
    dataStore.stateTable.grantReadWriteData(this.handoverFunction);
    this.resume.grantHandOver(this.handoverFunction);
  }

  /** The Standard state machine from the ASL file, with exactly the six function ARNs it names. */
  private buildStateMachine(props: JourneyProps, logGroup: logs.LogGroup): sfn.StateMachine {
    const { dataStore } = props;
    const machine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: this.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'Amicable outreach journey: one execution per account per delinquency cycle',
      definitionBody: sfn.DefinitionBody.fromFile(props.definitionFile ?? JOURNEY_DEFINITION_FILE),
      definitionSubstitutions: {
        DecideFunctionArn: this.decideFunction.functionArn,
        SendFunctionArn: this.sendFunction.functionArn,
        RecordFunctionArn: this.recordFunction.functionArn,
        EscalateFunctionArn: this.escalateFunction.functionArn,
        CloseFunctionArn: this.closeFunction.functionArn,
        HandoverFunctionArn: this.handoverFunction.functionArn,
      },
      // Every state transition (the journey's trail), never the execution data: it may carry account details.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(props.encryptionKey ?? dataStore.key),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    // Exactly the six function ARNs the definition names (unqualified: no version or alias wildcard).
    machine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: this.functions.map((f) => f.functionArn),
      }),
    );
    return machine;
  }

  get functions(): AmicableFunction[] {
    return [this.decideFunction, this.sendFunction, this.recordFunction, this.escalateFunction, this.closeFunction, this.handoverFunction];
  }

  /** Lets a function that applies events (lifecycle, inbound-sms, the portal) wake journeys early: stop an execution, delete its resume, start the next generation. */
  allowWaking(fn: AmicableFunction): void {
    for (const [name, value] of Object.entries(this.resume.environment)) fn.addEnvironment(name, value);
    this.resume.grantWake(fn);
  }

  /** Lets a principal start journeys and see whether one is still running. */
  grantStartAndDescribe(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['states:DescribeExecution'],
        resourceArns: [this.executionArnPattern],
      }),
    );
  }

  /** arn:...:execution:<state machine name>:* -- every execution of this state machine. */
  get executionArnPattern(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
