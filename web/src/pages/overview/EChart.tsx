import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use as registerEcharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

registerEcharts([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/** No animation for people who ask for less motion, nor under automation (stable screenshots). */
function animate(): boolean {
  return !navigator.webdriver && !matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * One ECharts chart drawn as SVG, resized with its box. The drawing is an image to assistive technology,
 * described by `label`; the numbers themselves are also given as a table next to it.
 */
export function EChart({ option, label, height = 280 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init>>(undefined);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ animation: animate(), ...option }, { notMerge: true });
  }, [option]);
  return <div ref={box} className="ov-chart" style={{ height }} role="img" aria-label={label} />;
}
