import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { formatDuration } from '../../ui/time';
import { EChart } from './EChart';
import { type Bucket, bucketLabel, minutes, type OpenByService, type Overview, severities } from './overview-api';
import { type ThemeColours, useThemeColours } from './theme-colours';

/** What every chart shares: theme colours for text, axes, legend and tooltip. */
function frame(c: ThemeColours): EChartsCoreOption {
  return {
    textStyle: { color: c.text, fontFamily: c.font },
    legend: { top: 0, textStyle: { color: c.text } },
    tooltip: { trigger: 'axis', backgroundColor: c.surface, borderColor: c.border, textStyle: { color: c.text } },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
  };
}

const axis = (c: ThemeColours) => ({ axisLabel: { color: c.muted }, axisLine: { lineStyle: { color: c.border } }, splitLine: { lineStyle: { color: c.border } } });

const title = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`;

const severityColour = (c: ThemeColours) => ({ critical: c.critical, error: c.error, warning: c.warning, info: c.info });

/** Open incidents per service, stacked by severity (one horizontal bar per service). */
export function OpenByServiceChart({ rows }: { rows: OpenByService[] }) {
  const c = useThemeColours();
  const option = useMemo<EChartsCoreOption>(() => {
    const names = rows.map((row) => row.service_name ?? 'Deleted service').reverse();
    return {
      ...frame(c),
      tooltip: { ...(frame(c)['tooltip'] as object), axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1, ...axis(c) },
      yAxis: { type: 'category', data: names, ...axis(c), axisLabel: { color: c.muted, width: 140, overflow: 'truncate' } },
      series: severities.map((severity) => ({
        name: title(severity),
        type: 'bar',
        stack: 'open',
        color: severityColour(c)[severity],
        data: [...rows].reverse().map((row) => row[severity]),
      })),
    };
  }, [rows, c]);
  const label = `Open incidents by service and severity: ${rows.map((row) => `${row.service_name ?? 'deleted service'} ${row.total}`).join(', ')}.`;
  return <EChart option={option} label={label} height={Math.max(160, rows.length * 34 + 70)} />;
}

/** Incidents opened per bucket, stacked by severity. */
export function VolumeChart({ buckets, unit, total }: { buckets: Bucket[]; unit: Overview['bucket']; total: number }) {
  const c = useThemeColours();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      ...frame(c),
      tooltip: { ...(frame(c)['tooltip'] as object), axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: buckets.map((b) => bucketLabel(b.start)), ...axis(c), splitLine: { show: false } },
      yAxis: { type: 'value', minInterval: 1, ...axis(c) },
      series: severities.map((severity) => ({
        name: title(severity),
        type: 'bar',
        stack: 'volume',
        color: severityColour(c)[severity],
        data: buckets.map((b) => b.by_severity[severity]),
      })),
    }),
    [buckets, c],
  );
  const busiest = buckets.reduce<Bucket | undefined>((best, b) => (!best || b.incidents > best.incidents ? b : best), undefined);
  const label = `Incidents opened per ${unit}, by severity: ${total} in total${busiest && busiest.incidents > 0 ? `, most in the ${unit} of ${bucketLabel(busiest.start)} (${busiest.incidents})` : ''}.`;
  return <EChart option={option} label={label} />;
}

/** Mean time to acknowledge and to resolve per bucket, in minutes; buckets without any are gaps. */
export function ResponseTimesChart({ buckets, unit, totals }: { buckets: Bucket[]; unit: Overview['bucket']; totals: Overview['totals'] }) {
  const c = useThemeColours();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      ...frame(c),
      tooltip: { ...(frame(c)['tooltip'] as object), valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value} min` : '—') },
      xAxis: { type: 'category', data: buckets.map((b) => bucketLabel(b.start)), ...axis(c), splitLine: { show: false } },
      yAxis: { type: 'value', name: 'minutes', nameTextStyle: { color: c.muted }, ...axis(c) },
      series: [
        { name: 'MTTA', type: 'line', color: c.accent, showSymbol: true, data: buckets.map((b) => minutes(b.mtta_seconds)) },
        { name: 'MTTR', type: 'line', color: c.warn, showSymbol: true, data: buckets.map((b) => minutes(b.mttr_seconds)) },
      ],
    }),
    [buckets, c],
  );
  const mean = (seconds: number | null) => (seconds === null ? 'none yet' : formatDuration(seconds));
  const label = `Mean time to acknowledge and to resolve per ${unit}, in minutes. Over the range: MTTA ${mean(totals.mtta_seconds)}, MTTR ${mean(totals.mttr_seconds)}.`;
  return <EChart option={option} label={label} />;
}
