/**
 * The benchmarks' memory generator: seeded, so every run (Node bench:memory, the in-browser
 * bench:app, the e2e 10k guard) stores the same memories. Texts are built from per-category
 * templates with real words (so BM25 and embed-lite see marketing vocabulary, not tokens like
 * "w123"), in every one of the 12 storable categories, with lengths spread like the hand-written
 * memories of data/retrieval-dev (about 40 to 230 characters, median near 100): a template's
 * optional clauses are added with fixed probabilities.
 */
import { fnv1a, mulberry32 } from '../../src/core/util/random';
import { MEMORY_CATEGORIES, type MemoryCategory } from '../../src/core/taxonomy';
import type { Embedder } from '../../src/core/contracts';
import { buildExport, type MemoryExport } from '../../src/memory/export-import';
import { contentHash, normalizeMemoryText } from '../../src/memory/hash';
import { historyEntry, makeMemoryRecord } from '../../src/memory/records';
import type { MemoryRecord } from '../../src/memory/db';

type Rand = () => number;

const POOLS: Record<string, readonly string[]> = {
  tool: ['HubSpot', 'Salesforce', 'Mailchimp', 'Looker', 'Google Analytics', 'Notion', 'Asana', 'Figma', 'Canva', 'Segment', 'Klaviyo', 'Hootsuite', 'Semrush', 'Airtable', 'Zapier', 'Slack', 'Jira', 'Webflow', 'Marketo', 'Braze'],
  channel: ['LinkedIn', 'the newsletter', 'paid search', 'paid social', 'Instagram', 'TikTok', 'YouTube', 'the blog', 'webinars', 'podcast ads', 'partner emails', 'events', 'retargeting', 'organic search', 'display ads'],
  metric: ['open rate', 'click-through rate', 'conversion rate', 'cost per lead', 'CAC payback', 'ROAS', 'churn', 'pipeline', 'demo requests', 'trial signups', 'unsubscribe rate', 'bounce rate', 'average order value', 'retention'],
  tone: ['warm', 'plain-spoken', 'confident', 'playful', 'precise', 'friendly', 'dry', 'calm', 'direct', 'optimistic', 'curious', 'respectful'],
  audience: ['finance teams', 'IT managers', 'small retailers', 'nurses', 'parents', 'students', 'founders', 'HR leads', 'cyclists', 'pet owners', 'museum members', 'enterprise buyers'],
  product: ['the spend platform', 'the starter plan', 'the mobile app', 'the analytics add-on', 'the annual bundle', 'the new cold brew', 'the e-bike range', 'the skincare kit', 'the pet insurance plan', 'the membership card'],
  quarter: ['Q1', 'Q2', 'Q3', 'Q4'],
  month: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  role: ['content lead', 'head of marketing', 'growth manager', 'brand director', 'demand generation manager', 'social media manager', 'product marketer', 'CMO', 'lifecycle marketer', 'events manager'],
  team: ['sales', 'design', 'product', 'customer success', 'finance', 'legal', 'the agency', 'the founders', 'engineering', 'support'],
  doc: ['brand book', 'messaging framework', 'persona deck', 'style guide', 'launch checklist', 'competitor matrix', 'pricing one-pager', 'case study library', 'editorial calendar', 'campaign brief template'],
  format: ['bullet points', 'a short table', 'one paragraph', 'numbered steps', 'a summary first', 'plain prose'],
  topic: ['the spring launch', 'the pricing page', 'the webinar series', 'the rebrand', 'the holiday campaign', 'the referral program', 'the partner program', 'onboarding emails', 'the trade show', 'the loyalty scheme'],
  value: ['clarity', 'honesty', 'craft', 'sustainability', 'speed', 'care', 'independence', 'curiosity', 'fairness'],
  verb: ['prefer', 'like', 'want', 'need', 'ask for'],
};

/** {pool} is filled from POOLS, {n} with a number, [ ... ] is an optional clause (kept with p = 0.55). */
const TEMPLATES: Record<MemoryCategory, readonly string[]> = {
  'company.brand_core': [
    'Our brand voice is {tone} and {tone}[, never salesy or full of jargon][; we write for {audience} who are short on time].',
    'We never call {product} cheap[; we say it is fair value][ and we avoid superlatives in headlines].',
    'Brand values: {value}, {value} and {value}[, in that order when they conflict].',
    'The tagline stays "Made for {audience}"[ in every market][ until the rebrand is signed off].',
  ],
  'company.strategic_signatures': [
    'We never discount more than {n}% on annual contracts[, whatever the deal size].',
    'Every new channel gets a {n}-day test with a capped budget before we scale it[; {channel} passed, {channel} did not].',
    'We cut any paid channel whose {metric} runs past target for two quarters[, even if {team} objects].',
    'We launch to existing customers first and only then to {audience}[, because referrals carry the launch].',
  ],
  'company.knowledge_artifacts': [
    'The {doc} lives in {tool}[ and {team} owns it][; the old version in {tool} is out of date].',
    'Use the {doc} for every brief[, the one updated in {month}].',
    'Case studies for {audience} are in the {doc}[, with quotes approved by {team}].',
    'Our {doc} lists {n} competitors[ with pricing as of {month}][; ask {team} before quoting it].',
  ],
  'company.business_priorities': [
    'The {quarter} priority is {topic}[ with a budget of ${n}k][; {topic} waits until {quarter}].',
    'This quarter we want {n} more demo requests from {audience}[ through {channel}].',
    'Launch of {product} is planned for {month}[, and {team} needs the copy two weeks before].',
    '{quarter} budget for {channel} is ${n}k[, moved from {channel}][ after the {month} review].',
  ],
  'company.tools_config': [
    'We use {tool} as our CRM and {tool} for dashboards[; {tool} was dropped in {month}].',
    'Email goes out through {tool}[, with the {tool} integration for lead scoring].',
    'UTM tags follow the {doc}[ and every link is shortened in {tool}].',
    'The {tool} workspace is shared with {team}[, but only admins can publish].',
  ],
  'company.performance_context': [
    'Our {metric} on {channel} was {n}% last quarter[, up from {n}% the quarter before].',
    '{channel} brings the cheapest leads[ but the lowest {metric}][; {channel} converts better].',
    'The {topic} email had a {n}% {metric}[, our best this year].',
    'Benchmark for {metric} in our market is about {n}%[ according to the {doc}].',
  ],
  'user.communication_style': [
    'Please keep answers short, in {format}[, with the recommendation first].',
    'I {verb} {format} and a {tone} tone[; no emoji][, and no exclamation marks].',
    'Write to me in plain English[, like a {role} would][; skip the preamble].',
    'When you draft emails for me, keep them under {n} words[ and sign off with my first name].',
  ],
  'user.strategic_approach': [
    'I test small before I scale[: one channel, {n} days, a fixed budget].',
    'I judge campaigns on {metric} more than on reach[, and I want the numbers before opinions].',
    'I would rather have one strong channel than five weak ones[; right now that is {channel}].',
    'I plan from the customer problem backwards[, starting with what {audience} search for].',
  ],
  'user.role_context': [
    'I am the {role} at a company that sells to {audience}[ and I report to the {role}].',
    'I manage a team of {n}[ covering {channel} and {channel}].',
    'I was promoted to {role} in {month}[; before that I ran {channel}].',
    'My job is mostly {topic} this year[, shared with the {role}].',
  ],
  'user.workflow_patterns': [
    'I review the weekly numbers every {day} morning[ in {tool}][ before the team call].',
    'I draft in {tool} and move final copy to {tool}[ for approval by {team}].',
    'Every campaign starts with the {doc}[ and a kickoff with {team}].',
    'I batch social posts on {day}s[ and schedule them in {tool}].',
  ],
  'user.session_history': [
    'Yesterday we drafted three subject lines for {topic}[; I picked the second one].',
    'Earlier today you helped me outline the {doc}[ for {audience}].',
    'On the last call we agreed to pause {channel}[ until the {metric} recovers].',
    'We were comparing {tool} and {tool} for {topic}[, and I still have to ask {team}].',
  ],
  'user.interaction_preferences': [
    'Challenge my ideas when the data disagrees[, even if I sound sure].',
    'Ask me one question at a time[ when a brief is unclear].',
    'Give me two options and your pick[, not a long list].',
    'Coach me on {metric}[; explain the maths behind your suggestions].',
  ],
};

function pick<T>(rand: Rand, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function fill(template: string, rand: Rand): string {
  const withClauses = template.replace(/\[([^\]]*)\]/g, (_, clause: string) => (rand() < 0.55 ? clause : ''));
  return withClauses.replace(/\{(\w+)\}/g, (_, slot: string) => (slot === 'n' ? String(2 + Math.floor(rand() * 97)) : pick(rand, POOLS[slot])));
}

export interface BenchMemory {
  text: string;
  category: MemoryCategory;
  userId: string;
}

/** Context a person adds to a note: who agreed, for what, since when. */
const ASIDES: readonly string[] = [
  'Agreed with {team} in {month}.', 'This applies to {topic} too.', 'Confirmed again on the {month} call.',
  'Source: the {doc}.', 'Until {quarter} at least.', 'Mostly relevant for {audience}.',
];

/** The store's exact-duplicate key of a generated text (its content hash normalises the same way). */
const sameTextKey = (m: BenchMemory) => `${m.userId}\u0000${m.category}\u0000${normalizeMemoryText(m.text)}`;

/**
 * `n` memories, categories in turn (all 12 equally often), two users. One in three memories has a
 * second sentence of the same category and one in four an aside, so lengths spread like written
 * notes; a serial number on one text in five varies them further. Every text is unique within its
 * user and category: the store keeps one memory per text there (imports merge by content hash),
 * so a text drawn again gets its serial number too, and n generated memories are n stored ones.
 */
export function generateMemories(n: number, seed = 1, users: readonly string[] = ['default', 'ann']): BenchMemory[] {
  const rand = mulberry32(seed);
  const out: BenchMemory[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const category = MEMORY_CATEGORIES[i % MEMORY_CATEGORIES.length];
    let text = fill(pick(rand, TEMPLATES[category]), rand);
    if (rand() < 0.33) text = `${text} ${fill(pick(rand, TEMPLATES[category]), rand)}`;
    if (rand() < 0.25) text = `${text} ${fill(pick(rand, ASIDES), rand)}`;
    if (rand() < 0.2) text = `${text} (ref ${i})`;
    const memory = { text, category, userId: users[i % users.length] };
    // A serial number is unique, so the second key is never taken (and draws no random number:
    // every other text stays as the seed made it).
    if (seen.has(sameTextKey(memory))) memory.text = `${text} (ref ${i})`;
    seen.add(sameTextKey(memory));
    out.push(memory);
  }
  return out;
}

const QUERY_STOPWORDS = new Set(['the', 'and', 'for', 'with', 'our', 'that', 'this', 'when', 'then', 'than', 'from', 'before', 'after', 'every', 'never', 'only', 'about', 'more', 'less', 'until', 'like', 'would', 'what', 'who', 'one', 'two']);

/** Search queries as a person types them: two to four content words taken from one stored memory. */
export function generateQueries(memories: readonly BenchMemory[], count: number, seed = 7): string[] {
  const rand = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const words = pick(rand, memories).text.replace(/[^\p{L}\p{N}\s$%-]/gu, ' ').split(/\s+/)
      .filter((w) => w.length > 2 && !QUERY_STOPWORDS.has(w.toLowerCase()) && !/^\d+$/.test(w));
    const len = Math.min(words.length, 2 + Math.floor(rand() * 3));
    const start = Math.floor(rand() * Math.max(1, words.length - len));
    out.push(words.slice(start, start + len).join(' ') || 'brand voice');
  }
  return out;
}

export interface BenchRecordsOptions {
  seed?: number;
  /** Embeds every text with it (the file then carries vectors of this embedder's id); none: no vectors. */
  embedder?: Embedder | null;
  /** Vectors for texts without an embedder (random unit vectors of this id and dimension): Node latency benches. */
  randomVectors?: { id: string; dimension: number } | null;
  now?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A unit vector drawn from `rand` (Gaussian directions are uniform on the sphere). */
export function randomUnitVector(rand: Rand, dim: number): Float32Array {
  const v = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const r = Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * rand();
    v[i] = r * Math.cos(a);
    if (i + 1 < dim) v[i + 1] = r * Math.sin(a);
  }
  for (let i = 0; i < dim; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dim; i++) v[i] /= norm;
  return v;
}

/** Memory rows as the store writes them (hash, horizon, ids derived from the index: stable across runs). */
export async function benchRecords(memories: readonly BenchMemory[], opts: BenchRecordsOptions = {}): Promise<MemoryRecord[]> {
  const now = opts.now ?? Date.now();
  const seed = opts.seed ?? 1;
  const out: MemoryRecord[] = [];
  const BATCH = 512;
  for (let i = 0; i < memories.length; i += BATCH) {
    const chunk = memories.slice(i, i + BATCH);
    const vectors = opts.embedder ? await opts.embedder.embed(chunk.map((m) => m.text)) : null;
    for (let j = 0; j < chunk.length; j++) {
      const k = i + j;
      const m = chunk[j];
      const random = opts.randomVectors;
      const vector = vectors
        ? { data: vectors[j], model: opts.embedder!.id }
        : random ? { data: randomUnitVector(mulberry32(fnv1a(m.text, seed + k)), random.dimension), model: random.id } : null;
      out.push(makeMemoryRecord({
        id: `00000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`,
        text: m.text, category: m.category, userId: m.userId, hash: await contentHash(m.text), vector,
      }, now - (memories.length - k) * 1000));
    }
    opts.onProgress?.(Math.min(memories.length, i + BATCH), memories.length);
  }
  return out;
}

/**
 * An export file of `n` generated memories with the ADD history entry each would have (no
 * conversations), as the app's Export writes it.
 */
export async function benchExport(n: number, opts: BenchRecordsOptions = {}): Promise<MemoryExport> {
  const records = await benchRecords(generateMemories(n, opts.seed ?? 1), opts);
  const history = records.map((m, i) => ({
    ...historyEntry(m, 'ADD', null, m, 'add', m.createdAt),
    id: `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`,
  }));
  return buildExport({ memories: records, history, conversations: [] }, new Date(opts.now ?? Date.now()));
}
