/**
 * Base64 of bytes without Node APIs (atob/btoa exist in browsers and Node >= 16 but work on
 * binary strings), and of little-endian float32 vectors, used by model files and exports.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

/** Throws on text that is not base64 (atob's DOMException); callers that must not throw catch it. */
export function base64ToBytes(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function float32ToBase64(v: Float32Array): string {
  const bytes = new Uint8Array(v.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < v.length; i++) view.setFloat32(i * 4, v[i], true);
  return bytesToBase64(bytes);
}

/** Decodes, or returns null when the text is not base64 of exactly `dimension` floats. */
export function base64ToFloat32(text: string, dimension: number): Float32Array | null {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(text);
  } catch {
    return null;
  }
  if (bytes.length !== dimension * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
