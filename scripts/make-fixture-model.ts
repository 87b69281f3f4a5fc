/**
 * npm run fixture:embed -- [--lite public/models/embed-lite.bin] [--out e2e/fixtures/models/fixture-embed] [--words 3000]
 *
 * Writes a tiny but real transformers.js feature-extraction model, built here with onnx-proto:
 *   config.json, tokenizer.json (BERT WordPiece), tokenizer_config.json, onnx/model.onnx.
 * Graph: int8 embedding table -DequantizeLinear-> Gather(input_ids) -> MatMul(P) -> * attention_mask
 * = last_hidden_state [batch, seq, dim]. The pipeline's mean pooling + normalisation then turns it
 * into a sentence vector. Rows are embed-lite's (weighted) word vectors for the most frequent
 * surface words of the training conversations; embed-lite folds all its linear steps into its rows,
 * so P is the identity (kept so the graph exercises a MatMul). The fixture embeds like embed-lite:
 * tests can check real numbers, not only shapes. No network, no randomness: same inputs, same bytes.
 */
import { gunzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';
import { dataDir, loadTraining, parseFlags } from './lib/data-paths';
import { STOPWORDS } from '../src/core/tokenize';
import { decodeEmbedLite } from '../src/embed/lite/model-format';
import { isGzip } from '../src/core/util/gzip';
import { LiteEmbedModel } from '../src/embed/lite/model';

// onnx-proto is CommonJS: its namespace arrives as the default export under Node's ESM loader.
const { onnx } = onnxProto;

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
/** Continuation pieces, so "campaigns" -> "campaign" "##s" when only the base form is listed. */
const SUFFIXES = ['##s', '##es', '##ed', '##d', '##ing', '##ly', '##er', '##ers', '##ies', '##ment', '##ments', '##ion', '##ions'];
const WORD = /[\p{L}\p{N}]+/gu;

function surfaceWords(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of loadTraining(dir).records) {
    for (const t of r.conversation) {
      for (const m of t.content.toLowerCase().matchAll(WORD)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    }
  }
  return counts;
}

function tensor(name: string, dataType: number, dims: number[], bytes: Uint8Array): OnnxTypes.ITensorProto {
  return { name, dataType, dims, rawData: bytes };
}

function f32(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

function main(): void {
  const flags = parseFlags(process.argv.slice(2));
  const litePath = resolve(typeof flags.lite === 'string' ? flags.lite : 'public/models/embed-lite.bin');
  const outDir = resolve(typeof flags.out === 'string' ? flags.out : 'e2e/fixtures/models/fixture-embed');
  const maxWords = Number(flags.words ?? 3000);
  // The committed file is gzip-compressed (as shipped); an older one is not.
  const file = new Uint8Array(readFileSync(litePath));
  const lite = new LiteEmbedModel(decodeEmbedLite(isGzip(file) ? new Uint8Array(gunzipSync(file)) : file).parts);
  const d = lite.dimension;

  // Surface words embed-lite knows (as written or by stem), most frequent first (ties alphabetical).
  const counts = surfaceWords(dataDir(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : undefined));
  const words = [...counts]
    .filter(([w]) => !STOPWORDS.has(w) && w.length > 1)
    .map(([w, c]) => ({ w, c, row: lite.rowOf(w) }))
    .filter((x): x is { w: string; c: number; row: number } => x.row !== undefined)
    .sort((a, b) => b.c - a.c || (a.w < b.w ? -1 : 1))
    .slice(0, maxWords);
  const vocab = [...SPECIAL, ...SUFFIXES, ...words.map((x) => x.w)];
  const v = vocab.length;

  // Embedding rows: SIF weight x word vector; specials, suffixes and [UNK] are zero rows.
  const table = new Float32Array(v * d);
  words.forEach((x, i) => {
    const r = SPECIAL.length + SUFFIXES.length + i;
    const k = lite.parts.weights[x.row] * lite.parts.vectors.scales[x.row];
    for (let j = 0; j < d; j++) table[r * d + j] = k * lite.parts.vectors.data[x.row * d + j];
  });
  const q = new Int8Array(v * d);
  const scales = new Float32Array(v);
  for (let r = 0; r < v; r++) {
    let max = 0;
    for (let j = 0; j < d; j++) max = Math.max(max, Math.abs(table[r * d + j]));
    scales[r] = max > 0 ? max / 127 : 1;
    for (let j = 0; j < d; j++) q[r * d + j] = Math.round(table[r * d + j] / scales[r]);
  }
  const p = new Float32Array(d * d);
  for (let i = 0; i < d; i++) p[i * d + i] = 1;

  const T = onnx.TensorProto.DataType;
  const graph: OnnxTypes.IGraphProto = {
    name: 'fixture-embed',
    initializer: [
      tensor('table_q', T.INT8, [v, d], new Uint8Array(q.buffer)),
      tensor('table_scale', T.FLOAT, [v], f32(scales)),
      tensor('table_zero', T.INT8, [v], new Uint8Array(v)),
      tensor('projection', T.FLOAT, [d, d], f32(p)),
      tensor('last_axis', T.INT64, [1], new Uint8Array(BigInt64Array.from([-1n]).buffer)),
    ],
    node: [
      { opType: 'DequantizeLinear', input: ['table_q', 'table_scale', 'table_zero'], output: ['table'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Gather', input: ['table', 'input_ids'], output: ['token_vectors'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'MatMul', input: ['token_vectors', 'projection'], output: ['projected'] },
      { opType: 'Unsqueeze', input: ['attention_mask', 'last_axis'], output: ['mask3'] },
      { opType: 'Cast', input: ['mask3'], output: ['mask_f'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }] },
      { opType: 'Mul', input: ['projected', 'mask_f'], output: ['last_hidden_state'] },
    ],
    input: [valueInfo('input_ids', T.INT64, ['batch_size', 'sequence_length']), valueInfo('attention_mask', T.INT64, ['batch_size', 'sequence_length'])],
    output: [valueInfo('last_hidden_state', T.FLOAT, ['batch_size', 'sequence_length', d])],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'memory-router make-fixture-model',
    producerVersion: '1',
    graph,
  });
  const bytes = onnx.ModelProto.encode(model).finish();

  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: d,
    vocab_size: v,
    max_position_embeddings: 512,
    pad_token_id: 0,
    'transformers.js_config': { dtype: 'fp32' },
    _comment: 'Test fixture generated by scripts/make-fixture-model.ts from embed-lite; not a neural model.',
  };
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((w, i) => [w, i])),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  };

  mkdirSync(resolve(outDir, 'onnx'), { recursive: true });
  writeFileSync(resolve(outDir, 'onnx/model.onnx'), bytes);
  writeFileSync(resolve(outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  writeFileSync(resolve(outDir, 'tokenizer.json'), JSON.stringify(tokenizer) + '\n');
  writeFileSync(resolve(outDir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2) + '\n');
  const total = bytes.length + JSON.stringify(tokenizer).length;
  console.log(`wrote ${outDir}: vocabulary ${v} (${words.length} words), dimension ${d}, model.onnx ${(bytes.length / 1024).toFixed(0)} KiB, about ${(total / 1024).toFixed(0)} KiB in all`);
}

main();
