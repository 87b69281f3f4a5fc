import type { ChartGroup } from './bench-results';

const COLORS = ['#2f5fd0', '#d08a2f', '#6a6a6a', '#2fa36b'];

/** Grouped bars for 0..1 values, plain SVG (no chart library), with values printed on the bars. */
export function BarChart({ groups, title, testId }: { groups: ChartGroup[]; title: string; testId?: string }) {
  const series = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.series)))];
  const barW = 26;
  const gap = 6;
  const groupW = series.length * (barW + gap) + 24;
  const h = 180;
  const top = 16;
  const bottom = 28;
  const left = 34;
  const width = left + groups.length * groupW + 8;
  const y = (v: number) => top + (1 - Math.max(0, Math.min(1, v))) * (h - top - bottom);
  return (
    <figure className="bar-chart" data-testid={testId}>
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${h}`} width="100%" style={{ maxWidth: `${width * 1.6}px` }}>
        <title>{title}</title>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={left} x2={width - 4} y1={y(t)} y2={y(t)} stroke="#ddd" />
            <text x={left - 4} y={y(t) + 3} fontSize="9" textAnchor="end" fill="#666">{Math.round(t * 100)}%</text>
          </g>
        ))}
        {groups.map((g, gi) => (
          <g key={g.label} transform={`translate(${left + gi * groupW + 12},0)`}>
            {g.bars.map((b) => {
              const si = series.indexOf(b.series);
              const x = si * (barW + gap);
              return (
                <g key={b.series}>
                  <rect x={x} y={y(b.value)} width={barW} height={y(0) - y(b.value)} fill={COLORS[si % COLORS.length]}>
                    <title>{`${b.series} · ${g.label}: ${(b.value * 100).toFixed(0)}%`}</title>
                  </rect>
                  <text x={x + barW / 2} y={y(b.value) - 2} fontSize="8" textAnchor="middle" fill="#222">{(b.value * 100).toFixed(0)}</text>
                </g>
              );
            })}
            <text x={(series.length * (barW + gap)) / 2} y={h - 10} fontSize="10" textAnchor="middle" fill="#222">{g.label}</text>
          </g>
        ))}
      </svg>
      <figcaption className="row" style={{ gap: '1rem' }}>
        {series.map((s, i) => (
          <span key={s} className="muted"><span aria-hidden="true" style={{ display: 'inline-block', width: 10, height: 10, background: COLORS[i % COLORS.length], marginRight: 4 }} />{s}</span>
        ))}
      </figcaption>
    </figure>
  );
}
