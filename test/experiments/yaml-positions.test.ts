import { describe, expect, it } from 'vitest';
import { parseSource } from '../../experiments/yaml-positions.ts';
import { closestKey } from '../../experiments/schema-keys.ts';

const YAML = `# comment
task:
  type: binary
  labels:
    - value: a
    - { value: 3, text: x }
flow: { fr: oui }
`;

describe('parseSource(...).locate', () => {
  it('points at a scalar value', () => {
    expect(parseSource(YAML).locate(['task', 'labels', 1, 'value'])).toEqual({ line: 6, col: 16 });
    expect(parseSource(YAML).locate(['task', 'type'])).toEqual({ line: 3, col: 9 });
  });

  it('points at the key of a mapping or list value, and at the key itself when asked', () => {
    expect(parseSource(YAML).locate(['task', 'labels'])).toEqual({ line: 4, col: 3 });
    expect(parseSource(YAML).locate(['task', 'type'], true)).toEqual({ line: 3, col: 3 });
  });

  it('points at the mapping that should hold a missing key', () => {
    expect(parseSource(YAML).locate(['task', 'question'])).toEqual({ line: 2, col: 1 });
    expect(parseSource(YAML).locate(['flow', 'en'])).toEqual({ line: 7, col: 1 });
    expect(parseSource(YAML).locate(['task', 'labels', 0, 'text'])).toEqual({ line: 5, col: 7 });
  });

  it('locates fields of a JSON document the same way', () => {
    const json = '{\n  "task": {\n    "type": "binary",\n    "labels": [1, 2]\n  }\n}\n';
    const source = parseSource(json);
    expect(source.value).toEqual({ task: { type: 'binary', labels: [1, 2] } });
    expect(source.locate(['task', 'type'])).toEqual({ line: 3, col: 13 });
    expect(source.locate(['task', 'labels', 1])).toEqual({ line: 4, col: 19 });
  });

  it('reports every syntax error with its line, and no value', () => {
    const source = parseSource('a: 1\na: 2\n');
    expect(source.value).toBeUndefined();
    expect(source.syntaxErrors).toEqual([{ line: 2, col: 1, message: 'Map keys must be unique' }]);
  });
});

describe('closestKey', () => {
  it('suggests a key within two edits, or a case/underscore variant', () => {
    expect(closestKey('titel', ['title', 'texts'])).toBe('title');
    expect(closestKey('noErrorsInFirst', ['no_errors_in_first', 'no_errors_in_last'])).toBe('no_errors_in_first');
    expect(closestKey('zzz', ['count', 'sampling'])).toBeNull();
  });
});
