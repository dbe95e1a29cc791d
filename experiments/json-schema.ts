/** The JSON Schema of the experiment file, generated from the zod schema, for completion and checks in editors. */
import { z } from 'zod';
import { experimentSchema } from './schema.ts';

export function experimentJsonSchema(): Record<string, unknown> {
  // io: 'input' describes what a researcher writes: fields with defaults are optional.
  const generated = z.toJSONSchema(experimentSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Confiance experiment file',
    description: 'One study: texts, task, case bank, AI advisor, factors and conditions, procedure, questionnaires, assignment.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}
