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
  /** This item's own end labels (NASA-TLX: Performance runs from "Perfect" to "Failure"); default: the scale's. */
  anchors?: { low: Bilingual; high: Bilingual };
}

/**
 * Whether the text a participant reads in one language is the version whose psychometric properties were published:
 * `authors`, the authors' own wording; `validated_translation`, a published validated translation; `translation`, a
 * translation that is not validated (e.g. made for Confiance): results in that language are not those of the
 * validated instrument; `custom`, the researcher's own items (no published validation).
 */
export type WordingStatus = 'authors' | 'validated_translation' | 'translation' | 'custom';

export interface Wording {
  status: WordingStatus;
  /** What the text is and how it was checked, shown with the mark (validate, report). */
  note: string;
}

export interface Subscale {
  items: string[];
  /** Whether the scale's reversed items are scored as (points + 1 - answer) in this subscale. */
  reverse: boolean;
}

export interface ScaleDefinition {
  id: string;
  title: Bilingual;
  /** Number of marks offered. Answers run from 1 to `points` unless `values` says otherwise. */
  points: number;
  /** Value of the first mark and the step between marks (NASA-TLX: 0 and 5, 21 marks 0..100); default 1 and 1. */
  values?: { first: number; step: number };
  anchors: { low: Bilingual; high: Bilingual };
  items: ScaleItem[];
  reversed: string[];
  /** Each subscale score is the mean of its items (after reversal when `reverse`). */
  subscales: Record<string, Subscale>;
  /** Where the items come from, for the report and the debrief. */
  source: string;
  /** Per language, whether the text is the authors' validated one (see WordingStatus). */
  wording: Record<keyof Bilingual, Wording>;
}
