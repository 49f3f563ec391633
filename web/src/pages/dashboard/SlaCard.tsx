// The SLA status of the active findings as a ring: breached, due within 7 days, on track, without a due date.
import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import { useNavigate } from 'react-router-dom';
import { formatNumber, t } from '../../i18n';
import { CardBody, CHART_TEXT, ChartCard, ChartTooltip, LegendLinks, type CardState, type LegendItem } from './ChartCard';
import { ACTIVE_STATUSES, findingsHref } from './links';
import type { SlaCounts } from './types';
import { useMeasuredWidth } from './useMeasuredWidth';

const SLA_KEYS = ['breached', 'due_soon', 'on_track', 'none'] as const;
type SlaKey = (typeof SLA_KEYS)[number];

const SLA_FILL: Record<SlaKey, string> = {
  breached: '#b91c1c',
  due_soon: '#b45309',
  on_track: '#15803d',
  none: '#64748b',
};

/**
 * The list behind each slice, where the API can filter it: breached ones exactly; the ones due soon come first in
 * the active findings not breached sorted by due date (the API has no due-date range filter).
 */
function slaHref(key: SlaKey): string | undefined {
  if (key === 'breached') return findingsHref({ sla_breached: 'true', status: ACTIVE_STATUSES });
  if (key === 'due_soon') return findingsHref({ status: ACTIVE_STATUSES, sla_breached: 'false', sort: 'sla_due_at' });
  return undefined;
}

export function SlaCard({ state, sla }: { state: CardState; sla: SlaCounts | undefined }) {
  return (
    <ChartCard title={t('dashboard.sla.title')} description={t('dashboard.sla.description')}>
      <CardBody state={state} errorTitle={t('dashboard.summaryFailed')}>{sla && <SlaBody sla={sla} />}</CardBody>
    </ChartCard>
  );
}

function SlaBody({ sla }: { sla: SlaCounts }) {
  const [ref, width] = useMeasuredWidth<HTMLDivElement>();
  const navigate = useNavigate();
  const items: LegendItem[] = SLA_KEYS.map((key) => {
    const count = sla[key] ?? 0;
    const label = t(`dashboard.sla.${key}`);
    const href = slaHref(key);
    return {
      key,
      label,
      count,
      color: SLA_FILL[key],
      href,
      accessibleName: t(href ? `dashboard.sla.link.${key === 'breached' ? 'breached' : 'dueSoon'}` : 'dashboard.sla.count', {
        label,
        count,
      }),
    };
  });
  const active = SLA_KEYS.reduce((sum, key) => sum + (sla[key] ?? 0), 0);
  const data = items.filter((item) => item.count > 0).map((item) => ({ ...item, name: item.label, value: item.count }));
  return (
    <>
      <div ref={ref} aria-hidden="true" className={`relative w-full ${CHART_TEXT}`}>
        <PieChart width={width} height={200}>
          <Tooltip content={<ChartTooltip />} />
          <Pie
            data={data}
            dataKey="value"
            nameKey="name"
            innerRadius={55}
            outerRadius={85}
            paddingAngle={data.length > 1 ? 2 : 0}
            stroke="currentColor"
            strokeOpacity={0.4}
            isAnimationActive={false}
            rootTabIndex={-1}
            onClick={(entry: { href?: string }) => {
              if (entry.href) navigate(entry.href);
            }}
          >
            {data.map((d) => (
              <Cell key={d.key} fill={d.color} cursor={d.href ? 'pointer' : 'default'} />
            ))}
          </Pie>
          <text x={width / 2} y={100} textAnchor="middle" dominantBaseline="central" fill="currentColor" fontSize={20} fontWeight={600}>
            {formatNumber(active)}
          </text>
        </PieChart>
      </div>
      <LegendLinks label={t('dashboard.sla.legend')} items={items} />
      {sla.breached > 0 && (
        <p className="text-sm font-medium text-red-800 dark:text-red-300">{t('dashboard.sla.breachedNote', { count: sla.breached })}</p>
      )}
    </>
  );
}
