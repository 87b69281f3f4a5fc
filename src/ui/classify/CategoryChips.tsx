import { categoryInfo, type CategoryName } from '../../core/taxonomy';

/** Categories as chips: label, scope, persistence horizon and (where the engine has one) score. */
export function CategoryChips({ categories, scores, testId }: {
  categories: readonly CategoryName[];
  scores?: Partial<Record<CategoryName, number>>;
  testId?: string;
}) {
  return (
    <ul className="chips" data-testid={testId} aria-label="Categories">
      {categories.map((c) => {
        const info = categoryInfo(c);
        const score = scores?.[c];
        return (
          <li key={c} className={`chip chip-${info.scope}`} data-category={c} title={info.description}>
            {info.scope !== 'none' && <span className="chip-scope">{info.scope}</span>}
            <span className="chip-label">{info.label}</span>
            <span className="chip-meta">{info.horizonLabel}</span>
            {score !== undefined && <span className="chip-meta" aria-label={`score ${score.toFixed(2)}`}>{score.toFixed(2)}</span>}
          </li>
        );
      })}
    </ul>
  );
}
