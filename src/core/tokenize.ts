/**
 * Tokenizer shared by keyword search (BM25) and embed-lite: lower-cased Unicode words, English
 * stopwords removed, a light suffix stemmer so "campaigns" meets "campaign" and "launched" meets
 * "launch". Deliberately conservative: over-stemming merges unrelated marketing terms.
 */

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her ' +
    'here hers him his how i if in into is it its itself just me my myself no nor not of off on once only or ' +
    'other our ours ourselves out over own same she should so some such than that the their theirs them ' +
    'themselves then there these they this those through to too under until up very was we were what when ' +
    'where which while who whom why will with would you your yours yourself yourselves am s t d ll m re ve ' +
    'about above after again against all any because before below between both down during each few more ' +
    'most further let us also ' +
    // contractions, written with a straight apostrophe (the tokenizer folds ’ to ')
    "i'm i'll i've i'd we're we'll we've we'd you're you'll you've you'd they're they'll they've they'd " +
    "it's it'll that's there's here's what's who's let's he's she's don't doesn't didn't can't won't isn't " +
    "aren't wasn't weren't haven't hasn't hadn't shouldn't wouldn't couldn't"
  ).split(' '),
);

/**
 * Words already stemmed. A store's vocabulary is small next to its word count (100k memories of
 * ~15 words use a few thousand distinct words), so indexing a large store mostly hits this cache.
 * Bounded: cleared when full, which costs only recomputation.
 */
const STEMS = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

/** Light stemmer: plural and common verb/adverb endings, only when a stem of 3+ letters remains. */
export function stem(word: string): string {
  let s = STEMS.get(word);
  if (s === undefined) {
    if (STEMS.size >= STEM_CACHE_LIMIT) STEMS.clear();
    s = stemUncached(word);
    STEMS.set(word, s);
  }
  return s;
}

function stemUncached(word: string): string {
  const w = word.replace(/['’]s$/, '');
  if (w.length <= 3 || /\p{N}/u.test(w)) return w;
  return dropFinalE(stripSuffix(w));
}

function stripSuffix(w: string): string {
  const n = w.length;
  if (w.endsWith('ies') && n > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('ing') && n > 5) return undouble(w.slice(0, -3));
  if (w.endsWith('ed') && n > 4 && !w.endsWith('eed')) return undouble(w.slice(0, -2));
  if (w.endsWith('ly') && n > 5) return w.slice(0, -2);
  if (w.endsWith('es') && n > 4 && /(ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** "share", "shared", "sharing" all become "shar": a silent final e is dropped after stripping. */
function dropFinalE(s: string): string {
  return s.length > 3 && s.endsWith('e') && !s.endsWith('ee') ? s.slice(0, -1) : s;
}

/** "planned" -> "plann" -> "plan"; keeps "ll"/"ss" (e.g. "sell", "access") intact. */
function undouble(s: string): string {
  const n = s.length;
  if (n >= 4 && s[n - 1] === s[n - 2] && !/[lsz]/.test(s[n - 1])) return s.slice(0, -1);
  return s;
}

export interface TokenizeOptions {
  /** Drop stopwords (default true). */
  stopwords?: boolean;
  /** Apply the light stemmer (default true). */
  stem?: boolean;
}

export function tokenize(text: string, opts: TokenizeOptions = {}): string[] {
  const dropStop = opts.stopwords !== false;
  const doStem = opts.stem !== false;
  const out: string[] = [];
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) {
    const word = m[0].includes('’') ? m[0].replace(/’/g, "'") : m[0];
    if (dropStop && STOPWORDS.has(word)) continue;
    const t = doStem ? stem(word) : word;
    if (dropStop && STOPWORDS.has(t)) continue;
    out.push(t);
  }
  return out;
}
