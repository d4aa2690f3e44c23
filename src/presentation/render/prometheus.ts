// The Prometheus text exposition format (version 0.0.4), as node_exporter's textfile collector
// reads it from a *.prom file: per metric family one HELP and one TYPE line, then its samples;
// label values escaped (backslash, double quote, line feed), HELP text too (backslash, line
// feed); no timestamps (the collector stamps the scrape); every line ends with a line feed.
export type MetricType = 'gauge' | 'counter' | 'untyped';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  /** [a-zA-Z_:][a-zA-Z0-9_:]* */
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const escapeLabelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function sampleLine(name: string, s: Sample): string {
  const labels = Object.entries(s.labels).map(([k, v]) => {
    if (!LABEL_NAME.test(k) || k.startsWith('__')) throw new Error(`not a Prometheus label name: ${k}`);
    return `${k}="${escapeLabelValue(v)}"`;
  });
  return `${name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${formatValue(s.value)}`;
}

/** Families with no sample are left out: a HELP/TYPE pair with nothing under it says nothing. */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    if (!METRIC_NAME.test(f.name)) throw new Error(`not a Prometheus metric name: ${f.name}`);
    if (f.samples.length === 0) continue;
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...f.samples.map((s) => sampleLine(f.name, s)));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
