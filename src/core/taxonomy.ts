/**
 * The memory taxonomy as data. Everything that varies by category (scope, horizon, expiry,
 * description) lives here so that prompt, metrics, UI and memory layer never branch on names.
 */

export type Scope = 'company' | 'user' | 'none';
/** Persistence horizons of the published recipe. `short` covers both <3 months and <2 weeks. */
export type Horizon = 'long' | 'medium' | 'rolling' | 'short' | 'evolving';

export interface CategoryInfo {
  readonly name: CategoryName;
  readonly scope: Scope;
  readonly horizon: Horizon;
  /** Human-readable horizon as in the published prompt, e.g. "Long >1y". */
  readonly horizonLabel: string;
  readonly description: string;
  /** Days until a memory of this category expires; null = never expires; 0 = not stored at all. */
  readonly ttlDays: number | null;
  /** Days after which a memory should be shown to its owner for review (evolving categories). */
  readonly reviewAfterDays?: number;
  readonly label: string;
}

export const CATEGORY_NAMES = [
  'company.brand_core',
  'company.strategic_signatures',
  'company.knowledge_artifacts',
  'company.business_priorities',
  'company.tools_config',
  'company.performance_context',
  'user.communication_style',
  'user.strategic_approach',
  'user.role_context',
  'user.workflow_patterns',
  'user.session_history',
  'user.interaction_preferences',
  'none',
] as const;

export type CategoryName = (typeof CATEGORY_NAMES)[number];
/** The 12 storable categories (everything but `none`). */
export type MemoryCategory = Exclude<CategoryName, 'none'>;

export const TAXONOMY: readonly CategoryInfo[] = [
  { name: 'company.brand_core', label: 'Brand core', scope: 'company', horizon: 'long', horizonLabel: 'Long >1y', ttlDays: null,
    description: 'Voice, values, positioning, identity anchors' },
  { name: 'company.strategic_signatures', label: 'Strategic signatures', scope: 'company', horizon: 'long', horizonLabel: 'Long >1y', ttlDays: null,
    description: 'Decision frameworks, strategic heuristics' },
  { name: 'company.knowledge_artifacts', label: 'Knowledge artifacts', scope: 'company', horizon: 'long', horizonLabel: 'Long >1y', ttlDays: null,
    description: 'Docs, style guides, playbooks' },
  { name: 'company.business_priorities', label: 'Business priorities', scope: 'company', horizon: 'short', horizonLabel: 'Short <3m', ttlDays: 90,
    description: 'Quarterly/seasonal goals, active campaigns' },
  { name: 'company.tools_config', label: 'Tools & config', scope: 'company', horizon: 'medium', horizonLabel: 'Medium ~6m', ttlDays: 182,
    description: 'Integrations, API keys, workflow settings' },
  { name: 'company.performance_context', label: 'Performance context', scope: 'company', horizon: 'rolling', horizonLabel: 'Rolling ~6m', ttlDays: 182,
    description: 'Campaign metrics, retrospectives, learnings' },
  { name: 'user.communication_style', label: 'Communication style', scope: 'user', horizon: 'long', horizonLabel: 'Long >1y', ttlDays: null,
    description: 'Tone, verbosity, format expectations' },
  { name: 'user.strategic_approach', label: 'Strategic approach', scope: 'user', horizon: 'long', horizonLabel: 'Long >1y', ttlDays: null,
    description: 'Personal priorities, success definitions' },
  { name: 'user.role_context', label: 'Role context', scope: 'user', horizon: 'medium', horizonLabel: 'Medium ~1y', ttlDays: 365,
    description: 'Title, scope, decision authority' },
  { name: 'user.workflow_patterns', label: 'Workflow patterns', scope: 'user', horizon: 'medium', horizonLabel: 'Medium ~1y', ttlDays: 365,
    description: 'Review cadence, collaboration norms' },
  { name: 'user.session_history', label: 'Session history', scope: 'user', horizon: 'short', horizonLabel: 'Short <2w', ttlDays: 14,
    description: 'Immediate context, recent asks' },
  { name: 'user.interaction_preferences', label: 'Interaction preferences', scope: 'user', horizon: 'evolving', horizonLabel: 'Evolving', ttlDays: null, reviewAfterDays: 90,
    description: 'Coaching style, feedback expectations' },
  { name: 'none', label: 'None', scope: 'none', horizon: 'short', horizonLabel: 'Not stored', ttlDays: 0,
    description: 'Irrelevant, vague, or transactional content' },
];

const BY_NAME: ReadonlyMap<string, CategoryInfo> = new Map(TAXONOMY.map((c) => [c.name, c]));

export const MEMORY_CATEGORIES = CATEGORY_NAMES.filter((c): c is MemoryCategory => c !== 'none');

export function isCategoryName(value: unknown): value is CategoryName {
  return typeof value === 'string' && BY_NAME.has(value);
}

export function categoryInfo(name: CategoryName): CategoryInfo {
  const info = BY_NAME.get(name);
  if (!info) throw new Error(`Unknown category "${name}"`);
  return info;
}

/** Index of a category in CATEGORY_NAMES: the column order of every score vector. */
export function categoryIndex(name: CategoryName): number {
  return CATEGORY_NAMES.indexOf(name);
}

export type SetScope = 'company' | 'user' | 'mixed' | 'none';

/** Scope of a set of categories: company, user, mixed (both) or none. */
export function scopeOf(categories: Iterable<string>): SetScope {
  let company = false;
  let user = false;
  for (const c of categories) {
    const s = BY_NAME.get(c)?.scope;
    if (s === 'company') company = true;
    else if (s === 'user') user = true;
  }
  if (company && user) return 'mixed';
  if (company) return 'company';
  if (user) return 'user';
  return 'none';
}

/** The storable categories of an answer: what makes a conversation worth saving at all. */
export function storableCategories(categories: readonly string[]): MemoryCategory[] {
  return categories.filter((c): c is MemoryCategory => c !== 'none' && BY_NAME.has(c));
}
