// ECharts, tree-shaken: only the chart types and components the pages draw, on the canvas renderer
// (a 10,000-point scatter draws in one pass; SVG would make 10,000 DOM nodes). Namespace imports keep
// each part named once; the bundler still drops every member not read here.
import * as charts from "echarts/charts";
import * as components from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  charts.BarChart,
  charts.LineChart,
  charts.ParallelChart,
  charts.ScatterChart,
  components.DataZoomComponent,
  components.GridComponent,
  components.LegendComponent,
  components.MarkLineComponent,
  components.ParallelComponent,
  components.TooltipComponent,
  components.VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;
