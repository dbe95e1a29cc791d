/**
 * One decision trial as the analysis reads it, whatever its source (CSV export or store).
 * Decisions are kept as the text given; the task type decides later whether they compare as labels or numbers.
 */
export interface TrialRow {
  participantId: string;
  condition: string;
  trialIndex: number;
  caseId: string;
  truth: string;
  aiAdvice: string;
  aiConfidence: number | null;
  /** Empty in one-stage designs. */
  initial: string | null;
  final: string;
  initialRtMs: number | null;
  finalRtMs: number | null;
  /** Why the trial is left out of every statistic, or null when it is analysed. */
  exclusion: string | null;
  /** Levels of the declared factors (`--factors`), in their order, when the CSV has a column per factor; else null. */
  levels?: readonly string[] | null;
  /** In-task trust probe (`trust_rating`, `self_confidence_rating` columns): the ratings given with this trial, else null. */
  trustRating?: number | null;
  selfConfidenceRating?: number | null;
  /** Advice on request (CSV advice_requested): whether the participant asked for the advice; null/absent: not on request. */
  adviceRequested?: boolean | null;
  /** Advice on request (CSV advice_request_ms): ms from the page being served to the request. */
  adviceRequestMs?: number | null;
  /** Where the row came from, for error messages (line number in a CSV, 0 for the store). */
  line: number;
  /** Decision-power conditions (the CSV's `last_word` column is set); absent otherwise. */
  decisionPower?: DecisionPowerCells | null;
}

/**
 * Who had the last word, and the justification an override needed and got. Whether the trial is an override is not
 * read from the file: it is the final decision differing from the advice (docs/ANALYSIS.md, decision power).
 */
export interface DecisionPowerCells {
  lastWord: 'agent' | 'ai';
  justifyMinChars: number | null;
  justificationChars: number | null;
  justificationMs: number | null;
}
