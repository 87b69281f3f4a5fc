/**
 * router-lite inference: TF-IDF features, one linear score per category, Platt-calibrated
 * probabilities and the stored decoding policy. Plain TypeScript, no DOM and no Node APIs.
 */
import { RouterError } from '../errors';
import { parseTranscript, type Conversation } from '../conversation';
import { CATEGORY_NAMES, type CategoryName } from '../taxonomy';
import { vectorize, type SparseRow } from './features';
import { decodeCategories } from './decode';
import { dequantizeWeights, validateModelFile, type LiteModelFile } from './model-format';

export interface LitePrediction {
  categories: CategoryName[];
  /** Calibrated probability per category. */
  scores: Record<CategoryName, number>;
  /** True when the input was longer than the model reads and was cut. */
  truncated: boolean;
  /** Number of distinct known features found: 0 means the model only saw its biases. */
  knownFeatures: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Share of characters in the first 4 KB that are NUL, replacement or other control characters. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return bad > sample.length * 0.1;
}

/** Checks and normalises the input; a RouterError tells the caller what to fix. */
export function toConversation(input: unknown, maxChars: number): Conversation {
  if (typeof input === 'string') {
    if (input.trim() === '') throw new RouterError('EMPTY_INPUT', 'The conversation is empty: paste or type some text to route.');
    if (looksBinary(input)) throw new RouterError('BINARY_INPUT', 'The conversation looks like binary data, not text: paste the text of a conversation.');
    // The features read at most maxChars; cutting first keeps parsing of a huge paste cheap.
    const turns = parseTranscript(input.length > maxChars + 1000 ? input.slice(0, maxChars + 1000) : input);
    if (turns.length === 0) throw new RouterError('EMPTY_INPUT', 'The conversation has no text: paste or type some text to route.');
    return turns;
  }
  if (!Array.isArray(input)) {
    throw new RouterError('WRONG_SCHEMA', `Expected a conversation (text or a list of {role, content} turns), got ${input === null ? 'null' : typeof input}.`);
  }
  const turns = input.filter((t): t is Conversation[number] => !!t && typeof t === 'object' && typeof (t as { content?: unknown }).content === 'string');
  if (turns.length !== input.length) throw new RouterError('WRONG_SCHEMA', 'Every turn must be an object with a text "content": fix or remove the other entries.');
  if (!turns.some((t) => t.content.trim())) throw new RouterError('EMPTY_INPUT', 'The conversation has no text: paste or type some text to route.');
  return turns;
}

export class LiteClassifier {
  readonly model: LiteModelFile;
  private readonly vocab: Map<string, number>;
  private readonly weights: Float32Array;
  private readonly k = CATEGORY_NAMES.length;

  private constructor(model: LiteModelFile) {
    this.model = model;
    this.vocab = new Map(model.vocabulary.map((t, i) => [t, i]));
    this.weights = dequantizeWeights(model.weights, model.vocabulary.length);
  }

  /** Validates the parsed model file (RouterError MODEL_FORMAT when wrong) and prepares it. */
  static fromModel(file: unknown): LiteClassifier {
    return new LiteClassifier(validateModelFile(file));
  }

  /** Raw linear scores (before calibration) of a feature row. */
  logitsOfRow(row: SparseRow): Float64Array {
    const k = this.k;
    const z = Float64Array.from(this.model.biases);
    const w = this.weights;
    for (let i = 0; i < row.idx.length; i++) {
      const base = row.idx[i] * k;
      const x = row.val[i];
      for (let c = 0; c < k; c++) z[c] += x * w[base + c];
    }
    return z;
  }

  logits(conversation: Conversation): { logits: Float64Array; truncated: boolean; knownFeatures: number } {
    const { row, truncated } = vectorize(conversation, this.model.features, this.vocab, this.model.idf);
    return { logits: this.logitsOfRow(row), truncated, knownFeatures: row.idx.length };
  }

  calibrate(logits: ArrayLike<number>): Float64Array {
    const { a, b } = this.model.calibration;
    const p = new Float64Array(this.k);
    for (let c = 0; c < this.k; c++) p[c] = sigmoid(a[c] * logits[c] + b[c]);
    return p;
  }

  /** Classifies text or turns; throws RouterError on empty, binary or malformed input. */
  predict(input: Conversation | string): LitePrediction {
    const conversation = toConversation(input, this.model.features.maxChars);
    const { logits, truncated, knownFeatures } = this.logits(conversation);
    const probs = this.calibrate(logits);
    const scores = {} as Record<CategoryName, number>;
    CATEGORY_NAMES.forEach((c, i) => { scores[c] = probs[i]; });
    return { categories: decodeCategories(probs, this.model.decoding), scores, truncated, knownFeatures };
  }
}
