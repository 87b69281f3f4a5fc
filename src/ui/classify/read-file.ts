/** Reads a dropped or chosen File as text through the core's checks (size, binary, empty). */
import { decodeFileBytes, MAX_FILE_BYTES } from '../../core/input';
import { RouterError } from '../../core/errors';

export async function readFileText(file: File): Promise<string> {
  // Refuse before reading a huge file into memory.
  if (file.size > MAX_FILE_BYTES) {
    throw new RouterError('INPUT_TOO_LARGE', `${file.name} is ${file.size.toLocaleString('en-US')} bytes; the limit is ${MAX_FILE_BYTES.toLocaleString('en-US')}. Split the file into smaller files.`);
  }
  return decodeFileBytes(new Uint8Array(await file.arrayBuffer()), file.name);
}
