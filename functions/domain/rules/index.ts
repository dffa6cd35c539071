/** The rule engine's public surface. */
export { DEFAULT_RULE_SET, parseRuleSet, ruleSetSchema, minutesOf, type RuleSet } from './rule-set';
export {
  RULES,
  CHANNEL_RULES,
  SUPPRESSION_RULES,
  buildContext,
  checkContact,
  checkSuppression,
  evaluateChannel,
  toReason,
  type ChannelVerdict,
  type CheckContactInput,
  type ContactCheck,
  type ContextInput,
  type SuppressionVerdict,
} from './engine';
export { earliestInsideWindow, zonesOutsideWindow, type LocalWindow } from './contact-window';
export type { Candidate, ChannelRule, Rule, RuleContext, RuleOutcome, RuleStage, SuppressionRule } from './types';
export { RULE_STAGES } from './types';
