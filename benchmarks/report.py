#!/usr/bin/env python3
"""Turns the JMH JSON files of benchmarks/run-table.sh into the markdown tables of docs/benchmarks.md.

Usage: python3 benchmarks/report.py benchmarks/target/results/latest [peak GFLOP/s]
Prints the machine (CPU family/model, JDKs, load), then issue 14's table (medians over the rounds of a run with
ROUNDS > 1, each ratio the median of the rounds' ratios with their range) (fnnc default and vector_api kernels on
JDK 17 and 25, PyTorch, ONNX Runtime, DL4J; samples/s with GFLOP/s and % of the peak measured in the same run),
then the full table of an `all` run. The PyTorch results (pytorch_peer.py) are in JMH's JSON shape too.
The peak defaults to the measured FMA throughput in results/peak.txt (PeakFlops; the higher of it and
peak-end.txt, measured at the end of the run, where present), else the nominal 83.2
(2.6 GHz base clock x 32 FLOP/cycle).
Scores are batches/s; samples/s = score x batch; GFLOP/s counts 2 FLOPs per multiply-add (forward, and for
training also the weight gradients and every hidden layer's input gradient), as Workload.java does.
"""
import glob
import json
import os
import statistics
import sys

LAYERS = {"xor": [2, 8, 1], "iris": [4, 16, 3], "mnist-mlp": [784, 128, 10], "mnist-deep": [784, 256, 128, 10],
          "mnist-wide": [784, 512, 512, 10]}
TABLE_NETS = ["mnist-mlp", "mnist-deep", "mnist-wide"]
# JSON file -> suffix added to its impl names (the same fnnc implementations on another JDK get their own columns)
RESULT_FILES = {"fnnc.json": "", "fnnc-jdk25.json": "@jdk25", "dl4j.json": "", "encog.json": "", "pytorch.json": "",
                "ort.json": ""}
# issue 14's targets: fnnc's default kernels over PyTorch (training) and ONNX Runtime (inference), by batch
TARGETS = {("train", 1): 5.0, ("train", 32): 1.5, ("train", 128): 1.2,
           ("infer", 1): 1.2, ("infer", 32): 0.8, ("infer", 128): 0.8}


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


def results(results_dir):
    """(net, op, batch, precision) -> impl -> (samples/s, error) over every result file of the run."""
    rows = {}
    for name, suffix in RESULT_FILES.items():
        for r in load(os.path.join(results_dir, name)):
            k = key(r)
            impl = r["params"]["impl"] + suffix
            m = r["primaryMetric"]
            error = m["scoreError"] if m["scoreError"] == m["scoreError"] else 0  # NaN with one iteration
            rows.setdefault(k, {})[impl] = (m["score"] * k[2], error * k[2])
    return rows


def round_dirs(results_dir):
    """The directories of a run's rounds (run-table.sh's ROUNDS: round-1, round-2, ...), or the run itself."""
    rounds = glob.glob(os.path.join(results_dir, "round-*"))
    return sorted(rounds, key=lambda d: int(d.rsplit("-", 1)[1])) or [results_dir]


def medians(rounds):
    """(net, op, batch, precision) -> impl -> (median samples/s over the rounds that have it, 0)."""
    rows = {}
    for k in {k for r in rounds for k in r}:
        impls = {i for r in rounds for i in r.get(k, {})}
        rows[k] = {i: (statistics.median(r[k][i][0] for r in rounds if i in r.get(k, {})), 0) for i in impls}
    return rows


def ratios(rounds, k, top, bottom):
    """top / bottom in each round that measured both: a ratio of two runs a few minutes apart, not of medians."""
    return [r[k][top][0] / r[k][bottom][0] for r in rounds if top in r.get(k, {}) and bottom in r.get(k, {})]


# Two rounds of one cell a few minutes apart differ by a few per cent, 20% at worst (fork-to-fork spread); a JVM whose
# kernels C2 compiled badly (docs/kernels.md, hazard 6: 20x slower) is what lies beyond this.
DISAGREE = 2.0


# A warm fnnc step or forward allocates nothing (KernelAllocationTest); JMH's own bookkeeping is a few bytes per call
# at most. Hazard 6's smallest boxing was 0.8 KB per step.
ALLOCATING = 256


def allocating_forks(results_dir):
    """The fnnc forks of a run (every round) whose JMH GC profiler measured more than ALLOCATING bytes per call."""
    found = []
    for d in round_dirs(results_dir):
        for name, suffix in ((n, x) for n, x in RESULT_FILES.items() if n.startswith("fnnc")):
            for r in load(os.path.join(d, name)):
                norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
                if norm is not None and norm > ALLOCATING:
                    net, op, batch, _ = key(r)
                    found.append(f"- {'-'.join(map(str, LAYERS[net]))} {op} b={batch}, {r['params']['impl']}{suffix}"
                                 f" ({os.path.basename(d)}): {norm:,.0f} B per call,"
                                 f" {r['primaryMetric']['score'] * batch:,.0f} samples/s")
    return found


def issue14(results_dir, peak):
    """Issue 14's table: the three MNIST networks in float, every implementation side by side; with rounds, each
    cell the median over the rounds, each ratio the median of the rounds' ratios with their range."""
    rounds = [results(d) for d in round_dirs(results_dir)]
    rows = medians(rounds)
    columns = [("generated", "fnnc default"), ("scalar", "fnnc scalar"), ("vector", "fnnc vector_api"), ("generated@jdk25", "default JDK 25"),
               ("vector@jdk25", "vector_api JDK 25"), ("pytorch", "PyTorch"), ("ort", "ONNX Runtime"),
               ("ort-output-per-call", "ORT, output per call"), ("ort-naive", "ORT naive"), ("dl4j", "DL4J")]
    present = [(impl, title) for impl, title in columns if any(impl in v for v in rows.values())]
    several = len(rounds) > 1
    disagree = []
    out = ["Samples/s (GFLOP/s, % of peak); default / peer: fnnc's default kernels over PyTorch (train) or ONNX "
           "Runtime (infer) on JDK 17 and 25, and the issue's target; JDK 25 / 17: fnnc's default kernels."
           + (f" Medians over {len(rounds)} rounds; a ratio is the median of the rounds' ratios [lowest, highest],"
              " the verdict the median's." if several else ""), "",
           "| network | op | batch | " + " | ".join(t for _, t in present)
           + " | default / peer JDK 17 | JDK 25 | target | JDK 25 / 17 |",
           "|---|---|---|" + "---|" * len(present) + "---|---|---|---|"]
    for net in TABLE_NETS:
        for op in ("train", "infer"):
            for batch in (1, 32, 128):
                v = rows.get((net, op, batch, "float"))
                if not v:
                    continue

                def cell(impl):
                    if impl not in v:
                        return "–"
                    gf = v[impl][0] * flops(net, op) / 1e9
                    return f"{v[impl][0]:,.0f} ({gf:.1f}, {100 * gf / peak:.0f}%)"

                peer = "pytorch" if op == "train" else "ort"
                target = TARGETS[(op, batch)]

                def ratio(top, bottom, goal=None):
                    each = ratios(rounds, (net, op, batch, "float"), top, bottom)
                    if not each:
                        return "–"
                    r = statistics.median(each)
                    text = f"{r:.2f}×" + (f" [{min(each):.2f}, {max(each):.2f}]" if several else "")
                    return text if goal is None else f"{text} {'met' if r >= goal else 'missed'}"
                dims = "-".join(map(str, LAYERS[net]))
                out.append(f"| {dims} | {op} | {batch} | " + " | ".join(cell(i) for i, _ in present)
                           + f" | {ratio('generated', peer, target)} | {ratio('generated@jdk25', peer, target)}"
                           + f" | ≥ {target}× | {ratio('generated@jdk25', 'generated')} |")
                for impl, title in present:
                    each = [r[(net, op, batch, "float")][impl][0] for r in rounds
                            if impl in r.get((net, op, batch, "float"), {})]
                    if len(each) > 1 and max(each) > DISAGREE * min(each):
                        disagree.append(f"- {dims} {op} b={batch}, {title}: "
                                        + ", ".join(f"{x:,.0f}" for x in each)
                                        + f" samples/s in rounds 1-{len(each)} ({max(each) / min(each):.1f}×)")
    allocating = allocating_forks(results_dir)
    if allocating:
        out += ["", f"**fnnc forks that allocated more than {ALLOCATING} bytes per call** (JMH -prof gc; a warm step "
                "allocates nothing, so these kernels boxed: docs/kernels.md, hazards 6 and 7; the cell is not a "
                "measurement of the code):"]
        out += allocating
    if disagree:
        out += ["", f"**Rounds that disagree by more than {DISAGREE}×** (a broken fork, not noise: the cell's median and"
                " the ratios from it are not measurements; look into the slow round before quoting the row):"]
        out += disagree
    return "\n".join(out)


def machine(results_dir):
    """What the run recorded about the machine and the peers' set-up."""
    lines = []
    path = os.path.join(results_dir, "machine.txt")
    if os.path.exists(path):
        with open(path) as f:
            lines += [line.rstrip() for line in f if line.strip()]
    first = round_dirs(results_dir)[0]
    for r in load(os.path.join(first, "pytorch.json"))[:1]:
        e = r["environment"]
        lines.append(f"pytorch: torch {e['torch']}, {e['torch_threads']} thread, BLAS {e['blas'].get('openblas_core')} "
                     f"({e['blas'].get('openblas_config', e['blas'].get('warning'))}); "
                     + ", ".join(f"{k} {v}" for k, v in e.get("openblas_pinning", {}).items()))
    for name in ("fnnc.json", "fnnc-jdk25.json"):
        for r in load(os.path.join(first, name))[:1]:
            lines.append(f"{name}: {r.get('vmName', '')} {r.get('jdkVersion', '')} ({r.get('vmVersion', '')})")
    return "\n".join("- " + line for line in lines)


def table(results_dir, peak):
    rows = results(results_dir)
    out = ["| network | op | batch | prec | generated (default kernels) samples/s | GFLOP/s | % peak "
           "| vector API samples/s | GFLOP/s | % peak | interpreter | default/interp | vector/interp "
           "| DL4J (1 thr) | default/DL4J | vector/DL4J | Encog | default/Encog |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    order = {n: i for i, n in enumerate(LAYERS)}
    for k in sorted(rows, key=lambda k: (order[k[0]], k[1] != "train", k[2], k[3])):
        net, op, batch, prec = k
        v = rows[k]
        if "generated" not in v or "interpreter" not in v:  # the full table is that of an `all` run
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


def peak_in(path):
    """The GFLOP/s a PeakFlops output file reports, or None."""
    if os.path.exists(path):
        with open(path) as f:
            for word in f.read().split(":")[-1].split():
                try:
                    return float(word)
                except ValueError:
                    pass
    return None


def measured_peaks(results_dir):
    """PeakFlops at the start of the run and, where measured, at its end (the clock of these VMs moves)."""
    return [p for p in (peak_in(os.path.join(results_dir, name)) for name in ("peak.txt", "peak-end.txt"))
            if p is not None]


def main():
    d = sys.argv[1]
    peaks = measured_peaks(d)
    # the higher of the run's measurements: a share of it is then never flattered by a slow moment
    peak = float(sys.argv[2]) if len(sys.argv) > 2 else max(peaks, default=83.2)
    print(machine(d))
    if len(sys.argv) > 2 or len(peaks) < 2:
        print(f"- peak (PeakFlops, this run): {peak:.1f} GFLOP/s")
    else:
        print(f"- peak (PeakFlops, this run): {peak:.1f} GFLOP/s, the higher of {peaks[0]:.1f} at the start and "
              f"{peaks[1]:.1f} at the end")
    print()
    print(issue14(d, peak))
    print()
    full = table(d, peak)
    if full.count("\n") > 1:
        print(full)
        print()
    sections = [("DL4J with its default thread count:", "dl4j-default-threads.json", lambda p: int(p["batch"]), None),
                ("Data-parallel training (Trainer, one epoch of 4096 samples):", "parallel.json", lambda p: 4096,
                 None),
                ("Allocation (JMH -prof gc):", "gc.json", lambda p: int(p["batch"]),
                 lambda r: f", {r['secondaryMetrics'].get('gc.alloc.rate.norm', {}).get('score', float('nan')):.3f} B/op")]
    for title, name, per_score, extra in sections:
        if load(os.path.join(d, name)):
            print(title)
            print(simple(d, name, per_score, extra))
            print()

if __name__ == "__main__":
    main()
