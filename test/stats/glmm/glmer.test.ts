import { describe, expect, it } from 'vitest';
import { normalTwoSidedP } from '../../../analysis/stats/distributions.ts';
import { fitGlmer, type GlmerFit } from '../../../analysis/stats/glmm/index.ts';
import { glmerInputOf, referenceFits } from './reference.ts';

// Tolerances of issue 12: estimates within 2e-3 + 2e-3 relative, SEs within 0.5 %, SDs within 0.01 of lme4 1.1.31
// (the call and versions are stored next to each value in reference/reference.json).
const fits = new Map<string, GlmerFit>();
function fitOf(name: string): GlmerFit {
  if (!fits.has(name)) fits.set(name, fitGlmer(glmerInputOf(referenceFits.find((f) => f.name === name)!)));
  return fits.get(name)!;
}

describe('fitGlmer equals lme4::glmer(y ~ ... + (1 | participant_id) + (1 | case_id), binomial, bobyqa)', () => {
  for (const reference of referenceFits) {
    const r = reference.reference;
    describe(`${reference.name}: ${reference.description}`, () => {
      it('names and keeps the fixed-effect terms as R does', () => {
        const input = glmerInputOf(reference);
        expect(input.fixed.names).toEqual(r.terms);
        expect(input.fixed.dropped).toEqual(r.dropped_columns);
        expect(fitOf(reference.name).n).toBe(r.n);
      });
      it('estimates within 2e-3 + 2e-3 relative of glmer defaults, 1e-4 of glmer with tolPwrss = 1e-12', () => {
        fitOf(reference.name).fixed.forEach((term, j) => {
          expect(Math.abs(term.estimate - r.estimate[j]), term.term).toBeLessThanOrEqual(2e-3 + 2e-3 * Math.abs(r.estimate[j]));
          expect(Math.abs(term.estimate - r.tight.estimate[j]), term.term).toBeLessThanOrEqual(1e-4);
        });
      });
      it('standard errors within 0.5 % of glmer with tolPwrss = 1e-12, 1 % of glmer defaults', () => {
        const fit = fitOf(reference.name);
        expect(fit.seSource).toBe('hessian');
        fit.fixed.forEach((term, j) => {
          expect(Math.abs(term.se / r.tight.se[j] - 1), term.term).toBeLessThanOrEqual(0.005);
          expect(Math.abs(term.se / r.se[j] - 1), term.term).toBeLessThanOrEqual(0.01);
        });
      });
      it('z within 1 % of glmer defaults; z and p (2 pnorm(-|z|)) within 0.1 % and 1 % of the tight fit', () => {
        fitOf(reference.name).fixed.forEach((term, j) => {
          expect(Math.abs(term.z / r.z[j] - 1), term.term).toBeLessThanOrEqual(0.01);
          const zTight = r.tight.estimate[j] / r.tight.se[j];
          expect(Math.abs(term.z / zTight - 1), term.term).toBeLessThanOrEqual(1e-3);
          expect(Math.abs(term.p / normalTwoSidedP(zTight) - 1), term.term).toBeLessThanOrEqual(0.01);
        });
      });
      it('random-intercept SDs within 0.01, log-likelihood within 1e-3', () => {
        const fit = fitOf(reference.name);
        expect(Math.abs(fit.random.participant_id - r.sd.participant_id)).toBeLessThanOrEqual(0.01);
        expect(Math.abs(fit.random.case_id - r.sd.case_id)).toBeLessThanOrEqual(0.01);
        expect(Math.abs(fit.loglik - r.loglik)).toBeLessThanOrEqual(1e-3);
        expect(Math.abs(fit.loglik - r.tight.loglik)).toBeLessThanOrEqual(1e-6);
      });
      it(`singular flag ${r.singular}, converged`, () => {
        const fit = fitOf(reference.name);
        expect(fit.singular).toBe(r.singular);
        expect(fit.converged).toBe(true);
        expect(fit.messages.some((m) => m.startsWith('singular fit'))).toBe(r.singular);
      });
    });
  }
});
