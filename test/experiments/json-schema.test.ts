import { describe, expect, it } from 'vitest';
import { experimentJsonSchema } from '../../experiments/json-schema.ts';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[] };

describe('experimentJsonSchema', () => {
  it('is a draft 2020-12 object schema with a title', () => {
    const schema = experimentJsonSchema() as Schema;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('Confiance experiment file');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
  });

  it('lists the top-level keys, and requires those without a default (input view)', () => {
    const schema = experimentJsonSchema() as Schema;
    expect(Object.keys(schema.properties ?? {})).toEqual([
      'id', 'version', 'title', 'languages', 'texts', 'completion_code', 'seed', 'task', 'display', 'cases', 'advisor',
      'factors', 'design', 'procedure', 'questionnaires', 'assignment', 'consent', 'real_participants', 'payment', 'recruitment',
    ]);
    expect(schema.required).not.toContain('recruitment');
    expect(schema.required).not.toContain('real_participants');
    expect(schema.required).toContain('completion_code');
    expect(schema.required).not.toContain('seed');
    expect(schema.required).not.toContain('questionnaires');
  });

  it('contains the three task types and the seven explanation types', () => {
    const text = JSON.stringify(experimentJsonSchema());
    for (const type of ['binary', 'categorical', 'numeric']) expect(text).toContain(`"const":"${type}"`);
    for (const type of ['none', 'confidence', 'feature_importance', 'counterfactual', 'similar_cases', 'rationale', 'legal_crpa'])
      expect(text).toContain(`"const":"${type}"`);
  });

  it('describes the keys of legal_crpa: the contribution modes, sources by field, operations, all optional', () => {
    type Node = { properties?: Record<string, Node>; const?: string; enum?: string[]; default?: string; type?: string; required?: string[] };
    /** The object schema whose `type` property is the constant `legal_crpa`. */
    const find = (node: unknown): Node | undefined => {
      if (node === null || typeof node !== 'object') return undefined;
      if ((node as Node).properties?.type?.const === 'legal_crpa') return node as Node;
      for (const child of Object.values(node)) {
        const found = find(child);
        if (found) return found;
      }
      return undefined;
    };
    const crpa = find(experimentJsonSchema());
    expect(Object.keys(crpa?.properties ?? {})).toEqual(['type', 'contribution', 'contribution_text', 'sources', 'operations']);
    expect(crpa?.properties?.contribution.enum).toEqual(['advisory', 'decisive']);
    expect(crpa?.properties?.contribution.default).toBe('advisory');
    expect(crpa?.properties?.sources.type).toBe('object');
    expect(crpa?.properties?.operations.type).toBe('array');
    expect(crpa?.required).toEqual(['type']);
  });

  it('offers the six bundled scales and the four generic question types in questionnaires', () => {
    const schema = experimentJsonSchema() as Schema;
    const after = JSON.stringify(schema.properties!.questionnaires);
    expect(after).toContain('"enum":["jian_trust","propensity","korber_tia","hoffman_trust","nasa_tlx","self_competence"]');
    for (const type of ['single_choice', 'multiple_choice', 'number', 'text']) expect(after).toContain(`"const":"${type}"`);
    for (const key of ['min_selections', 'max_selections', 'max_chars', 'multiline', 'required']) expect(after).toContain(`"${key}"`);
  });

  it('is stable: the same text on every call', () => {
    expect(JSON.stringify(experimentJsonSchema())).toBe(JSON.stringify(experimentJsonSchema()));
  });

  it('contains only JSON-representable values (it survives a JSON round trip unchanged)', () => {
    const schema = experimentJsonSchema();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
