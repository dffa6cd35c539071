-- kpi_accounts: Account KPIs (contact, promises, cure, first-contact resolution, complaints, opt-out, dispute, escalation, CSAT) by dimension
CREATE OR REPLACE VIEW kpi_accounts AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
)
SELECT 'all' AS dimension, 'all' AS value, COUNT(*) AS accounts, SUM(contacted) AS accounts_contacted, SUM(attempts) AS attempts,
    SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
    SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
    SUM(first_contact_resolved) AS first_contact_resolved, SUM(handoffs) AS handoffs, SUM(escalated) AS escalated,
    SUM(complaints) AS complaints, SUM(opted_out) AS opted_out, SUM(disputed) AS disputed, SUM(messages) AS messages,
    SUM(surveys_sent) AS surveys_sent, SUM(survey_responses) AS survey_responses, SUM(plans_agreed) AS plans_agreed,
    SUM(plans_completed) AS plans_completed,
    CAST(SUM(right_party_contacts) AS DOUBLE) / NULLIF(SUM(attempts), 0) AS right_party_contact_rate,
    CAST(SUM(promises) AS DOUBLE) / NULLIF(SUM(right_party_contacts), 0) AS promise_to_pay_rate,
    CAST(SUM(promises_kept) AS DOUBLE) / NULLIF(SUM(promises_due), 0) AS promise_kept_rate,
    CAST(SUM(cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS cure_rate,
    CAST(SUM(self_cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS self_cure_rate,
    CAST(SUM(first_contact_resolved) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS first_contact_resolution,
    CAST(SUM(complaints * contacted) * 1000 AS DOUBLE) / NULLIF(SUM(contacted), 0) AS complaints_per_1000,
    CAST(SUM(opted_out * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS opt_out_rate,
    CAST(SUM(escalated * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS escalation_rate,
    CAST(SUM(disputed * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS dispute_rate,
    CAST(SUM(score_sum) AS DOUBLE) / NULLIF(SUM(survey_responses), 0) AS csat,
    CAST(SUM(survey_responses) AS DOUBLE) / NULLIF(SUM(surveys_sent), 0) AS csat_response_rate
FROM acct GROUP BY 'all'
UNION ALL
SELECT 'week' AS dimension, week AS value, COUNT(*) AS accounts, SUM(contacted) AS accounts_contacted, SUM(attempts) AS attempts,
    SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
    SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
    SUM(first_contact_resolved) AS first_contact_resolved, SUM(handoffs) AS handoffs, SUM(escalated) AS escalated,
    SUM(complaints) AS complaints, SUM(opted_out) AS opted_out, SUM(disputed) AS disputed, SUM(messages) AS messages,
    SUM(surveys_sent) AS surveys_sent, SUM(survey_responses) AS survey_responses, SUM(plans_agreed) AS plans_agreed,
    SUM(plans_completed) AS plans_completed,
    CAST(SUM(right_party_contacts) AS DOUBLE) / NULLIF(SUM(attempts), 0) AS right_party_contact_rate,
    CAST(SUM(promises) AS DOUBLE) / NULLIF(SUM(right_party_contacts), 0) AS promise_to_pay_rate,
    CAST(SUM(promises_kept) AS DOUBLE) / NULLIF(SUM(promises_due), 0) AS promise_kept_rate,
    CAST(SUM(cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS cure_rate,
    CAST(SUM(self_cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS self_cure_rate,
    CAST(SUM(first_contact_resolved) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS first_contact_resolution,
    CAST(SUM(complaints * contacted) * 1000 AS DOUBLE) / NULLIF(SUM(contacted), 0) AS complaints_per_1000,
    CAST(SUM(opted_out * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS opt_out_rate,
    CAST(SUM(escalated * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS escalation_rate,
    CAST(SUM(disputed * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS dispute_rate,
    CAST(SUM(score_sum) AS DOUBLE) / NULLIF(SUM(survey_responses), 0) AS csat,
    CAST(SUM(survey_responses) AS DOUBLE) / NULLIF(SUM(surveys_sent), 0) AS csat_response_rate
FROM acct GROUP BY week
UNION ALL
SELECT 'variant' AS dimension, variant AS value, COUNT(*) AS accounts, SUM(contacted) AS accounts_contacted, SUM(attempts) AS attempts,
    SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
    SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
    SUM(first_contact_resolved) AS first_contact_resolved, SUM(handoffs) AS handoffs, SUM(escalated) AS escalated,
    SUM(complaints) AS complaints, SUM(opted_out) AS opted_out, SUM(disputed) AS disputed, SUM(messages) AS messages,
    SUM(surveys_sent) AS surveys_sent, SUM(survey_responses) AS survey_responses, SUM(plans_agreed) AS plans_agreed,
    SUM(plans_completed) AS plans_completed,
    CAST(SUM(right_party_contacts) AS DOUBLE) / NULLIF(SUM(attempts), 0) AS right_party_contact_rate,
    CAST(SUM(promises) AS DOUBLE) / NULLIF(SUM(right_party_contacts), 0) AS promise_to_pay_rate,
    CAST(SUM(promises_kept) AS DOUBLE) / NULLIF(SUM(promises_due), 0) AS promise_kept_rate,
    CAST(SUM(cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS cure_rate,
    CAST(SUM(self_cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS self_cure_rate,
    CAST(SUM(first_contact_resolved) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS first_contact_resolution,
    CAST(SUM(complaints * contacted) * 1000 AS DOUBLE) / NULLIF(SUM(contacted), 0) AS complaints_per_1000,
    CAST(SUM(opted_out * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS opt_out_rate,
    CAST(SUM(escalated * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS escalation_rate,
    CAST(SUM(disputed * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS dispute_rate,
    CAST(SUM(score_sum) AS DOUBLE) / NULLIF(SUM(survey_responses), 0) AS csat,
    CAST(SUM(survey_responses) AS DOUBLE) / NULLIF(SUM(surveys_sent), 0) AS csat_response_rate
FROM acct GROUP BY variant
UNION ALL
SELECT 'segment' AS dimension, segment AS value, COUNT(*) AS accounts, SUM(contacted) AS accounts_contacted, SUM(attempts) AS attempts,
    SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
    SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
    SUM(first_contact_resolved) AS first_contact_resolved, SUM(handoffs) AS handoffs, SUM(escalated) AS escalated,
    SUM(complaints) AS complaints, SUM(opted_out) AS opted_out, SUM(disputed) AS disputed, SUM(messages) AS messages,
    SUM(surveys_sent) AS surveys_sent, SUM(survey_responses) AS survey_responses, SUM(plans_agreed) AS plans_agreed,
    SUM(plans_completed) AS plans_completed,
    CAST(SUM(right_party_contacts) AS DOUBLE) / NULLIF(SUM(attempts), 0) AS right_party_contact_rate,
    CAST(SUM(promises) AS DOUBLE) / NULLIF(SUM(right_party_contacts), 0) AS promise_to_pay_rate,
    CAST(SUM(promises_kept) AS DOUBLE) / NULLIF(SUM(promises_due), 0) AS promise_kept_rate,
    CAST(SUM(cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS cure_rate,
    CAST(SUM(self_cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS self_cure_rate,
    CAST(SUM(first_contact_resolved) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS first_contact_resolution,
    CAST(SUM(complaints * contacted) * 1000 AS DOUBLE) / NULLIF(SUM(contacted), 0) AS complaints_per_1000,
    CAST(SUM(opted_out * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS opt_out_rate,
    CAST(SUM(escalated * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS escalation_rate,
    CAST(SUM(disputed * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS dispute_rate,
    CAST(SUM(score_sum) AS DOUBLE) / NULLIF(SUM(survey_responses), 0) AS csat,
    CAST(SUM(survey_responses) AS DOUBLE) / NULLIF(SUM(surveys_sent), 0) AS csat_response_rate
FROM acct GROUP BY segment
UNION ALL
SELECT 'jurisdiction' AS dimension, jurisdiction AS value, COUNT(*) AS accounts, SUM(contacted) AS accounts_contacted, SUM(attempts) AS attempts,
    SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
    SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
    SUM(first_contact_resolved) AS first_contact_resolved, SUM(handoffs) AS handoffs, SUM(escalated) AS escalated,
    SUM(complaints) AS complaints, SUM(opted_out) AS opted_out, SUM(disputed) AS disputed, SUM(messages) AS messages,
    SUM(surveys_sent) AS surveys_sent, SUM(survey_responses) AS survey_responses, SUM(plans_agreed) AS plans_agreed,
    SUM(plans_completed) AS plans_completed,
    CAST(SUM(right_party_contacts) AS DOUBLE) / NULLIF(SUM(attempts), 0) AS right_party_contact_rate,
    CAST(SUM(promises) AS DOUBLE) / NULLIF(SUM(right_party_contacts), 0) AS promise_to_pay_rate,
    CAST(SUM(promises_kept) AS DOUBLE) / NULLIF(SUM(promises_due), 0) AS promise_kept_rate,
    CAST(SUM(cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS cure_rate,
    CAST(SUM(self_cured) AS DOUBLE) / NULLIF(COUNT(*), 0) AS self_cure_rate,
    CAST(SUM(first_contact_resolved) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS first_contact_resolution,
    CAST(SUM(complaints * contacted) * 1000 AS DOUBLE) / NULLIF(SUM(contacted), 0) AS complaints_per_1000,
    CAST(SUM(opted_out * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS opt_out_rate,
    CAST(SUM(escalated * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS escalation_rate,
    CAST(SUM(disputed * contacted) AS DOUBLE) / NULLIF(SUM(contacted), 0) AS dispute_rate,
    CAST(SUM(score_sum) AS DOUBLE) / NULLIF(SUM(survey_responses), 0) AS csat,
    CAST(SUM(survey_responses) AS DOUBLE) / NULLIF(SUM(surveys_sent), 0) AS csat_response_rate
FROM acct GROUP BY jurisdiction;

-- kpi_money: Amount placed and collected, liquidation and recovery rate and cost to collect, per currency, by dimension
CREATE OR REPLACE VIEW kpi_money AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
)
SELECT 'all' AS dimension, 'all' AS value, currency, COUNT(*) AS accounts, SUM(placed) AS placed, SUM(collected) AS collected, SUM(message_cost) AS message_cost,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS liquidation_rate,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS recovery_rate,
    CAST(SUM(message_cost) AS DOUBLE) / NULLIF(SUM(collected), 0) AS cost_to_collect
FROM acct GROUP BY 'all', currency
UNION ALL
SELECT 'week' AS dimension, week AS value, currency, COUNT(*) AS accounts, SUM(placed) AS placed, SUM(collected) AS collected, SUM(message_cost) AS message_cost,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS liquidation_rate,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS recovery_rate,
    CAST(SUM(message_cost) AS DOUBLE) / NULLIF(SUM(collected), 0) AS cost_to_collect
FROM acct GROUP BY week, currency
UNION ALL
SELECT 'variant' AS dimension, variant AS value, currency, COUNT(*) AS accounts, SUM(placed) AS placed, SUM(collected) AS collected, SUM(message_cost) AS message_cost,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS liquidation_rate,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS recovery_rate,
    CAST(SUM(message_cost) AS DOUBLE) / NULLIF(SUM(collected), 0) AS cost_to_collect
FROM acct GROUP BY variant, currency
UNION ALL
SELECT 'segment' AS dimension, segment AS value, currency, COUNT(*) AS accounts, SUM(placed) AS placed, SUM(collected) AS collected, SUM(message_cost) AS message_cost,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS liquidation_rate,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS recovery_rate,
    CAST(SUM(message_cost) AS DOUBLE) / NULLIF(SUM(collected), 0) AS cost_to_collect
FROM acct GROUP BY segment, currency
UNION ALL
SELECT 'jurisdiction' AS dimension, jurisdiction AS value, currency, COUNT(*) AS accounts, SUM(placed) AS placed, SUM(collected) AS collected, SUM(message_cost) AS message_cost,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS liquidation_rate,
    CAST(SUM(collected) AS DOUBLE) / NULLIF(SUM(placed), 0) AS recovery_rate,
    CAST(SUM(message_cost) AS DOUBLE) / NULLIF(SUM(collected), 0) AS cost_to_collect
FROM acct GROUP BY jurisdiction, currency;

-- kpi_channels: Per channel, over placed account cycles (a reminder before the due date is not a placement): attempts, messages sent, delivery events, replies, opt-outs and message cost
CREATE OR REPLACE VIEW kpi_channels AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
)
SELECT channel, SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts, SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
  SUM(CASE WHEN fact_type = 'contact' AND outcome <> 'sent' THEN 1 ELSE 0 END) AS not_sent, SUM(CASE WHEN fact_type = 'delivery' THEN 1 ELSE 0 END) AS delivery_events,
  SUM(CASE WHEN fact_type = 'reply' THEN 1 ELSE 0 END) AS replies, SUM(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opt_outs
FROM f WHERE channel IS NOT NULL AND EXISTS (SELECT 1 FROM placed p WHERE p.account_id = f.account_id AND p.cycle_id = f.cycle_id)
GROUP BY channel;

-- kpi_funnel: The funnel per variant: placed, contacted, right-party contact, promise or plan, paid
CREATE OR REPLACE VIEW kpi_funnel AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
)
SELECT 'all' AS dimension, 'all' AS value, COUNT(*) AS placed, SUM(contacted) AS contacted,
  SUM(CASE WHEN right_party_contacts > 0 THEN 1 ELSE 0 END) AS right_party_contact, SUM(CASE WHEN promises + plans_agreed > 0 THEN 1 ELSE 0 END) AS promise_or_plan,
  SUM(CASE WHEN collected > 0 THEN 1 ELSE 0 END) AS paid
FROM acct GROUP BY 'all'
UNION ALL
SELECT 'week' AS dimension, week AS value, COUNT(*) AS placed, SUM(contacted) AS contacted,
  SUM(CASE WHEN right_party_contacts > 0 THEN 1 ELSE 0 END) AS right_party_contact, SUM(CASE WHEN promises + plans_agreed > 0 THEN 1 ELSE 0 END) AS promise_or_plan,
  SUM(CASE WHEN collected > 0 THEN 1 ELSE 0 END) AS paid
FROM acct GROUP BY week
UNION ALL
SELECT 'variant' AS dimension, variant AS value, COUNT(*) AS placed, SUM(contacted) AS contacted,
  SUM(CASE WHEN right_party_contacts > 0 THEN 1 ELSE 0 END) AS right_party_contact, SUM(CASE WHEN promises + plans_agreed > 0 THEN 1 ELSE 0 END) AS promise_or_plan,
  SUM(CASE WHEN collected > 0 THEN 1 ELSE 0 END) AS paid
FROM acct GROUP BY variant
UNION ALL
SELECT 'segment' AS dimension, segment AS value, COUNT(*) AS placed, SUM(contacted) AS contacted,
  SUM(CASE WHEN right_party_contacts > 0 THEN 1 ELSE 0 END) AS right_party_contact, SUM(CASE WHEN promises + plans_agreed > 0 THEN 1 ELSE 0 END) AS promise_or_plan,
  SUM(CASE WHEN collected > 0 THEN 1 ELSE 0 END) AS paid
FROM acct GROUP BY segment
UNION ALL
SELECT 'jurisdiction' AS dimension, jurisdiction AS value, COUNT(*) AS placed, SUM(contacted) AS contacted,
  SUM(CASE WHEN right_party_contacts > 0 THEN 1 ELSE 0 END) AS right_party_contact, SUM(CASE WHEN promises + plans_agreed > 0 THEN 1 ELSE 0 END) AS promise_or_plan,
  SUM(CASE WHEN collected > 0 THEN 1 ELSE 0 END) AS paid
FROM acct GROUP BY jurisdiction;

-- kpi_daily: Trends by day: messages, replies, promises, hand-offs, complaints, payments and amount collected per currency
CREATE OR REPLACE VIEW kpi_daily AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
)
SELECT substr(f.occurred_at, 1, 10) AS day, p.currency,
  SUM(CASE WHEN f.fact_type = 'contact' AND f.outcome = 'sent' THEN 1 ELSE 0 END) AS messages, SUM(CASE WHEN f.fact_type = 'reply' THEN 1 ELSE 0 END) AS replies,
  SUM(CASE WHEN f.fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises, SUM(CASE WHEN f.fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
  SUM(CASE WHEN f.fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints, SUM(CASE WHEN f.fact_type = 'payment' THEN 1 ELSE 0 END) AS payments,
  SUM(CASE WHEN f.fact_type = 'payment' THEN f.amount ELSE 0 END) AS collected, SUM(CASE WHEN f.fact_type = 'placed' THEN f.amount ELSE 0 END) AS placed
FROM f JOIN placed p ON p.account_id = f.account_id AND p.cycle_id = f.cycle_id
GROUP BY substr(f.occurred_at, 1, 10), p.currency;

-- kpi_complaint_resolution: Complaint-to-resolution time: the median hours from received to resolved, overall and per variant
CREATE OR REPLACE VIEW kpi_complaint_resolution AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
),
resolved AS (
  SELECT f.hours, COALESCE(p.variant, 'none') AS variant FROM f JOIN placed p ON p.account_id = f.account_id AND p.cycle_id = f.cycle_id
  WHERE f.fact_type = 'complaint-resolved'
),
ranked AS (
  SELECT 'all' AS dimension, 'all' AS value, hours, row_number() OVER (ORDER BY hours) AS r, COUNT(*) OVER () AS n FROM resolved
  UNION ALL
  SELECT 'variant', variant, hours, row_number() OVER (PARTITION BY variant ORDER BY hours), COUNT(*) OVER (PARTITION BY variant) FROM resolved
)
SELECT dimension, value, MAX(n) AS resolved, AVG(hours) AS median_hours FROM ranked
WHERE r IN (CAST(floor((n + 1) / 2.0) AS BIGINT), CAST(floor((n + 2) / 2.0) AS BIGINT))
GROUP BY dimension, value;

-- kpi_experiment_sums: Per experiment variant and currency: the sums the 95% intervals are computed from (functions/domain/analytics/experiment-results.ts)
CREATE OR REPLACE VIEW kpi_experiment_sums AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
)
SELECT experiment, variant, currency, COUNT(*) AS n, SUM(contacted) AS contacted, SUM(attempts) AS attempts,
  SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
  SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
  SUM(first_contact_resolved) AS first_contact_resolved, SUM(escalated) AS escalated, SUM(opted_out) AS opted_out,
  SUM(disputed) AS disputed, SUM(complaints) AS complaints, SUM(complaints * complaints) AS complaints_sq,
  SUM(placed) AS sx, SUM(collected) AS sy, SUM(placed * placed) AS sxx, SUM(collected * collected) AS syy,
  SUM(placed * collected) AS sxy
FROM acct WHERE experiment <> 'none' GROUP BY experiment, variant, currency;

-- kpi_experiment_results: Per experiment variant, currency and headline KPI: the rate with its 95% interval (Wilson; delta method for recovery), and against every other variant (the champion, the holdout) the difference with its 95% interval (Newcombe), whether it is significant and the accounts per variant it needs
CREATE OR REPLACE VIEW kpi_experiment_results AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
),
sums AS (
SELECT experiment, variant, currency, COUNT(*) AS n, SUM(contacted) AS contacted, SUM(attempts) AS attempts,
  SUM(right_party_contacts) AS right_party_contacts, SUM(promises) AS promises, SUM(promises_due) AS promises_due,
  SUM(promises_kept) AS promises_kept, SUM(cured) AS cured, SUM(self_cured) AS self_cured,
  SUM(first_contact_resolved) AS first_contact_resolved, SUM(escalated) AS escalated, SUM(opted_out) AS opted_out,
  SUM(disputed) AS disputed, SUM(complaints) AS complaints, SUM(complaints * complaints) AS complaints_sq,
  SUM(placed) AS sx, SUM(collected) AS sy, SUM(placed * placed) AS sxx, SUM(collected * collected) AS syy,
  SUM(placed * collected) AS sxy
FROM acct WHERE experiment <> 'none' GROUP BY experiment, variant, currency
),
proportions AS (
  SELECT experiment, variant, currency, 'cure rate' AS kpi, CAST(cured AS DOUBLE) AS x, CAST(n AS DOUBLE) AS t FROM sums
  UNION ALL
  SELECT experiment, variant, currency, 'right-party contact rate' AS kpi, CAST(right_party_contacts AS DOUBLE) AS x, CAST(attempts AS DOUBLE) AS t FROM sums
  UNION ALL
  SELECT experiment, variant, currency, 'promise kept rate' AS kpi, CAST(promises_kept AS DOUBLE) AS x, CAST(promises_due AS DOUBLE) AS t FROM sums
  UNION ALL
  SELECT experiment, variant, currency, 'first-contact resolution' AS kpi, CAST(first_contact_resolved AS DOUBLE) AS x, CAST(contacted AS DOUBLE) AS t FROM sums
  UNION ALL
  SELECT experiment, variant, currency, 'escalation rate' AS kpi, CAST(escalated AS DOUBLE) AS x, CAST(contacted AS DOUBLE) AS t FROM sums
  UNION ALL
  SELECT experiment, variant, currency, 'opt-out rate' AS kpi, CAST(opted_out AS DOUBLE) AS x, CAST(contacted AS DOUBLE) AS t FROM sums
),
ratio_sums AS (
  SELECT experiment, variant, currency, n, CAST(sx AS DOUBLE) AS sx, CAST(sy AS DOUBLE) AS sy, CAST(sxx AS DOUBLE) AS sxx,
    CAST(syy AS DOUBLE) AS syy, CAST(sxy AS DOUBLE) AS sxy FROM sums
),
estimates AS (
  SELECT experiment, variant, currency, kpi, t AS n,
    CASE WHEN t > 0 THEN x / t ELSE 0 END AS value,
    CASE WHEN t <= 0 OR x <= 0 THEN 0 ELSE GREATEST(0, centre - half) END AS low,
    CASE WHEN t <= 0 THEN 0 WHEN x >= t THEN 1 ELSE LEAST(1, centre + half) END AS high
  FROM (
    SELECT p.*, (x / NULLIF(t, 0) + 3.8414588206941254E0 / (2 * NULLIF(t, 0))) / (1 + 3.8414588206941254E0 / NULLIF(t, 0)) AS centre,
      1.959963984540054E0 * sqrt((x / NULLIF(t, 0)) * (1 - x / NULLIF(t, 0)) / NULLIF(t, 0) + 3.8414588206941254E0 / (4 * NULLIF(t, 0) * NULLIF(t, 0))) / (1 + 3.8414588206941254E0 / NULLIF(t, 0)) AS half
    FROM proportions p
  ) w
  UNION ALL
  SELECT experiment, variant, currency, 'recovery rate' AS kpi, n,
    CASE WHEN n > 0 AND sx <> 0 THEN r ELSE 0 END AS value,
    CASE WHEN n > 0 AND sx <> 0 THEN GREATEST(0, r - half) ELSE 0 END AS low,
    CASE WHEN n > 0 AND sx <> 0 THEN r + half ELSE 0 END AS high
  FROM (
    SELECT d.*, 1.959963984540054E0 * sqrt(CASE WHEN n > 1 THEN GREATEST(0, (syy - 2 * r * sxy + r * r * sxx) / (n - 1)) ELSE 0 END / n) / (sx / n) AS half
    FROM (SELECT s.*, sy / NULLIF(sx, 0) AS r FROM ratio_sums s) d
  ) h
),
pairs AS (
  SELECT a.experiment, a.variant, a.currency, a.kpi, a.n, a.value, a.low, a.high, b.variant AS against,
    a.value - b.value AS difference,
    a.value - b.value - sqrt(power(a.value - a.low, 2) + power(b.high - b.value, 2)) AS difference_low,
    a.value - b.value + sqrt(power(a.high - a.value, 2) + power(b.value - b.low, 2)) AS difference_high,
    LEAST(a.n, b.n) AS difference_n,
    power((a.high - a.low) / (2 * 1.959963984540054E0), 2) * a.n + power((b.high - b.low) / (2 * 1.959963984540054E0), 2) * b.n AS unit_variance,
    a.n > 0 AND b.n > 0 AS comparable
  FROM estimates a LEFT JOIN estimates b
    ON b.experiment = a.experiment AND b.currency = a.currency AND b.kpi = a.kpi AND b.variant <> a.variant
)
SELECT experiment, variant, currency, kpi, n, value, low, high, against, difference, difference_low, difference_high, difference_n,
  CASE WHEN against IS NULL THEN NULL ELSE comparable AND (difference_low > 0 OR difference_high < 0) END AS significant,
  CASE WHEN against IS NULL OR (comparable AND (difference_low > 0 OR difference_high < 0)) OR NOT comparable OR difference = 0 OR unit_variance = 0 THEN NULL
    ELSE CAST(ceil(7.848879734349088E0 * unit_variance / (difference * difference)) AS BIGINT) END AS accounts_needed
FROM pairs;

-- kpi_account_list: One row per account cycle: strategy, amounts, messages and how it ended (ids only)
CREATE OR REPLACE VIEW kpi_account_list AS
WITH f AS (
  SELECT * FROM (
    SELECT x.*, row_number() OVER (PARTITION BY x.fact_id ORDER BY x.occurred_at) AS copy_no FROM facts x
  ) numbered WHERE copy_no = 1
),
placed AS (
  SELECT account_id, cycle_id, MIN(occurred_at) AS placed_at, MAX(segment) AS segment, MAX(experiment) AS experiment,
    MAX(variant) AS variant, MAX(jurisdiction) AS jurisdiction, MAX(currency) AS currency, SUM(amount) AS placed
  FROM f WHERE fact_type = 'placed' GROUP BY account_id, cycle_id
),
totals AS (
  SELECT account_id, cycle_id,
    SUM(CASE WHEN fact_type = 'contact' AND outreach THEN 1 ELSE 0 END) AS attempts,
    SUM(CASE WHEN fact_type = 'contact' AND outreach AND outcome = 'sent' THEN 1 ELSE 0 END) AS outreach_sent,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN 1 ELSE 0 END) AS messages,
    SUM(CASE WHEN fact_type = 'contact' AND outcome = 'sent' THEN CASE channel WHEN 'sms' THEN 0.0083 WHEN 'email' THEN 0.0001 WHEN 'voice' THEN 0.013 ELSE 0 END ELSE 0 END) AS message_cost,
    SUM(CASE WHEN fact_type IN ('reply', 'engaged') THEN 1 ELSE 0 END) AS responses,
    SUM(CASE WHEN fact_type = 'payment' THEN amount ELSE 0 END) AS collected,
    SUM(CASE WHEN fact_type = 'promise-made' THEN 1 ELSE 0 END) AS promises,
    SUM(CASE WHEN fact_type IN ('promise-kept', 'promise-broken') THEN 1 ELSE 0 END) AS promises_due,
    SUM(CASE WHEN fact_type = 'promise-kept' THEN 1 ELSE 0 END) AS promises_kept,
    SUM(CASE WHEN fact_type = 'plan-agreed' THEN 1 ELSE 0 END) AS plans_agreed,
    SUM(CASE WHEN fact_type = 'plan-completed' THEN 1 ELSE 0 END) AS plans_completed,
    MAX(CASE WHEN fact_type = 'closed' AND outcome IN ('paid', 'plan-completed', 'resolved-by-agent', 'dispute-upheld') THEN 1 ELSE 0 END) AS resolved,
    MAX(CASE WHEN fact_type = 'closed' AND outcome = 'paid' THEN 1 ELSE 0 END) AS cured,
    SUM(CASE WHEN fact_type = 'handoff' THEN 1 ELSE 0 END) AS handoffs,
    SUM(CASE WHEN fact_type = 'complaint-opened' THEN 1 ELSE 0 END) AS complaints,
    SUM(CASE WHEN fact_type = 'complaint-resolved' THEN 1 ELSE 0 END) AS complaints_resolved,
    MAX(CASE WHEN fact_type = 'opted-out' THEN 1 ELSE 0 END) AS opted_out,
    MAX(CASE WHEN fact_type = 'dispute-opened' THEN 1 ELSE 0 END) AS disputed,
    SUM(CASE WHEN fact_type = 'survey-sent' THEN 1 ELSE 0 END) AS surveys_sent,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN 1 ELSE 0 END) AS survey_responses,
    SUM(CASE WHEN fact_type = 'survey-answered' THEN score ELSE 0 END) AS score_sum,
    MAX(CASE WHEN fact_type = 'closed' THEN outcome END) AS closed_as
  FROM f GROUP BY account_id, cycle_id
),
acct AS (
  SELECT p.account_id, p.cycle_id, p.placed_at, substr(p.placed_at, 1, 10) AS placed_day,
    CAST(CAST(date_trunc('week', CAST(substr(p.placed_at, 1, 10) AS DATE)) AS DATE) AS VARCHAR) AS week,
    COALESCE(p.segment, 'none') AS segment, COALESCE(p.experiment, 'none') AS experiment, COALESCE(p.variant, 'none') AS variant,
    COALESCE(p.jurisdiction, 'unknown') AS jurisdiction, p.currency, p.placed,
    t.attempts, t.outreach_sent, CASE WHEN t.outreach_sent > 0 THEN 1 ELSE 0 END AS contacted, t.messages, t.message_cost,
    CASE WHEN t.responses < t.attempts THEN t.responses ELSE t.attempts END AS right_party_contacts,
    t.collected, t.promises, t.promises_due, t.promises_kept, t.plans_agreed, t.plans_completed,
    t.resolved, CASE WHEN t.resolved = 1 AND t.outreach_sent = 1 THEN 1 ELSE 0 END AS first_contact_resolved,
    t.cured, CASE WHEN t.cured = 1 AND t.handoffs = 0 THEN 1 ELSE 0 END AS self_cured,
    t.handoffs, CASE WHEN t.handoffs > 0 THEN 1 ELSE 0 END AS escalated,
    t.complaints, t.complaints_resolved, t.opted_out, t.disputed, t.surveys_sent, t.survey_responses, t.score_sum, t.closed_as
  FROM placed p JOIN totals t ON t.account_id = p.account_id AND t.cycle_id = p.cycle_id
)
SELECT account_id, cycle_id, placed_day, segment, variant, jurisdiction, currency, placed, collected, messages,
  contacted, escalated, COALESCE(closed_as, 'open') AS closed_as
FROM acct;
