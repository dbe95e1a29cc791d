// Generalised linear mixed models (binomial, logit, crossed random intercepts), equal to lme4::glmer: see glmer.ts.
export { fitGlmer, type GlmerFit, type GlmerInput, type GlmerTerm } from './glmer.ts';
export {
  buildDesignMatrix,
  fixedEffectsFormula,
  type CovariateTerm,
  type DesignMatrix,
  type FactorTerm,
  type FixedEffectsSpec,
} from './design-matrix.ts';
export { waldOddsRatio } from './wald-odds-ratio.ts';
