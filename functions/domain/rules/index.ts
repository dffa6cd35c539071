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
export {
  BUILT_IN_PROFILES,
  DEFAULT_PROFILE,
  PROFILE_FILES,
  ProfileError,
  compileProfile,
  jurisdictionProfileSchema,
  parseProfile,
  profileFor,
  type JurisdictionProfile,
  type ProfileLookup,
} from './profile';
export { ruleEntrySchema, type RuleEntry, type RuleKind } from './rule-entry';
export { DEFAULT_REVOCATION_KEYWORDS, isRevocationReply } from './consent-rules';
export { lintCatalog, overshadowingTemplates, templateThreatens, TEMPLATE_CATALOGS, type LintProblem } from './content';
export { isTimeBarred, timeBarredStatus, US_STATUTE_OF_LIMITATIONS, type TimeBarredStatus } from './statute-of-limitations';
export { addBusinessDays, inValidationPeriod, validationPeriodOf } from './validation-notice';
export { usFederalHolidays } from './us-federal-holidays';
export { earliestInsideWindow, zonesOutsideWindow, type LocalWindow } from './contact-window';
export type {
  Candidate,
  ChannelRule,
  CompiledProfile,
  ValidationNoticeParams,
  Rule,
  RuleContext,
  RuleMeta,
  RuleOutcome,
  RuleStage,
  SuppressionRule,
} from './types';
export { RULE_STAGES } from './types';
