/**
 * Counts of wrong answers to the portal's check, one item per account and one per person in the STATE
 * table (pk GUARD#<kind>#<id>). Every attempt first claims a place with one conditional update (ADD with
 * a condition, never read-then-write): the claim is refused while the scope is locked or revoked, or
 * when the count has reached the next lock (another request is evaluating the last allowed answer). So
 * however many guesses arrive at once, no more answers are evaluated than the policy allows.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { firstLockAt, stepAt, type GuardScope, type LockoutPolicy, type LockoutStep } from '../domain/portal/lockout';
import type {
  AppliedLockout as AppliedStep,
  CheckGuard,
  CheckRevocations,
  GuardClaim as Claim,
  GuardRefusal as Refusal,
} from '../domain/storage';
import { keys } from './tables';

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

const DAY_S = 86_400;

export class CheckGuardStore implements CheckGuard, CheckRevocations {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    readonly policy: LockoutPolicy,
  ) {}

  /** Whether the scopes are open to an attempt now (a read, for the page's first screen). */
  async refusalOf(scopes: GuardScope[], now: Date): Promise<Refusal | undefined> {
    for (const scope of scopes) {
      const refusal = refusalIn(await this.read(scope), now);
      if (refusal) return refusal;
    }
    return undefined;
  }

  /**
   * Claims one attempt in every scope (counted as a failure until `settle` says it was right). When a
   * scope refuses, the places already claimed are given back.
   */
  async claim(scopes: GuardScope[], now: Date): Promise<Claim> {
    const claimed: Array<{ scope: GuardScope; failures: number }> = [];
    for (const scope of scopes) {
      const result = await this.claimOne(scope, now);
      if (typeof result === 'number') {
        claimed.push({ scope, failures: result });
        continue;
      }
      for (const done of claimed) await this.uncount(done.scope);
      return { ok: false, refusal: result };
    }
    return { ok: true, claimed };
  }

  /** A right answer gives its places back; a wrong one keeps them and applies the lock a count reaches. */
  async settle(claimed: Array<{ scope: GuardScope; failures: number }>, right: boolean, now: Date): Promise<AppliedStep[]> {
    const steps: AppliedStep[] = [];
    for (const { scope, failures } of claimed) {
      if (right) {
        await this.uncount(scope);
        continue;
      }
      const step = stepAt(this.policy, failures, now);
      if (step.kind !== 'none' && (await this.apply(scope, step, failures, now))) steps.push({ scope, step });
    }
    return steps;
  }

  async revokedAt(scope: GuardScope): Promise<string | undefined> {
    return (await this.read(scope))?.revokedAt as string | undefined;
  }

  async removeRevoked(scope: GuardScope): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({ TableName: this.tableName, Key: this.key(scope), ConditionExpression: 'attribute_exists(revokedAt)' }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private key(scope: GuardScope) {
    return keys.guard(scope.kind, scope.id);
  }

  private async read(scope: GuardScope): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(scope), ConsistentRead: true }));
    return Item;
  }

  /** The new failure count, or why the attempt is refused. */
  private async claimOne(scope: GuardScope, now: Date, tries = 3): Promise<number | Refusal> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(scope),
          UpdateExpression:
            'ADD failures :one SET nextLockAt = if_not_exists(nextLockAt, :first), lastAttemptAt = :now, expiresAt = :forget',
          ConditionExpression:
            'attribute_not_exists(revokedAt) AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now) AND (attribute_not_exists(failures) OR failures < nextLockAt)',
          ExpressionAttributeValues: {
            ':one': 1,
            ':first': firstLockAt(this.policy),
            ':now': now.toISOString(),
            ':forget': Math.floor(now.getTime() / 1000) + this.policy.forgetAfterDays * DAY_S,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes!.failures as number;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const refusal = await this.refusedClaim(scope, now);
      // The item changed between the update and the read (a lock just ended): try again.
      return refusal ?? (tries > 1 ? this.claimOne(scope, now, tries - 1) : { kind: 'locked', until: now.toISOString() });
    }
  }

  /**
   * Why a claim was refused. When the count stands at the next lock but the lock is not written yet
   * (another request is evaluating the last allowed answer, or crashed doing so), the lock is applied
   * now: on the safe side, as if that answer were wrong (applying it twice is harmless).
   */
  private async refusedClaim(scope: GuardScope, now: Date): Promise<Refusal | undefined> {
    const item = await this.read(scope);
    const refusal = refusalIn(item, now);
    if (refusal || !item || (item.failures as number) < (item.nextLockAt as number)) return refusal;
    const pending = item.nextLockAt as number;
    const step = stepAt(this.policy, pending, now);
    if (step.kind !== 'none') await this.apply(scope, step, pending, now);
    return step.kind === 'lock' ? { kind: 'locked', until: step.until } : { kind: 'revoked', at: now.toISOString() };
  }

  /**
   * Writes a lock or revocation once (conditional on the stage it is for); false when already applied.
   * A revocation never expires (its TTL is removed): only a person reopens the account's links.
   */
  private async apply(scope: GuardScope, step: Exclude<LockoutStep, { kind: 'none' }>, failures: number, now: Date): Promise<boolean> {
    const lock = step.kind === 'lock';
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(scope),
          UpdateExpression: lock ? 'SET lockedUntil = :until, nextLockAt = :next' : 'SET revokedAt = :now REMOVE lockedUntil, expiresAt',
          ConditionExpression: lock ? 'nextLockAt = :stage' : 'attribute_not_exists(revokedAt) AND nextLockAt = :stage',
          ExpressionAttributeValues: lock
            ? { ':until': step.until, ':next': step.nextLockAt, ':stage': failures }
            : { ':now': now.toISOString(), ':stage': failures },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async uncount(scope: GuardScope): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(scope),
        UpdateExpression: 'ADD failures :less',
        ExpressionAttributeValues: { ':less': -1 },
      }),
    );
  }
}

function refusalIn(item: Record<string, unknown> | undefined, now: Date): Refusal | undefined {
  if (!item) return undefined;
  if (item.revokedAt) return { kind: 'revoked', at: item.revokedAt as string };
  const until = item.lockedUntil as string | undefined;
  return until && until > now.toISOString() ? { kind: 'locked', until } : undefined;
}
