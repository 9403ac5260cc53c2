import { describe, expect, it } from "vitest";
import { Counter, Gauge, Histogram, Registry } from "./registry";

describe("metrics registry", () => {
  it("renders counters and gauges in the Prometheus text format with escaped label values", () => {
    const r = new Registry();
    const c = r.register(new Counter("jit_things_total", "Things.", ["kind"]));
    const g = r.register(new Gauge("jit_level", "A level."));
    c.inc({ kind: 'a"b\\c\nd' });
    c.inc({ kind: 'a"b\\c\nd' }, 2);
    g.set({}, 4.5);
    expect(r.render()).toBe(
      [
        "# HELP jit_things_total Things.",
        "# TYPE jit_things_total counter",
        'jit_things_total{kind="a\\"b\\\\c\\nd"} 3',
        "# HELP jit_level A level.",
        "# TYPE jit_level gauge",
        "jit_level 4.5",
        "",
      ].join("\n"),
    );
  });

  it("histograms count each observation in its bucket and render cumulative buckets, sum and count", () => {
    const h = new Histogram("jit_wait_seconds", "Wait.", [1, 5, 10], ["op"]);
    for (const v of [0.5, 1, 3, 20]) h.observe({ op: "x" }, v);
    expect(h.samples()).toEqual([
      'jit_wait_seconds_bucket{op="x",le="1"} 2',
      'jit_wait_seconds_bucket{op="x",le="5"} 3',
      'jit_wait_seconds_bucket{op="x",le="10"} 3',
      'jit_wait_seconds_bucket{op="x",le="+Inf"} 4',
      'jit_wait_seconds_sum{op="x"} 24.5',
      'jit_wait_seconds_count{op="x"} 4',
    ]);
  });

  it("a histogram loaded from cumulative counts renders the same as one built by observing", () => {
    const observed = new Histogram("h", "h", [1, 5, 10]);
    const loaded = new Histogram("h", "h", [1, 5, 10]);
    for (const v of [0.5, 1, 3, 20]) observed.observe({}, v);
    loaded.setCumulative({}, [2, 3, 3], 4, 24.5);
    expect(loaded.samples()).toEqual(observed.samples());
  });

  it("refuses wrong labels, negative counter increments, duplicate names and unordered buckets", () => {
    const c = new Counter("c_total", "c", ["a"]);
    expect(() => c.inc({ b: "x" })).toThrow(/takes labels \[a\]/);
    expect(() => c.inc({ a: "x" }, -1)).toThrow(/only go up/);
    const r = new Registry();
    r.register(new Gauge("g", "g"));
    expect(() => r.register(new Gauge("g", "g"))).toThrow(/twice/);
    expect(() => new Histogram("h", "h", [5, 1])).toThrow(/increasing/);
    expect(() => new Gauge("bad-name", "x")).toThrow(/invalid metric name/);
  });
});
