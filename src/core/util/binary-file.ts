/**
 * A small container for model files: a magic tag, a JSON header, then named binary blobs, each
 * aligned to 4 bytes so typed arrays can view them without copying. Compact to download (no base64)
 * and quick to parse (one JSON.parse of a small header).
 *
 *   bytes 0-3   magic (4 ASCII characters, per file kind)
 *   bytes 4-7   header length N (uint32, little-endian)
 *   bytes 8..   header JSON (UTF-8), then zero padding to a multiple of 4
 *   then        blobs, each at header.blobs[name].offset (from the start of the blob area), padded to 4
 */
import { RouterError } from '../errors';

export interface BlobInfo {
  offset: number;
  length: number;
}

export interface PackedFile {
  header: Record<string, unknown> & { blobs: Record<string, BlobInfo> };
  blobs: Record<string, Uint8Array>;
}

const pad4 = (n: number) => (n + 3) & ~3;

export function packBinary(magic: string, header: Record<string, unknown>, blobs: Record<string, Uint8Array>): Uint8Array {
  if (magic.length !== 4) throw new Error('magic must be 4 characters');
  const info: Record<string, BlobInfo> = {};
  let offset = 0;
  for (const [name, b] of Object.entries(blobs)) {
    info[name] = { offset, length: b.byteLength };
    offset = pad4(offset + b.byteLength);
  }
  const json = new TextEncoder().encode(JSON.stringify({ ...header, blobs: info }));
  const start = pad4(8 + json.byteLength);
  const out = new Uint8Array(start + offset);
  for (let i = 0; i < 4; i++) out[i] = magic.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  for (const [name, b] of Object.entries(blobs)) out.set(b, start + info[name].offset);
  return out;
}

/** Reads the container; RouterError MODEL_FORMAT with `advice` when the bytes are not one. */
export function unpackBinary(bytes: ArrayBuffer | Uint8Array, magic: string, advice: string): PackedFile {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const bad = (what: string): never => { throw new RouterError('MODEL_FORMAT', `${what}. ${advice}`); };
  if (u8.byteLength < 8) bad('The model file is empty or truncated');
  const tag = String.fromCharCode(u8[0], u8[1], u8[2], u8[3]);
  if (tag !== magic) bad(`The model file does not start with "${magic}" (found "${tag.replace(/[^\x20-\x7e]/g, '?')}"): it is not this kind of model file`);
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const n = view.getUint32(4, true);
  if (8 + n > u8.byteLength) bad('The model file is truncated (its header is cut)');
  let header: PackedFile['header'];
  try {
    header = JSON.parse(new TextDecoder().decode(u8.subarray(8, 8 + n)));
  } catch {
    return bad('The model file header is not valid JSON');
  }
  if (!header || typeof header !== 'object' || !header.blobs || typeof header.blobs !== 'object') bad('The model file header lists no blobs');
  const start = pad4(8 + n);
  const blobs: Record<string, Uint8Array> = {};
  for (const [name, b] of Object.entries(header.blobs)) {
    if (!Number.isInteger(b?.offset) || !Number.isInteger(b?.length) || b.offset < 0 || b.length < 0) bad(`Blob "${name}" has no valid offset/length`);
    if (start + b.offset + b.length > u8.byteLength) bad(`The model file is truncated (blob "${name}" is cut)`);
    blobs[name] = u8.subarray(start + b.offset, start + b.offset + b.length);
  }
  return { header, blobs };
}

/**
 * A copy of a blob as a typed array: copied so the view is aligned whatever the source buffer
 * (a Node Buffer's slice() is a view, not a copy, so the copy is made explicitly).
 */
export function asFloat32(b: Uint8Array): Float32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer, 0, Math.floor(b.byteLength / 4));
}

export function asInt8(b: Uint8Array): Int8Array {
  return new Int8Array(b.buffer, b.byteOffset, b.byteLength);
}
