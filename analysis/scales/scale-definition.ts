/** A scored questionnaire: items answered on [min, max]; each subscale is the mean of its items after reversal. */
export interface ScaleDefinition {
  name: string;
  items: number;
  min: number;
  max: number;
  subscales: SubscaleDefinition[];
  source: string;
}

export interface SubscaleDefinition {
  name: string;
  /** 1-based item numbers. */
  items: number[];
  /** Items scored as min + max - x. */
  reversed: number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Jian, Bisantz & Drury 2000, trust between people and automation: 12 items on 1-7; items 1-5 measure distrust.
 * `overall` reverses them (8 - x) so that higher always means more trust.
 */
export const JIAN_TRUST: ScaleDefinition = {
  name: 'jian_trust',
  items: 12,
  min: 1,
  max: 7,
  subscales: [
    { name: 'distrust', items: range(1, 5), reversed: [] },
    { name: 'trust', items: range(6, 12), reversed: [] },
    { name: 'overall', items: range(1, 12), reversed: range(1, 5) },
  ],
  source: 'Jian, Bisantz & Drury 2000',
};

/** Merritt, Heimbaugh, LaChapell & Lee 2013, propensity to trust automation: 6 items on 1-5, item 2 reversed. */
export const PROPENSITY: ScaleDefinition = {
  name: 'propensity',
  items: 6,
  min: 1,
  max: 5,
  subscales: [{ name: 'propensity', items: range(1, 6), reversed: [2] }],
  source: 'Merritt et al. 2013',
};

export const BUILT_IN_SCALES: ReadonlyMap<string, ScaleDefinition> = new Map([
  [JIAN_TRUST.name, JIAN_TRUST],
  [PROPENSITY.name, PROPENSITY],
]);

/**
 * A custom Likert scale known only from its answers (CSV input without the experiment file): one subscale,
 * the mean of the items seen, none reversed, range taken from the answers.
 */
export function customScaleFromItems(name: string, items: number[], min: number, max: number): ScaleDefinition {
  const sorted = [...items].sort((a, b) => a - b);
  return {
    name,
    items: sorted.length === 0 ? 0 : sorted[sorted.length - 1],
    min,
    max,
    subscales: [{ name: 'score', items: sorted, reversed: [] }],
    source: 'custom Likert scale (items as answered, no reversed item known)',
  };
}

/** A custom Likert scale declared in an experiment file. */
export function customScale(name: string, items: number, min: number, max: number, reversed: number[]): ScaleDefinition {
  return {
    name,
    items,
    min,
    max,
    subscales: [{ name: 'score', items: range(1, items), reversed }],
    source: 'custom Likert scale declared in the experiment file',
  };
}
