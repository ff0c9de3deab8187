/**
 * @vigil/correlate — the pure core of the alert-correlator.
 *
 * Belongs here: Alertmanager 0.25 semantics (config loading, fingerprints, matchers, routing,
 * group keys, aggregation-group timing, inhibition, silences, the dedup decision and the
 * notification pipeline behind small ports with in-memory adapters), incident correlation,
 * flapping damping, and message rendering/splitting for each channel — all as pure functions
 * or classes driven by a clock passed in.
 * Does not belong here: HTTP, Kafka, Redis, SMTP or any I/O — the service implements the ports
 * (`Notifier`, `NotificationLog`, `SilenceStore`) and calls `AlertmanagerEngine`.
 */
export { fingerprint, fingerprintDecimal, labelSetString, goQuote, compareUtf8 } from './labels/fingerprint';
export type { LabelSet } from './labels/fingerprint';
export {
  compileMatcher,
  matchesAll,
  parseMatcher,
  parseMatchers,
  matcherString,
  matchersString,
  compareMatchers,
  isValidLabelName,
  matcherFromApi,
  matcherToApi,
  MatcherParseError,
} from './labels/matcher';
export type { MatchType, MatcherSpec, Matcher, ApiMatcher } from './labels/matcher';
export { InvalidRegexError } from './labels/regex';

export { parseDurationMillis, formatDuration } from './config/duration';
export { loadAlertmanagerConfig, ConfigError, DEFAULT_RESOLVE_TIMEOUT_MILLIS, DEFAULT_PAGERDUTY_URL } from './config/load';
export type { ConfigIssue } from './config/load';
export type {
  AlertmanagerConfig,
  RouteConfig,
  InhibitRuleConfig,
  ReceiverConfig,
  IntegrationConfig,
  IntegrationKind,
  SlackIntegrationConfig,
  PagerdutyIntegrationConfig,
  EmailIntegrationConfig,
  WebhookIntegrationConfig,
} from './config/config.types';

export {
  buildRouteTree,
  matchRoutes,
  groupLabels,
  groupKey,
  allRoutes,
  DEFAULT_GROUP_WAIT_MILLIS,
  DEFAULT_GROUP_INTERVAL_MILLIS,
  DEFAULT_REPEAT_INTERVAL_MILLIS,
} from './routing/route';
export type { Route, RouteOptions } from './routing/route';

export { acceptPostedAlert, mergeAlerts, isResolvedAt, statusAt, alertFingerprint, compareAlerts, InvalidAlertError } from './alerts/alert';
export type { Alert, PostableAlert, AlertStatus } from './alerts/alert';
export { AlertStore } from './alerts/alert-store';
export { AlertMarker } from './alerts/marker';
export type { AlertMarks, AlertState } from './alerts/marker';

export { silenceState, silenceMatches, validateSilence, canUpdateInPlace, InvalidSilenceError, SilenceNotFoundError } from './silences/silence';
export type { Silence, SilenceState } from './silences/silence';
export { Silences, InMemorySilenceStore, DEFAULT_SILENCE_RETENTION_MILLIS } from './silences/silence-store';
export type { SilenceStore, SilenceInput } from './silences/silence-store';

export { InMemoryNotificationLog, DEFAULT_NFLOG_RETENTION_MILLIS, advancesLog, alertVersionsOf, isBehindLog, withLogDefaults } from './nflog/notification-log';
export type { NotificationLog, NotificationLogEntry } from './nflog/notification-log';

export { InMemoryNotificationClaims, notificationClaimId } from './nflog/notification-claims';
export type { NotificationClaims, ClaimResult } from './nflog/notification-claims';
export { ClaimStage, DEFAULT_IN_FLIGHT_MILLIS, DEFAULT_SENT_RETENTION_MILLIS } from './pipeline/claim-stage';

export { MultiStage, FanoutStage, RoutingStage, receiverKey } from './pipeline/stage';
export type { Stage, StageResult, FlushContext, IntegrationContext, PipelineEvent } from './pipeline/stage';
export { Inhibitor } from './pipeline/inhibitor';
export { InhibitStage, SilenceStage } from './pipeline/mute-stages';
export { DedupStage, notificationReason, partitionByStatus } from './pipeline/dedup-stage';
export type { DedupInput, DedupReason } from './pipeline/dedup-stage';
export { RetryStage, backoffMillis, DEFAULT_RETRY_POLICY } from './pipeline/retry-stage';
export type { RetryPolicy, Sleep } from './pipeline/retry-stage';
export { RecordStage } from './pipeline/record-stage';
export { RecordingNotifier } from './pipeline/notifier';
export type { Notifier, Notification, NotifyResult } from './pipeline/notifier';
export { buildPipeline } from './pipeline/build-pipeline';
export type { NotifierRegistry, PipelineDeps } from './pipeline/build-pipeline';

export { Dispatcher, DEFAULT_MAINTENANCE_INTERVAL_MILLIS } from './dispatch/dispatcher';
export type { FlushReport, GroupView, DispatcherSnapshot, DispatcherOptions } from './dispatch/dispatcher';
export type { AggregationGroupState } from './dispatch/aggregation-group';

export { AlertmanagerEngine } from './engine';
export type { EngineDeps, EngineSnapshot, PostResult, AlertView } from './engine';

export { IncidentCorrelator, DEFAULT_CORRELATOR_OPTIONS, incidentId, labelSimilarity } from './incidents/correlator';
export type { CorrelatorOptions, CorrelatorSnapshot } from './incidents/correlator';
export { ServiceGraph } from './incidents/service-graph';
export type { ServiceEdge } from './incidents/service-graph';
export { DEFAULT_FLAP_OPTIONS, isFlapping, dampedStatus } from './incidents/flapping';
export type { FlapOptions, FlapState } from './incidents/flapping';
export type {
  CorrelationInput,
  Incident,
  IncidentEvent,
  IncidentEventType,
  IncidentMember,
  IncidentSummary,
} from './incidents/incident.types';

export { notificationData, defaultTitle, goTime, renderAlert } from './render/common';
export type { NotificationData, RenderedAlert } from './render/common';
export { splitText, packChunks } from './render/split';
export { renderWebhook } from './render/webhook';
export type { WebhookPayload } from './render/webhook';
export { renderSlack, SLACK_MAX_BLOCKS, SLACK_MAX_SECTION_CHARS, SLACK_MAX_HEADER_CHARS } from './render/slack';
export type { SlackMessage, SlackBlock } from './render/slack';
export { renderPagerDuty, pagerDutyDedupKey, PAGERDUTY_MAX_SUMMARY_CHARS, PAGERDUTY_MAX_DETAILS_BYTES } from './render/pagerduty';
export type { PagerDutyEvent } from './render/pagerduty';
export { renderEmail, DEFAULT_EMAIL_MAX_ALERTS } from './render/email';
export type { EmailMessage } from './render/email';

export { scenarioActions, sortTuples, formatTuple, tickOf } from './simulate/scenario';
export type { Scenario, ScenarioStep, ScenarioAction, ScenarioPost, NotificationTuple } from './simulate/scenario';
export { simulateScenario, SIMULATION_T0_MILLIS } from './simulate/simulate';
export { DIFFERENTIAL_SCENARIOS } from './simulate/differential-scenarios';
export { randomScenario } from './simulate/random-scenarios';
export { redactConfigSecrets, SECRET_PLACEHOLDER } from './config/redact';
