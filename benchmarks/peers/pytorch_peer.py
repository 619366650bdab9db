#!/usr/bin/python3
"""PyTorch as a peer of fnnc's benchmarks: the same networks, initial weights, data and SGD step.

Reads what `org.fnnc.benchmarks.PeerFiles` writes (DIR/NET.safetensors: fnnc's initial weights, whose names
`layers.N.weight` [out, in] / `layers.N.bias` are PyTorch's; DIR/NET.data.safetensors: the benchmark batches and
what fnnc's generated class computes on them). Commands:

  bench  DIR [--nets ...] [--batches 1,32,128] [--ops train,infer] [-o results.json]
         times one SGD step (mean cross-entropy over the batch, plain SGD, fnnc's learning rate) and inference
         (softmax probabilities) like JMH in throughput mode: warm-up iterations, then timed iterations of
         --time seconds each; the JSON is JMH's (score = batches/s, mean, 99.9% error, percentiles, raw data)
         with the environment (torch, BLAS core, threads, CPU) under "environment". Before timing, each
         workload's outputs and first-step loss are checked against fnnc's.
  step   DIR --net NET --batch B -o OUT.safetensors
         one SGD step from the initial weights: writes `loss` [1], `predict` (outputs before the step) and the
         updated `layers.N.*` (the test PyTorchPeerTest compares them with fnnc's sgdStep).
  onnx   DIR [--nets ...]
         writes DIR/NET.onnx with torch.onnx.export (opset 13, dynamic batch axis, input `x`, output
         `probabilities` = softmax of the last layer): the models the ONNX Runtime benchmark runs.

Runs with Debian's own /usr/bin/python3 and `apt-get install -y python3-torch libopenblas0-pthread` (the pyenv
python3 first on PATH has no torch). Before torch is imported the script sets one thread
(`OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=1`, then `torch.set_num_threads(1)`) and removes `OPENBLAS_CORETYPE`
and `OPENBLAS_L2_SIZE` from its own environment: these machines pin OpenBLAS to Haswell kernels; unset,
OpenBLAS picks the kernels for the CPU it runs on (`Cooperlake` on a Zen 5). `--keep-openblas-env` keeps them.
"""
import argparse
import json
import math
import os
import platform
import statistics
import struct
import sys
import time

SCRIPT_VERSION = "1"
PINNED_OPENBLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def fail(message):
    print(f"pytorch_peer: {message}", file=sys.stderr)
    sys.exit(2)


def configure_environment(keep_openblas_env):
    """One thread, OpenBLAS free to pick its kernels; must run before numpy or torch load OpenBLAS.
    Returns what became of the variables that pin OpenBLAS's kernels, for the record."""
    pinning = {}
    for name in PINNED_OPENBLAS_VARIABLES:
        if name not in os.environ:
            pinning[name] = "not set"
        elif keep_openblas_env:
            pinning[name] = f"kept: {os.environ[name]}"
        else:
            pinning[name] = f"removed (was {os.environ.pop(name)})"
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    return pinning


def import_torch():
    try:
        import numpy
        import torch
    except ImportError as e:
        fail(f"{e}. Install with `apt-get install -y python3-torch libopenblas0-pthread` and run with Debian's "
             f"/usr/bin/python3 (this is {sys.executable})")
    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # already set (only possible once per process)
    return numpy, torch


# --- safetensors (the format is 8 bytes of header length, a JSON header, then the raw little-endian data) ---

DTYPES = {"F32": "<f4", "F64": "<f8"}


def read_safetensors(path, np):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}. Write the peer files first: "
             f"java -cp benchmarks/target/benchmarks.jar org.fnnc.benchmarks.PeerFiles DIR")
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, h in header.items():
        dtype = np.dtype(DTYPES[h["dtype"]])
        begin, end = h["data_offsets"]
        values = np.frombuffer(data, dtype=dtype, count=(end - begin) // dtype.itemsize, offset=8 + n + begin)
        tensors[name] = values.reshape(h["shape"]).astype(dtype.newbyteorder("="))
    return tensors, metadata


def write_safetensors(path, tensors, metadata, np):
    """Writes float32 tensors, atomically (a temporary file renamed over the target)."""
    header = {"__metadata__": metadata} if metadata else {}
    blobs = []
    offset = 0
    for name, array in tensors.items():
        blob = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


# --- the network ---

def make_model(torch, dims, activations):
    """fnnc's MLP as a module whose parameter names are fnnc's (`layers.N.weight`); forward gives the logits."""
    hidden_functions = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "linear": lambda z: z}

    class Mlp(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.ModuleList(torch.nn.Linear(dims[l], dims[l + 1]) for l in range(len(dims) - 1))
            self.hidden = [hidden_functions[a] for a in activations[:-1]]

        def forward(self, x):
            for layer, activation in zip(self.layers, self.hidden):
                x = activation(layer(x))
            return self.layers[-1](x)

    class Probabilities(torch.nn.Module):
        """What fnnc's predict returns: the softmax of the last layer."""
        def __init__(self, logits):
            super().__init__()
            self.logits = logits

        def forward(self, x):
            return torch.softmax(self.logits(x), dim=1)

    for a in activations[:-1]:
        if a not in hidden_functions:
            fail(f"hidden activation {a} is not supported (relu, tanh, sigmoid, linear)")
    if activations[-1] != "softmax":
        fail(f"the output activation must be softmax (with cross_entropy), not {activations[-1]}")
    model = Mlp()
    return model, Probabilities(model)


class Workloads:
    """One network's initial weights and benchmark batches, as PeerFiles wrote them."""

    def __init__(self, directory, net, np, torch):
        self.net = net
        self.np = np
        self.torch = torch
        self.weights, _ = read_safetensors(os.path.join(directory, f"{net}.safetensors"), np)
        self.data, meta = read_safetensors(os.path.join(directory, f"{net}.data.safetensors"), np)
        self.dims = [int(v) for v in meta["layers"].split(",")]
        self.activations = meta["activations"].split(",")
        if meta["loss"] != "cross_entropy":
            fail(f"{net}: only cross_entropy is supported, not {meta['loss']}")
        self.learning_rate = float(meta["learning_rate"])
        self.batches = sorted(int(k[3:]) for k in self.data if k.startswith("x.b"))

    def fresh_model(self):
        """A new model holding fnnc's initial weights, and its probabilities wrapper."""
        model, probabilities = make_model(self.torch, self.dims, self.activations)
        state = {k: self.torch.from_numpy(v) for k, v in self.weights.items()}
        model.load_state_dict(state, strict=True)
        return model, probabilities

    def batch(self, b):
        if f"x.b{b}" not in self.data:
            fail(f"{self.net}: no batch of {b} in {self.net}.data.safetensors (has {self.batches}); "
                 f"rerun PeerFiles with --batches")
        x = self.torch.from_numpy(self.data[f"x.b{b}"])
        t = self.torch.from_numpy(self.data[f"t.b{b}"].astype(self.np.int64))
        return x, t

    def step(self, b):
        """One SGD step from the initial weights: (loss, outputs before the step, model after it)."""
        torch = self.torch
        model, probabilities = self.fresh_model()
        x, t = self.batch(b)
        with torch.no_grad():
            predicted = probabilities(x).numpy().copy()
        optimizer = torch.optim.SGD(model.parameters(), lr=self.learning_rate)
        loss = train_step(torch, model, optimizer, x, t)
        return loss, predicted, model


def train_step(torch, model, optimizer, x, t):
    """The step fnnc's sgdStep takes: mean cross-entropy of softmax(logits) over the batch, p -= lr * grad."""
    optimizer.zero_grad(set_to_none=True)
    loss = torch.nn.functional.cross_entropy(model(x), t)
    loss.backward()
    optimizer.step()
    return loss.item()


# --- checks against fnnc ---

# Probabilities in [0, 1] from float sums of up to 784 products: both sides round each operation (6e-8 relative)
# in different orders (OpenBLAS's blocked GEMM vs fnnc's kernels); 1e-5 absolute is ~100x that. The loss is a
# mean of logs: 1e-5 relative.
PREDICT_TOLERANCE = 1e-5
LOSS_TOLERANCE = 1e-5


def check_against_fnnc(w, b):
    """Refuses to time a computation that is not fnnc's: outputs and first-step loss must agree."""
    loss, predicted, _ = w.step(b)
    expected = w.data[f"predict.b{b}"]
    predict_diff = float(abs(predicted - expected).max())
    expected_loss = float(w.data[f"loss.b{b}"][0])
    loss_diff = abs(loss - expected_loss) / max(abs(expected_loss), 1e-30)
    if predict_diff > PREDICT_TOLERANCE or loss_diff > LOSS_TOLERANCE:
        fail(f"{w.net} batch {b}: PyTorch disagrees with fnnc (outputs differ by {predict_diff:.3g}, "
             f"loss {loss!r} vs fnnc's {expected_loss!r}); are the peer files from this build?")
    return {"max_abs_output_difference": predict_diff, "relative_loss_difference": loss_diff}


# --- timing, like JMH's throughput mode ---

# Two-sided 99.9% Student t quantiles (what JMH's scoreError uses), by degrees of freedom.
T999 = {1: 636.62, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781, 10: 4.587,
        12: 4.318, 14: 4.140, 16: 4.015, 18: 3.922, 20: 3.850, 25: 3.725, 30: 3.646, 40: 3.551, 60: 3.460,
        120: 3.373}


def t999(df):
    for d in sorted(T999):
        if df <= d:
            return T999[d]
    return 3.291


def iteration(operation, seconds):
    """Calls operation until `seconds` have passed; returns calls per second."""
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    now = start
    while now < deadline:
        operation()
        calls += 1
        now = time.perf_counter()
    return calls / (now - start)


def measure(operation, warmups, iterations, seconds):
    for _ in range(warmups):
        iteration(operation, seconds)
    scores = [iteration(operation, seconds) for _ in range(iterations)]
    mean = statistics.fmean(scores)
    error = t999(len(scores) - 1) * statistics.stdev(scores) / math.sqrt(len(scores)) if len(scores) > 1 else \
        float("nan")
    return {
        "score": mean,
        "scoreError": error,
        "scoreConfidence": [mean - error, mean + error],
        "scorePercentiles": {"0.0": min(scores), "50.0": statistics.median(scores), "100.0": max(scores)},
        "scoreUnit": "ops/s",
        "rawData": [scores],
    }


def bench(args, np, torch, environment):
    results = []
    for net in args.nets:
        w = Workloads(args.dir, net, np, torch)
        for b in args.batches:
            checks = check_against_fnnc(w, b)
            x, t = w.batch(b)
            model, probabilities = w.fresh_model()
            optimizer = torch.optim.SGD(model.parameters(), lr=w.learning_rate)

            def train():
                return train_step(torch, model, optimizer, x, t)

            def infer():
                with torch.inference_mode():
                    return probabilities(x)

            for op in args.ops:
                metric = measure(train if op == "train" else infer, args.warmups, args.iterations, args.time)
                print(f"pytorch {net} {op} batch {b}: {metric['score'] * b:,.0f} samples/s "
                      f"(median {metric['scorePercentiles']['50.0'] * b:,.0f}, "
                      f"± {metric['scoreError'] * b:,.0f})", flush=True)
                results.append({
                    "benchmark": f"org.fnnc.benchmarks.peers.pytorch.{op}",
                    "mode": "thrpt", "threads": 1, "forks": 1,
                    "warmupIterations": args.warmups, "warmupTime": f"{args.time} s",
                    "measurementIterations": args.iterations, "measurementTime": f"{args.time} s",
                    "params": {"net": net, "precision": "float", "impl": "pytorch", "batch": str(b)},
                    "primaryMetric": metric,
                    "secondaryMetrics": {},
                    "checks": checks,
                    "environment": environment,
                })
    return results


# --- environment ---

def cpu():
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if ":" in line:
                    k, v = (s.strip() for s in line.split(":", 1))
                    if k in ("model name", "cpu family", "model", "vendor_id") and k not in fields:
                        fields[k] = v
    except OSError:
        pass
    return {"vendor": fields.get("vendor_id"), "model_name": fields.get("model name"),
            "family": fields.get("cpu family"), "model": fields.get("model"), "cores": os.cpu_count()}


def blas():
    """The BLAS library torch loaded and, for OpenBLAS, the kernels it chose (what OPENBLAS_VERBOSE=2 prints)."""
    import ctypes
    with open("/proc/self/maps") as f:
        libraries = sorted({line.split()[-1] for line in f if "blas" in line.split()[-1]})
    for path in libraries:
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_corename.restype = ctypes.c_char_p
            library.openblas_get_config.restype = ctypes.c_char_p
            return {"libraries": libraries, "openblas_core": library.openblas_get_corename().decode(),
                    "openblas_config": library.openblas_get_config().decode()}
        except (OSError, AttributeError):
            continue
    return {"libraries": libraries, "openblas_core": None,
            "warning": "torch did not load OpenBLAS (install libopenblas0-pthread); numbers are not comparable"}


def environment(np, torch, pinning):
    return {
        "script_version": SCRIPT_VERSION,
        "python": sys.executable + " " + platform.python_version(),
        "torch": torch.__version__, "numpy": np.__version__,
        "torch_threads": torch.get_num_threads(), "torch_interop_threads": torch.get_num_interop_threads(),
        "blas": blas(),
        "openblas_pinning": pinning,
        "environment_set": {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")},
        "cpu": cpu(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


# --- commands ---

def comma_ints(text):
    return [int(v) for v in text.split(",")]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-openblas-env", action="store_true",
                        help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (default: remove them for this process)")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("bench", help="time training and inference")
    b.add_argument("dir")
    b.add_argument("--nets", nargs="+", default=["mnist-mlp", "mnist-deep", "mnist-wide"])
    b.add_argument("--batches", type=comma_ints, default=[1, 32, 128])
    b.add_argument("--ops", type=lambda s: s.split(","), default=["train", "infer"])
    b.add_argument("--warmups", type=int, default=3)
    b.add_argument("--iterations", type=int, default=5)
    b.add_argument("--time", type=float, default=1.0, help="seconds per iteration")
    b.add_argument("-o", "--output", help="JMH-style JSON results")
    s = commands.add_parser("step", help="one SGD step, written as safetensors")
    s.add_argument("dir")
    s.add_argument("--net", required=True)
    s.add_argument("--batch", type=int, required=True)
    s.add_argument("-o", "--output", required=True)
    o = commands.add_parser("onnx", help="export the networks with torch.onnx.export")
    o.add_argument("dir")
    o.add_argument("--nets", nargs="+", default=["mnist-mlp", "mnist-deep", "mnist-wide"])
    o.add_argument("--opset", type=int, default=13)
    args = parser.parse_args(argv)

    pinning = configure_environment(args.keep_openblas_env)
    np, torch = import_torch()
    env = environment(np, torch, pinning)

    if args.command == "bench":
        for op in args.ops:
            if op not in ("train", "infer"):
                fail(f"--ops takes train and/or infer, not {op}")
        print(f"pytorch {env['torch']}, BLAS {env['blas'].get('openblas_core')}, {env['torch_threads']} thread, "
              f"CPU family {env['cpu']['family']} model {env['cpu']['model']}", flush=True)
        results = bench(args, np, torch, env)
        if args.output:
            tmp = args.output + ".tmp"
            with open(tmp, "w") as f:
                json.dump(results, f, indent=2)
            os.replace(tmp, args.output)
    elif args.command == "step":
        w = Workloads(args.dir, args.net, np, torch)
        loss, predicted, model = w.step(args.batch)
        tensors = {"loss": np.array([loss], dtype=np.float32), "predict": predicted}
        tensors.update({k: v.detach().numpy() for k, v in model.state_dict().items()})
        write_safetensors(args.output, tensors, {"torch": torch.__version__,
                                                 "openblas_core": str(env["blas"].get("openblas_core"))}, np)
    elif args.command == "onnx":
        for net in args.nets:
            w = Workloads(args.dir, net, np, torch)
            _, probabilities = w.fresh_model()
            probabilities.eval()
            path = os.path.join(args.dir, f"{net}.onnx")
            tmp = path + ".tmp"
            torch.onnx.export(probabilities, torch.zeros(1, w.dims[0]), tmp, input_names=["x"],
                              output_names=["probabilities"],
                              dynamic_axes={"x": {0: "batch"}, "probabilities": {0: "batch"}},
                              opset_version=args.opset, do_constant_folding=True)
            os.replace(tmp, path)
            print(f"wrote {path} (torch {torch.__version__}, opset {args.opset})")


if __name__ == "__main__":
    main(sys.argv[1:])
