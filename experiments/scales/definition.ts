/**
 * A questionnaire as the participant pages show it and the analysis scores it: items with their text in French and
 * English, the Likert range, reversed items and subscales. Bundled validated scales and the experiment file's custom
 * scales both end up in this shape (see index.ts).
 */

/** A text in both languages. Custom scales written in one language carry the same text in both. */
export interface Bilingual {
  fr: string;
  en: string;
}

export interface ScaleItem {
  /** Stored with each answer (`responses.item`) and used in exports: `jian_1`, `prop_2`, or the custom item id. */
  id: string;
  text: Bilingual;
}

export interface Subscale {
  items: string[];
  /** Whether the scale's reversed items are scored as (points + 1 - answer) in this subscale. */
  reverse: boolean;
}

export interface ScaleDefinition {
  id: string;
  title: Bilingual;
  /** Answers run from 1 to `points`. */
  points: number;
  anchors: { low: Bilingual; high: Bilingual };
  items: ScaleItem[];
  reversed: string[];
  /** Each subscale score is the mean of its items (after reversal when `reverse`). */
  subscales: Record<string, Subscale>;
  /** Where the items come from, for the report and the debrief. */
  source: string;
}
