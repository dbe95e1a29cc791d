/**
 * The CSV readers' decoding (analysis/input/utf8-chunks.ts): ASCII chunks copied, the rest decoded, the same text as a
 * stream with setEncoding('utf8'), whatever the chunks: a character split between two reads, a BOM, invalid bytes.
 */
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { utf8Chunks } from '../../analysis/input/utf8-chunks.ts';

const bytes = (...parts: (string | number[])[]) => parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)));

async function decoded(chunks: Buffer[]): Promise<string> {
  let text = '';
  for await (const part of utf8Chunks(Readable.from(chunks, { objectMode: false }))) text += part;
  return text;
}

async function withSetEncoding(chunks: Buffer[]): Promise<string> {
  const stream = Readable.from(chunks, { objectMode: false });
  stream.setEncoding('utf8');
  let text = '';
  for await (const part of stream as AsyncIterable<string>) text += part;
  return text;
}

describe('UTF-8 chunks', () => {
  const cases: [string, Buffer[]][] = [
    ['ASCII only', bytes('participant_id,truth\n', 'p1,yes\n', 'p2,no')],
    ['a character split between two reads after ASCII ones', bytes('id,label\np1,contact', [0xc3], [0xa9, 0x0a], 'p2,x\n')],
    ['a BOM, then ASCII', bytes([0xef, 0xbb, 0xbf], 'a,b\n', '1,2\n')],
    ['a three-byte character split in three', bytes('x,', [0xe2], [0x82], [0xac], ',y\n')],
    ['invalid bytes, and an incomplete character at the end', bytes('a,', [0xff, 0xfe], ',b\n', [0xc3])],
    // One read of 200,000 bytes is handed on in pieces of 65,536 characters: an é across the first boundary.
    ['a character across two pieces of one read', [Buffer.concat([Buffer.from('x'.repeat(65535)), Buffer.from('é,1\n'), Buffer.from('y,2\n'.repeat(33615))])]],
  ];
  for (const [name, chunks] of cases) {
    it(`gives the text setEncoding('utf8') gives: ${name}`, async () => {
      const expected = await withSetEncoding(chunks);
      expect(await decoded(chunks)).toBe(expected);
      expect(expected.length).toBeGreaterThan(3);
    });
  }

  it('reads a split é as one character', async () => {
    expect(await decoded(bytes('p1,contact', [0xc3], [0xa9]))).toBe('p1,contacté');
  });

  it('passes a stream of strings as it is', async () => {
    let text = '';
    for await (const part of utf8Chunks(Readable.from(['a,b\n', 'é,1\n']))) text += part;
    expect(text).toBe('a,b\né,1\n');
  });
});
