/**
 * A minimal Prometheus registry: counters, gauges and histograms with fixed buckets, rendered in the text
 * exposition format 0.0.4. Enough for this app's handful of metrics without a dependency.
 */
export type Labels = Readonly<Record<string, string>>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}` : "";
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly type: "counter" | "gauge" | "histogram",
  ) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    for (const l of labelNames) if (!LABEL.test(l) || l === "le") throw new Error(`invalid label name ${l} on ${name}`);
  }

  /** Labels in declaration order; every declared label must be given, nothing else. */
  protected key(labels: Labels): string {
    const given = Object.keys(labels);
    if (given.length !== this.labelNames.length || this.labelNames.some((l) => labels[l] === undefined)) {
      throw new Error(`${this.name} takes labels [${this.labelNames.join(", ")}], got [${given.join(", ")}]`);
    }
    return JSON.stringify(this.labelNames.map((l) => labels[l]));
  }

  protected labelsOf(key: string): Labels {
    const values = JSON.parse(key) as string[];
    return Object.fromEntries(this.labelNames.map((l, i) => [l, values[i] ?? ""]));
  }

  abstract samples(): string[];

  render(): string {
    return [`# HELP ${this.name} ${this.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`, `# TYPE ${this.name} ${this.type}`, ...this.samples()].join("\n");
  }
}

export class Counter extends Metric {
  private readonly values = new Map<string, number>();
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, labelNames, "counter");
  }
  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error(`${this.name}: counters only go up`);
    const k = this.key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(this.key(labels)) ?? 0;
  }
  samples(): string[] {
    return [...this.values].map(([k, v]) => `${this.name}${formatLabels(this.labelsOf(k))} ${formatNumber(v)}`);
  }
}

export class Gauge extends Metric {
  private readonly values = new Map<string, number>();
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, labelNames, "gauge");
  }
  set(labels: Labels, value: number): void {
    this.values.set(this.key(labels), value);
  }
  samples(): string[] {
    return [...this.values].map(([k, v]) => `${this.name}${formatLabels(this.labelsOf(k))} ${formatNumber(v)}`);
  }
}

interface HistogramSeries {
  /** Non-cumulative count per bucket (index = bucket), the last entry counts values above every bound. */
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric {
  private readonly series = new Map<string, HistogramSeries>();
  readonly buckets: readonly number[];
  constructor(name: string, help: string, buckets: readonly number[], labelNames: readonly string[] = []) {
    super(name, help, labelNames, "histogram");
    if (buckets.length === 0 || buckets.some((b, i) => i > 0 && b <= (buckets[i - 1] ?? -Infinity))) throw new Error(`${name}: buckets must be increasing`);
    this.buckets = buckets;
  }
  private seriesFor(labels: Labels): HistogramSeries {
    const k = this.key(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { counts: Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    return s;
  }
  observe(labels: Labels, value: number): void {
    const s = this.seriesFor(labels);
    const i = this.buckets.findIndex((b) => value <= b);
    s.counts[i === -1 ? this.buckets.length : i] = (s.counts[i === -1 ? this.buckets.length : i] ?? 0) + 1;
    s.sum += value;
    s.count += 1;
  }
  /** Loads a series computed elsewhere (e.g. by SQL): cumulative counts per bucket bound, total count and sum. */
  setCumulative(labels: Labels, cumulative: readonly number[], count: number, sum: number): void {
    if (cumulative.length !== this.buckets.length) throw new Error(`${this.name}: expected ${this.buckets.length} bucket counts`);
    const s = this.seriesFor(labels);
    s.counts = [...cumulative.map((c, i) => c - (i === 0 ? 0 : (cumulative[i - 1] ?? 0))), count - (cumulative.at(-1) ?? 0)];
    s.count = count;
    s.sum = sum;
  }
  samples(): string[] {
    const out: string[] = [];
    for (const [k, s] of this.series) {
      const labels = this.labelsOf(k);
      let running = 0;
      this.buckets.forEach((b, i) => {
        running += s.counts[i] ?? 0;
        out.push(`${this.name}_bucket${formatLabels({ ...labels, le: formatNumber(b) })} ${running}`);
      });
      out.push(`${this.name}_bucket${formatLabels({ ...labels, le: "+Inf" })} ${s.count}`);
      out.push(`${this.name}_sum${formatLabels(labels)} ${formatNumber(s.sum)}`);
      out.push(`${this.name}_count${formatLabels(labels)} ${s.count}`);
    }
    return out;
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  register<M extends Metric>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} is registered twice`);
    this.metrics.push(metric);
    return metric;
  }
  render(): string {
    return this.metrics.map((m) => m.render()).join("\n") + "\n";
  }
}

/** Several registries as one scrape (in-process metrics plus the ones computed from the database at scrape time). */
export function renderAll(registries: readonly Registry[]): string {
  return registries.map((r) => r.render()).join("");
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
