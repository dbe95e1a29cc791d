/**
 * The validated experiment, as the rest of Confiance sees it: the file after zod and the cross-field checks, its
 * resolved conditions and its loaded case bank. Built by `loadExperiment` (experiments/load.ts), consumed by the
 * design engine, the server and the analysis.
 */
import type { ExperimentFile, Language, Localized } from './schema.ts';
import type { ExplanationContent, ExplanationOptions } from './explanations/index.ts';
import type { BonusRule } from './payment/schema.ts';
import type { TrustProbe } from './trust-probe.ts';
import type { AdviceTiming } from './manipulations/advice-timing.ts';
import type { OutcomeFeedback } from './manipulations/outcome-feedback.ts';
import type { JustifyOverrides, LastWord } from './decision-power/schema.ts';

/** One row of the case bank. */
export interface Case {
  id: string;
  /** Ground truth: a label value, or a number for numeric tasks. */
  truth: string | number;
  /** Display fields by key (numbers parsed for numeric formats). */
  values: Record<string, string | number>;
  /** Text fields written per language (`<field>_fr`, `<field>_en`): field key -> text per language. */
  texts?: Record<string, Partial<Record<Language, string>>>;
  /** Precomputed AI material, when the case bank has it. */
  ai: {
    recommendation?: string | number;
    confidence?: number;
    /** Signed factor contributions by field key; positive supports `recommendation`. */
    contributions?: Record<string, number>;
    counterfactual?: Partial<Record<Language, string>>;
    rationale?: Partial<Record<Language, string>>;
    similar?: string[];
  };
  /** Reserved for attention checks (never drawn as an ordinary trial). */
  attentionCheck: boolean;
  /** May be drawn as a practice trial (never drawn as a decision trial). */
  practice: boolean;
}

/** A resolved condition: its name, the factor levels it combines, and the merged settings. */
export interface Condition {
  /** Single factor: the level name (e.g. `none`); several: level names joined by `+` in factor order. */
  id: string;
  levels: Record<string, string>;
  explanation: ExplanationOptions;
  framing?: Localized;
  /** How the advice box names its source, in agreement with the framing ("The expert service recommends:"). */
  adviceLabels?: { title: Localized; recommends: Localized };
  /** This condition's bonus rule (else the file's payment.bonus). */
  bonus?: BonusRule;
  statedAccuracy?: number;
  /** Simulated advisor: wrong recommendations among the decision trials in this condition. */
  advisorErrors?: number;
  timeLimitS?: number;
  /** In-task trust rating of this condition (the level's, else the procedure's). */
  trustProbe?: TrustProbe;
  /** Simulated advisor: 1-based position, within each block, of the first wrong advice. */
  firstErrorAt?: number;
  /** When the advice appears on decision trials (absent: immediate). */
  adviceTiming?: AdviceTiming;
  /** Feedback on decision trials (absent: none). */
  outcomeFeedback?: OutcomeFeedback;
  /** Who has the last word (absent: the agent, as `agent`). */
  lastWord?: LastWord;
  /** An override must be justified in at least `min_chars` characters. */
  justifyOverrides?: JustifyOverrides;
}

export interface Experiment {
  /** The file as parsed by zod (defaults applied). */
  file: ExperimentFile;
  /** Absolute path of the experiment file, and of its directory (the case bank is relative to it). */
  path: string;
  dir: string;
  /** sha256 (hex) of the canonical JSON of `file` plus the case bank's bytes: two versions never mix silently. */
  configHash: string;
  conditions: Condition[];
  /** The control condition id used for comparisons. */
  control: string;
  cases: Case[];
  /** Quick lookup by case id. */
  caseById: Map<string, Case>;
}

/** The advice for one trial: what the participant is shown, and whether it is right (never sent to the page). */
export interface Advice {
  recommendation: string | number;
  /** Model confidence 0..1 (the `confidence` explanation shows it; the store keeps it for every condition). */
  confidence: number;
  correct: boolean;
  explanation: ExplanationContent;
}

/** One planned trial of a participant. */
export interface PlannedTrial {
  /** 0-based position among the decision trials (practice trials have their own 0-based index). */
  index: number;
  kind: 'practice' | 'decision' | 'attention_case' | 'attention_instructed';
  caseId: string;
  condition: string;
  advice: Advice | null;
  /** Instructed-response checks: the text shown and the answer expected. */
  instructed?: { text: Localized; expected: string };
}

/** Everything a participant will see, computed once at join and stored with the participant. */
export interface TrialPlan {
  participantId: string;
  seed: number;
  /** Between: one condition; within: the block order (Latin square row). */
  conditionOrder: string[];
  practice: PlannedTrial[];
  /** Decision trials and attention checks in presentation order. */
  trials: PlannedTrial[];
}
