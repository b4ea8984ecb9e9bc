import { useEffect, useRef, useState } from "react";
import type { ChartOption, echarts } from "./echarts";

export interface ChartProps {
  readonly option: ChartOption;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  readonly label: string;
  readonly height?: number;
  /** Called with the clicked data item (e.g. to open a trial). */
  readonly onPick?: (data: unknown) => void;
}

/**
 * One ECharts instance on a canvas, created once and updated in place when `option` changes. ECharts
 * is loaded on the first chart shown (its own chunk, about three quarters of the bundle), so the
 * studies list and a study's leaderboard are usable before it arrives.
 */
export function Chart({ option, label, height = 360, onPick }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ReturnType<typeof echarts.init>>();
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const div = element.current;
    if (!div) return;
    let instance: ReturnType<typeof echarts.init> | undefined;
    let resize: ResizeObserver | undefined;
    let gone = false;
    void import("./echarts").then(({ echarts }) => {
      if (gone) return;
      instance = echarts.init(div, null, { renderer: "canvas" });
      instance.on("click", (params) => pick.current?.(params.data));
      resize = new ResizeObserver(() => instance?.resize());
      resize.observe(div);
      setChart(instance);
    });
    return () => {
      gone = true;
      resize?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    chart?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [chart, option]);

  return <div ref={element} role="img" aria-label={label} aria-busy={!chart} className="chart" style={{ height }} />;
}
