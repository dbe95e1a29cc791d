/**
 * The columns of the tidy trial CSV (METRICS.md section 5) and of the questionnaire answers, in the order
 * `confiance export` writes them. Owned by the store layer: the export writes these files and the analysis reads
 * them (and the store's trials through the same rows), so both sides depend on this one definition.
 */
export const TRIAL_CSV_COLUMNS = [
  { name: 'participant_id', required: true, content: 'any string' },
  { name: 'condition', required: true, content: 'any string' },
  { name: 'trial_index', required: true, content: 'integer, order within the participant' },
  { name: 'case_id', required: true, content: 'any string' },
  { name: 'truth', required: true, content: 'label, or number for numeric tasks' },
  { name: 'ai_advice', required: true, content: 'label or number' },
  { name: 'ai_confidence', required: false, content: 'number in [0, 1], empty when not shown' },
  { name: 'initial', required: false, content: 'label or number; empty in one-stage designs' },
  { name: 'final', required: true, content: 'label or number' },
  { name: 'initial_rt_ms', required: false, content: 'integer' },
  { name: 'final_rt_ms', required: false, content: 'integer' },
  { name: 'excluded', required: false, content: '1 to leave the trial out; empty or 0 otherwise' },
] as const;

export type TrialCsvColumn = (typeof TRIAL_CSV_COLUMNS)[number]['name'];

/** Header names in export order, for writers of the format. */
export const TRIAL_CSV_HEADER: readonly TrialCsvColumn[] = TRIAL_CSV_COLUMNS.map((c) => c.name);

/** Optional column giving the reason of an exclusion (attention check, too fast...). */
export const EXCLUSION_REASON_COLUMN = 'exclusion_reason';

/** Questionnaire answers (`--responses responses.csv`). */
export const RESPONSES_CSV_HEADER = ['participant_id', 'scale', 'item', 'value'] as const;
