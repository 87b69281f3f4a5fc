/**
 * Model files travel gzip-compressed: static hosts (and `vite preview`) compress text but serve a
 * `.bin` as it is, so the file carries its own compression. The platform's DecompressionStream
 * (browsers, workers and Node 18+) inflates it; a host that already sent it with
 * `Content-Encoding: gzip` hands over plain bytes, which pass through unchanged.
 */
import { RouterError } from '../errors';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The bytes, inflated when they are gzip. A damaged one gets a MODEL_FORMAT error naming the file
 * (`what`) and saying what to do (`advice`).
 */
export async function inflateIfGzip(input: ArrayBuffer | Uint8Array, what: string, advice = 'reload the page'): Promise<Uint8Array> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new RouterError('MODEL_FORMAT', `${what} is a damaged gzip file (${(e as Error)?.message ?? e}): ${advice}.`);
  }
}
