import type { IConstruct } from 'constructs';

/** One cdk-nag acknowledgement: the rule (with its finding) and why it is acceptable here. */
export interface NagAcknowledgement {
  readonly scope: IConstruct;
  readonly id: string;
  readonly reason: string;
}
