// Findings opened (first seen) and fixed per week, oldest first, with a period selector. A visually hidden table is
// the chart's text alternative; the links under it open the lists behind the totals.
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'react-router-dom';
import { SelectField } from '../../components/SelectField';
import { formatDate, formatNumber, t } from '../../i18n';
import { AXIS_TICK, CardBody, CHART_TEXT, ChartCard, ChartTooltip, LineSwatch, type CardState } from './ChartCard';
import { findingsHref, utcDayStart } from './links';
import { WEEK_CHOICES, type SummaryWeek } from './types';
import { useMeasuredWidth } from './useMeasuredWidth';

const OPENED_STROKE = '#c2410c';
const FIXED_STROKE = '#15803d';

function weekLabel(start: string): string {
  return formatDate(`${start}T00:00:00Z`, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export interface TrendCardProps {
  state: CardState;
  weeks: number;
  series: SummaryWeek[] | undefined;
  onWeeksChange: (weeks: number) => void;
}

export function TrendCard({ state, weeks, series, onWeeksChange }: TrendCardProps) {
  const options = WEEK_CHOICES.map((n) => ({ value: String(n), label: t('dashboard.trend.weeks', { count: n }) }));
  return (
    <ChartCard
      title={t('dashboard.trend.title')}
      description={t('dashboard.trend.description')}
      actions={
        <div className="w-40">
          <SelectField label={t('dashboard.trend.period')} value={String(weeks)} options={options} onChange={(v) => onWeeksChange(Number(v))} />
        </div>
      }
    >
      <CardBody state={state} errorTitle={t('dashboard.summaryFailed')}>{series && <TrendBody series={series} />}</CardBody>
    </ChartCard>
  );
}

function TrendBody({ series }: { series: SummaryWeek[] }) {
  const [ref, width] = useMeasuredWidth<HTMLDivElement>();
  const opened = series.reduce((sum, w) => sum + w.opened, 0);
  const fixed = series.reduce((sum, w) => sum + w.fixed, 0);
  const first = series[0];
  const data = series.map((w) => ({ ...w, label: weekLabel(w.start) }));
  const openedName = t('dashboard.trend.opened');
  const fixedName = t('dashboard.trend.fixed');
  return (
    <>
      <div ref={ref} aria-hidden="true" className={`w-full ${CHART_TEXT}`}>
        <LineChart width={width} height={220} data={data} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: 'currentColor', strokeOpacity: 0.3 }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <Tooltip content={<ChartTooltip />} />
          <Line type="monotone" dataKey="opened" name={openedName} stroke={OPENED_STROKE} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
          <Line
            type="monotone"
            dataKey="fixed"
            name={fixedName}
            stroke={FIXED_STROKE}
            strokeWidth={2}
            strokeDasharray="5 3"
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
        </LineChart>
      </div>
      <table className="sr-only">
        <caption>{t('dashboard.trend.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.trend.weekOf')}</th>
            <th scope="col">{openedName}</th>
            <th scope="col">{fixedName}</th>
          </tr>
        </thead>
        <tbody>
          {series.map((w) => (
            <tr key={w.start}>
              <th scope="row">{weekLabel(w.start)}</th>
              <td>{formatNumber(w.opened)}</td>
              <td>{formatNumber(w.fixed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <li>
          <Link
            to={findingsHref(first ? { first_seen_from: utcDayStart(first.start) } : {})}
            className="inline-flex items-center gap-2 font-medium text-brand-700 underline dark:text-brand-100"
          >
            <LineSwatch color={OPENED_STROKE} />
            {t('dashboard.trend.openedTotal', { count: opened })}
          </Link>
        </li>
        <li>
          <Link
            to={findingsHref({ status: 'fixed' })}
            className="inline-flex items-center gap-2 font-medium text-brand-700 underline dark:text-brand-100"
          >
            <LineSwatch color={FIXED_STROKE} dashed />
            {t('dashboard.trend.fixedTotal', { count: fixed })}
          </Link>
        </li>
      </ul>
    </>
  );
}
