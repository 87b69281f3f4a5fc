/**
 * One chat message in the OpenAI Chat Completions shape, and the looser shapes found in the wild
 * ({speaker, text}, {from, value}, {sender, text}, ...). Content may be a string, null, or an
 * array of parts (text, image_url, input_audio, file, refusal; the Responses API's input_text /
 * output_text / input_image too). Text parts are joined; images, audio and files are counted as
 * not read (nothing is fetched or decoded). A turn that only calls tools (`tool_calls`, or the
 * legacy `function_call`) is kept as a one-line description rather than dropped, so the order of
 * the conversation survives. Roles: developer -> system, tool/function -> tool.
 */
import { normalizeRole, type Turn } from '../conversation';
import { isRecord, shortJson, type Unread } from './types';

const ROLE_KEYS = new Set(['role', 'speaker', 'from', 'sender']);
const CONTENT_KEYS = new Set(['content', 'text', 'value', 'message']);

const TEXT_PART_TYPES = new Set(['text', 'input_text', 'output_text']);
const IMAGE_PART_TYPES = new Set(['image_url', 'input_image', 'image', 'image_file']);
const AUDIO_PART_TYPES = new Set(['input_audio', 'audio', 'output_audio']);
const FILE_PART_TYPES = new Set(['file', 'input_file', 'document']);

/** Text of a content-parts array; non-text parts are counted in `unread`. */
export function textOfParts(parts: readonly unknown[], unread: Unread): string {
  const texts: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') { texts.push(part); continue; }
    if (!isRecord(part)) continue;
    const type = typeof part.type === 'string' ? part.type : '';
    if (TEXT_PART_TYPES.has(type) || (!type && typeof part.text === 'string')) {
      if (typeof part.text === 'string') texts.push(part.text);
      else if (isRecord(part.text) && typeof part.text.value === 'string') texts.push(part.text.value); // Assistants API
    } else if (type === 'refusal' && typeof part.refusal === 'string') texts.push(part.refusal);
    else if (IMAGE_PART_TYPES.has(type)) unread.add('image');
    else if (AUDIO_PART_TYPES.has(type)) unread.add('audio');
    else if (FILE_PART_TYPES.has(type)) unread.add('file');
    else unread.add('other');
  }
  return texts.map((t) => t.trim()).filter(Boolean).join('\n');
}

/** "called get_weather({"city":"Paris"})" for each tool call of an assistant turn. */
function describeCalls(message: Record<string, unknown>): string[] {
  const calls: string[] = [];
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      if (!isRecord(call)) continue;
      const fn = isRecord(call.function) ? call.function : isRecord(call.custom) ? call.custom : null;
      const name = typeof fn?.name === 'string' ? fn.name : typeof call.type === 'string' ? call.type : 'a tool';
      const args = fn ? fn.arguments ?? fn.input : undefined;
      calls.push(`[called ${name}(${args === undefined ? '' : shortJson(args)})]`);
    }
  }
  if (isRecord(message.function_call) && typeof message.function_call.name === 'string') {
    calls.push(`[called ${message.function_call.name}(${shortJson(message.function_call.arguments ?? '')})]`);
  }
  return calls;
}

/**
 * Reads one message object; null when it holds no text and no tool call (a note says why).
 * Keys are matched trimmed and lower-cased: the published training data has one "content " key.
 */
export function readMessage(raw: Record<string, unknown>, index: number, notes: string[], unread: Unread): Turn | null {
  let role: unknown;
  const contents: unknown[] = [];
  let strayKey = false;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = k.trim().toLowerCase();
    if (key !== k) strayKey = true;
    fields[key] = v;
    if (ROLE_KEYS.has(key) && role === undefined) role = v;
    else if (CONTENT_KEYS.has(key)) contents.push(v);
  }
  const before = unread.total;
  // The first content-like field that holds text: a Claude message's `text` may be empty while its
  // `content` blocks hold the words.
  let text = '';
  for (const content of contents) {
    text = typeof content === 'string' ? content.trim() : Array.isArray(content) ? textOfParts(content, unread) : '';
    if (text) break;
  }
  const calls = describeCalls(fields);
  if (calls.length) text = [text, ...calls].filter(Boolean).join('\n');
  const skippedMedia = unread.total - before;
  if (!text) {
    notes.push(`turn ${index} has no text content (dropped${skippedMedia ? `; ${skippedMedia} non-text part${skippedMedia === 1 ? '' : 's'} not read` : ''})`);
    return null;
  }
  if (skippedMedia) notes.push(`turn ${index}: ${skippedMedia} non-text part${skippedMedia === 1 ? '' : 's'} not read`);
  if (strayKey) notes.push(`turn ${index} had a key with stray spaces (read)`);
  const normalized = normalizeRole(role);
  // A tool's name tells a reader what produced the output ("get_weather: {...}").
  const name = typeof fields.name === 'string' && fields.name.trim() ? fields.name.trim() : '';
  if (normalized === 'tool' && name) text = `${name}: ${text}`;
  return { role: normalized, content: text };
}
