import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/**
 * The text of a byte stream read as UTF-8, chunk by chunk (a stream of strings passes as it is). The same text as
 * `setEncoding('utf8')` gives, a character split between two chunks included. Until the first byte outside ASCII, the
 * chunks are copied byte for byte (latin1) instead of decoded: the same characters (the decoder holds nothing back
 * then), several times faster; most trial files are ASCII throughout.
 */
export async function* utf8Chunks(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let ascii = true;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    if (typeof chunk === 'string') yield chunk;
    else if (ascii && (ascii = isAscii(chunk))) yield chunk.toString('latin1');
    else yield decoder.write(chunk);
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
