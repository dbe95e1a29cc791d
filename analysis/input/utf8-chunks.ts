import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/**
 * Text is handed on in strings of at most this many characters: strings short-lived and small enough for V8's young
 * generation (a 1 MB string per read goes to the large-object space, and a million-trial file cost some 0.3 s more
 * CPU, mostly in the garbage collector).
 */
const PIECE = 1 << 16;

/**
 * The text of a byte stream read as UTF-8, in pieces (a stream of strings passes as it is). The same text as
 * `setEncoding('utf8')` gives, a character split between two chunks or pieces included. Until the first byte outside
 * ASCII, the bytes are copied one for one (latin1) instead of decoded: the same characters (the decoder holds nothing
 * back then), several times faster; most trial files are ASCII throughout.
 */
export async function* utf8Chunks(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let ascii = true;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    for (let at = 0; at < chunk.length; at += PIECE) {
      const piece = chunk.subarray(at, at + PIECE);
      if (ascii && (ascii = isAscii(piece))) yield piece.toString('latin1');
      else yield decoder.write(piece);
    }
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
