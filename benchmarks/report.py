#!/usr/bin/env python3
"""Turns the JMH JSON files of benchmarks/run-table.sh into the markdown tables of docs/benchmarks.md.

Usage: python3 benchmarks/report.py benchmarks/target/results [peak GFLOP/s]
The peak defaults to the measured FMA throughput in results/peak.txt (PeakFlops), else the nominal 83.2
(2.6 GHz base clock x 32 FLOP/cycle).
Scores are batches/s; samples/s = score x batch; GFLOP/s counts 2 FLOPs per multiply-add (forward, and for
training also the weight gradients and every hidden layer's input gradient), as Workload.java does.
"""
import json
import os
import sys

LAYERS = {"xor": [2, 8, 1], "iris": [4, 16, 3], "mnist-mlp": [784, 128, 10], "mnist-wide": [784, 512, 512, 10]}


def flops(net, op):
    dims = LAYERS[net]
    macs = [dims[k] * dims[k + 1] for k in range(len(dims) - 1)]
    fwd = 2 * sum(macs)
    return fwd if op == "infer" else 2 * fwd + 2 * sum(macs[1:])


def load(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return []  # not run (yet)
    with open(path) as f:
        return json.load(f)


def key(r):
    p = r["params"]
    op = r["benchmark"].rsplit(".", 1)[1]
    return p["net"], op, int(p["batch"]), p["precision"]


def table(results_dir, peak):
    rows = {}
    for name in ("fnnc.json", "dl4j.json", "encog.json"):
        for r in load(os.path.join(results_dir, name)):
            k = key(r)
            impl = r["params"]["impl"]
            m = r["primaryMetric"]
            rows.setdefault(k, {})[impl] = (m["score"] * k[2], (m["scoreError"] if m["scoreError"] == m["scoreError"] else 0) * k[2])
    out = ["| network | op | batch | prec | generated (scalar) samples/s | GFLOP/s | % peak "
           "| vector API samples/s | GFLOP/s | % peak | interpreter | scalar/interp | vector/interp "
           "| DL4J (1 thr) | scalar/DL4J | vector/DL4J | Encog | scalar/Encog |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    order = {n: i for i, n in enumerate(LAYERS)}
    for k in sorted(rows, key=lambda k: (order[k[0]], k[1] != "train", k[2], k[3])):
        net, op, batch, prec = k
        v = rows[k]
        if "generated" not in v:
            continue

        def measured(impl):
            """samples/s ± error, GFLOP/s and % of peak of an fnnc implementation, or dashes."""
            if impl not in v:
                return "–", "–", "–"
            s, e = v[impl]
            gf = s * flops(net, op) / 1e9
            return f"{s:,.0f} ± {e:,.0f}", f"{gf:.1f}", f"{100 * gf / peak:.0f}%"

        def ratio(top, bottom):
            if top not in v or bottom not in v:
                return "–"
            return f"{v[top][0] / v[bottom][0]:,.1f}×"

        def samples(impl):
            return f"{v[impl][0]:,.0f}" if impl in v else "–"
        cells = [net, op, str(batch), prec, *measured("generated"), *measured("vector"),
                 samples("interpreter"), ratio("generated", "interpreter"), ratio("vector", "interpreter"),
                 samples("dl4j"), ratio("generated", "dl4j"), ratio("vector", "dl4j"),
                 samples("encog"), ratio("generated", "encog")]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def simple(results_dir, name, per_score, extra=None):
    out = []
    for r in load(os.path.join(results_dir, name)):
        p = r["params"]
        m = r["primaryMetric"]
        line = f"- `{r['benchmark'].rsplit('.', 2)[1]}.{r['benchmark'].rsplit('.', 1)[1]}` {p}: {m['score'] * per_score(p):,.0f} ± {m['scoreError'] * per_score(p):,.0f} samples/s"
        if extra:
            line += extra(r)
        out.append(line)
    return "\n".join(out)


def measured_peak(results_dir):
    path = os.path.join(results_dir, "peak.txt")
    if os.path.exists(path):
        with open(path) as f:
            for word in f.read().split(":")[-1].split():
                try:
                    return float(word)
                except ValueError:
                    pass
    return 83.2


def main():
    d = sys.argv[1]
    peak = float(sys.argv[2]) if len(sys.argv) > 2 else measured_peak(d)
    print(f"peak: {peak:.1f} GFLOP/s")
    print(table(d, peak))
    print()
    print("DL4J with its default thread count:")
    print(simple(d, "dl4j-default-threads.json", lambda p: int(p["batch"])))
    print()
    print("Data-parallel training (Trainer, one epoch of 4096 samples):")
    print(simple(d, "parallel.json", lambda p: 4096))
    print()
    print("Allocation (JMH -prof gc):")
    print(simple(d, "gc.json", lambda p: int(p["batch"]),
                 lambda r: f", {r['secondaryMetrics'].get('gc.alloc.rate.norm', {}).get('score', float('nan')):.3f} B/op"))


if __name__ == "__main__":
    main()
