// A bar per category (severity, status, grade), coloured, with its count on top. Decorative for assistive
// technology: the LegendLinks beside it carry the same data and the links.
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { useNavigate } from 'react-router-dom';
import { AXIS_TICK, CHART_TEXT, ChartTooltip, type LegendItem } from './ChartCard';
import { useMeasuredWidth } from './useMeasuredWidth';

export interface CategoryBarChartProps {
  items: readonly LegendItem[];
  /** What a bar counts, for the tooltip ("Findings", "Targets"). */
  valueName: string;
  height?: number;
}

export function CategoryBarChart({ items, valueName, height = 200 }: CategoryBarChartProps) {
  const [ref, width] = useMeasuredWidth<HTMLDivElement>();
  const navigate = useNavigate();
  // The bar colour is not called `color`: Recharts copies the entry's SVG attributes onto its count label, where a
  // `color` attribute would make the label's `currentColor` the bar colour (unreadable on the dark theme's card).
  const data = items.map((item) => ({ key: item.key, name: item.label, count: item.count, barColor: item.color, href: item.href }));
  // Each category label may use its bar's band (plot width: the chart less the 44 px of the Y axis and the right
  // margin): longer labels wrap onto a second line instead of running into their neighbours ("Accepted risk").
  const band = data.length > 0 ? Math.max(32, (width - 52) / data.length - 4) : 0;
  return (
    <div ref={ref} aria-hidden="true" className={`w-full ${CHART_TEXT}`}>
      <BarChart width={width} height={height} data={data} margin={{ top: 20, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="name" tick={{ ...AXIS_TICK, width: band }} height={36} tickLine={false} axisLine={{ stroke: 'currentColor', strokeOpacity: 0.3 }} interval={0} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} />
        <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} content={<ChartTooltip />} />
        <Bar
          dataKey="count"
          name={valueName}
          stroke="currentColor"
          strokeOpacity={0.6}
          radius={[3, 3, 0, 0]}
          isAnimationActive={false}
          onClick={(entry: { href?: string }) => {
            if (entry.href) navigate(entry.href);
          }}
        >
          {data.map((d) => (
            <Cell key={d.key} fill={d.barColor} cursor={d.href ? 'pointer' : 'default'} />
          ))}
          <LabelList dataKey="count" position="top" fill="currentColor" fontSize={12} />
        </Bar>
      </BarChart>
    </div>
  );
}
