package org.fnnc.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.fnnc.spec.Activation;

/**
 * The Vector API kernels: GEMM-class register tiles sized from the preferred species, fixed when the class
 * initialises.
 *
 * <p><b>Forward and input gradient</b> are one product {@code C = bias + A B} over a block: {@code A} the inputs
 * (forward) or the deltas (input gradient), read in place; {@code B} the weights, a panel of {@code PW} columns at a
 * time. A register tile holds {@value #MR} samples x {@code NR} vectors of outputs for the whole sum over
 * {@code K}: each step loads {@code NR} panel vectors and broadcasts {@value #MR} inputs for {@code 6 NR} fused
 * multiply-adds, enough independent chains to keep two FMA pipes busy through their latency. {@code NR} is 4 on
 * 512-bit vectors (24 accumulators of 32 registers) and 2 on narrower ones (12 of 16 AVX2 registers). The forward
 * pass reads the panel in place from the stored rows of W^T for small blocks; from {@link #PACK_MIN_SAMPLES} samples
 * the block's first tile reads it in place and copies it as it goes, and the other tiles read the contiguous copy.
 * The input gradient packs W transposed, a panel at a time, or, when that copies more values than transposing the
 * block's deltas and results would, swaps the roles: {@code dx^T = W d^T} with the weight rows as {@code A}
 * ({@link #rowProduct}; on narrow vectors for blocks of one panel at most, {@link #ROW_PRODUCT_MAX_SAMPLES}).
 * Samples that do not fill a tile go through a zero-padded copy, outputs that do not fit the destination through a
 * tile buffer.
 *
 * <p><b>One or two samples</b> (forward): the weights are read once, row by row in memory order, into
 * {@value #ROW_GROUP} vectors of outputs per sample (16 on 512-bit vectors, {@link #PAIR_GROUP} for two) held in
 * registers: at batch 1 the layer is bound by how fast its weights stream in, not by the FMAs. On narrower vectors
 * a group covers only 256 bytes of each row, too short a run for the hardware prefetchers once the layer streams
 * from L3; there layers of at least {@link #STREAM_ROWS_MIN_WEIGHTS} weights keep the outputs in L1 instead and read
 * four whole weight rows at a time ({@link #streamRows}).
 *
 * <p><b>Weight gradient</b> {@code gw += x^T d}: a tile of {@value #MR} gradient rows x {@code NR} vectors stays
 * in registers for the whole block of samples.
 *
 * <p>Epilogues (activation, derivative) run over the finished rows in separate loops, one per activation: vector
 * values never merge across branches, which would make C2 (JDK 17) keep them as objects and allocate. For the same
 * reason no vector is created before a loop and used inside it (a constant is made where it is used): C2 (JDK 17)
 * boxed such a loop-invariant vector once per call.
 */
final class VectorFloatDense implements FloatDenseKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int V = S.length();
    /** Samples (forward, input gradient) or gradient rows (weight gradient) per register tile. */
    static final int MR = 6;
    /** 512-bit vectors (32 vector registers on AVX-512): the wider tiles and row groups below. */
    static final boolean WIDE = S.vectorBitSize() >= 512;
    /** Vectors of outputs per register tile. */
    static final int NR = WIDE ? 4 : 2;
    /** Width of a packed panel: the outputs of one register tile. */
    static final int PW = NR * V;
    /** Forward: blocks of fewer samples run the row kernels (one pass over the weight rows for all samples). */
    static final int FEW = 3;
    /** Input gradient: blocks of fewer samples run dot products over the stored rows (no transposed panel). */
    static final int FEW_INPUT_GRADIENT = 4;
    /**
     * Vectors of outputs per pass of the one-sample row kernel: 8 accumulators, 8 independent FMA chains; on
     * {@link #WIDE} vectors twice as many are taken first, halving the passes over each weight row.
     */
    static final int ROW_GROUP = 8;
    /**
     * One sample's forward reads only the weight rows of nonzero inputs in layers of at least this many weights
     * (256 KB in float), which stream from L3; packing the inputs of a smaller layer costs more than reading its
     * zero rows from L2. Zen 5 (family 26 model 2, JDK 17, quick harness, alternating runs): 784-512-512-10
     * inference at batch 1 27.2-28.5k -> 33.8-34.0k samples/s (its 512 x 512 layer behind relu); 784-256-128-10,
     * packing every layer, 106k -> 104k.
     */
    static final long SKIP_ZEROS_MIN_WEIGHTS = 1 << 16;
    /**
     * One or two samples on narrow vectors: layers of at least this many weights (512 KB, what a Zen 3 core's L2
     * holds: beyond it the weights stream from L3 at every call) run {@link #streamRows}, four whole weight rows at
     * a time into outputs held in L1, rather than the row groups, which read each row in runs of 256 bytes, one run
     * per group. Zen 3 (family 25 model 1, AVX2, JDK 17): one kernel alone over two layers' weights, us per layer,
     * groups -> whole rows: 512 x 512 57.5-67.7 -> 29.3-30.6, 784 x 512 67.7 -> 52.7, 784 x 256 33.0-35.1 ->
     * 24.3-30.4; whole networks, old and new kernels alternated in one JVM (median of 30 pairs): 784-512-512-10
     * inference at batch 1 1.41x, at batch 2 1.60x, 784-256-128-10 at batch 1 1.11-1.17x; but 784-128-10 at batch 1
     * 0.94x with every layer on whole rows (its 400 KB of weights stay in L2 between calls), hence the threshold.
     * On 512-bit vectors the groups read runs of 1 KB and stay.
     */
    static final long STREAM_ROWS_MIN_WEIGHTS = (1L << 19) * 8 / S.elementSize();
    /** Vectors of outputs per pass of the two-sample row kernel: 16 accumulators (8 on narrow vectors). */
    static final int PAIR_GROUP = WIDE ? 8 : 4;
    /**
     * The input gradient's row product ({@link #rowProduct}) serves blocks of at most this many samples. It reads
     * all of W once per panel of {@link #PW} samples; on narrow vectors (16-sample panels) that stream, and its tiles
     * of six weight rows, lost to the transposed product beyond one panel. Zen 3 (family 25 model 1, AVX2, JDK 17,
     * kernel alone, best of 12 rounds, GFLOP/s row -> transposed): 128 samples of 512 x 512 34.7-34.8 -> 56.5-57.9,
     * of 784 x 512 34.5-35.3 -> 58.2-60.3; 32 samples of 512 x 512 33.8-34.5 -> 40.4-41.5, of 256 x 128 30.1-32.2 ->
     * 42.7-43.9; but 16 samples of 512 x 512 33.5-35.6 -> 23.1-27.5 and 8 of 512 x 512 48.9-59.1 -> 13.8-17.1. On
     * 512-bit vectors (64-sample panels) the row product won up to 128 samples on a Zen 5 (see {@link #rowProduct}).
     */
    static final int ROW_PRODUCT_MAX_SAMPLES = WIDE ? Integer.MAX_VALUE : PW;
    /**
     * The forward product packs each panel of weights for blocks of at least this many samples and reads the weight
     * rows in place for fewer. The block's first tile reads the rows in place and copies the panel as it goes
     * ({@link #packingRowTile6x4}); the other tiles read the contiguous copy from L2. Measured on a Zen 5 (family 26
     * model 2, JDK 17, GFLOP/s in place -> packed while the first tile runs): 16 samples of 784 x 128 174 -> 184, of
     * 256 x 128 164 -> 183, of 784 x 512 168 -> 167; 24 of 784 x 512 144 -> 179; 32 of 784 x 512 160 -> 186, of
     * 512 x 512 162 -> 191, of 64 x 64 121 -> 170; 12 samples of 784 x 512 173 -> 153 (two tiles do not pay for the
     * copy's stores). A separate packing pass before the tiles (the earlier design) cost 784 x 512 about 45 us per
     * call, a quarter of its product at 32 samples: the copy streamed the weights from L3 with no FMAs to hide it.
     */
    static final int PACK_MIN_SAMPLES = 16;
    /** The weight gradient packs blocks of deltas larger than this ({@link #packsDeltas}). */
    static final long PACK_DELTAS_MIN_BYTES = 32 * 1024;

    /**
     * The species' vector class. A vector operand cast to it ({@code (FloatVector) VC.cast(v)}) has an exact class
     * when C2 parses the call, which C2 then binds statically instead of from a type profile that may be missing
     * (a call left virtual allocates every vector it touches; see the generator's VectorCode). Every vector stored
     * is cast too, the result of an operation included: one store straight from a {@code sub} was bound by profile
     * in some JVMs and boxed every vector of the step (hazard 7 in docs/kernels.md, 3.96 MB per step).
     */
    private static final Class<?> VC = S.vectorType();

    /** A panel's width of zeros: where a gradient tile that writes (does not accumulate) starts from. */
    private static final float[] ZEROS = new float[PW];

    @Override
    public void allocate(FloatDenseWorkspace ws) {
        int dim = Math.max(ws.maxInputs, ws.maxUnits);
        ws.panel = new float[dim * PW];
        ws.tailRows = new float[MR * dim];
        ws.gradientPanel = new float[(dim + MR) * PW];
        ws.tile = new float[MR * PW];
        ws.edgeBias = new float[V];
        ws.zeros = new float[Math.max(PW, ws.maxUnits)];
        ws.edgeColumns = new float[ws.maxSamples * V];
        ws.edgeRows = new float[MR][V];
        ws.lanes = new float[V];
        ws.nonzeroInputs = new float[ws.maxInputs];
        ws.nonzeroRows = new float[ws.maxInputs][];
        ws.stepRows = new float[MR][ws.maxUnits];
        if (NR == 4) {
            // the weight gradient's packed deltas (whole panels on 512-bit vectors only)
            ws.deltaPanels = new float[ws.maxSamples * ws.maxUnits];
        }
    }

    // ---------------------------------------------------------------------------------------------- forward

    @Override
    public void forward(float[] x, int xo, int ldx, int n, int inputs, float[][] w, float[] b, int units,
                        Activation activation, float alpha, float[] y, int yo, int ldy, FloatDenseWorkspace ws) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        if (n >= FEW) {
            product(x, xo, ldx, n, inputs, w, false, b, units, y, yo, ldy, ws);
        } else if (!WIDE && (long) inputs * units >= STREAM_ROWS_MIN_WEIGHTS) {
            streamed(x, xo, ldx, n, inputs, w, b, units, y, yo, ldy, ws);
        } else if (n == 1 && (long) inputs * units >= SKIP_ZEROS_MIN_WEIGHTS && hasZero(x, xo, inputs)) {
            // one sample with zero inputs (relu activations, blank pixels): only the rows of the others are read
            final int count = nonzero(x, xo, inputs, w, ws.nonzeroInputs, ws.nonzeroRows);
            final int done = rowGroups(ws.nonzeroInputs, 0, count, ws.nonzeroRows, b, units, y, yo);
            rowRest(ws.nonzeroInputs, 0, count, ws.nonzeroRows, b, done, units, y, yo, ws.tile);
        } else {
            // one or two samples: one pass over the weight rows, in memory order, for both
            final int done = n == 2 ? pairGroups(x, xo, ldx, inputs, w, b, units, y, yo, ldy)
                    : rowGroups(x, xo, inputs, w, b, units, y, yo);
            for (int s = 0; s < n; s++) {
                rowRest(x, xo + s * ldx, inputs, w, b, done, units, y, yo + s * ldy, ws.tile);
            }
        }
        activate(activation, alpha, y, yo, ldy, n, units);
    }

    /**
     * One or two samples through a layer of at least {@link #STREAM_ROWS_MIN_WEIGHTS} weights on narrow vectors,
     * four whole weight rows at a time; one sample reads only the rows of its nonzero inputs. A method of its own,
     * each row kernel called once: with a second inlined copy of a row kernel in {@code forward}, C2 (JDK 17) gave up
     * on the Vector API intrinsics there and allocated the vectors.
     */
    private static void streamed(float[] x, int xo, int ldx, int n, int inputs, float[][] w, float[] b, int units,
                                 float[] y, int yo, int ldy, FloatDenseWorkspace ws) {
        if (n == 2) {
            streamRowPairs(x, xo, ldx, inputs, w, b, units, y, yo, ldy);
            return;
        }
        final boolean skip = hasZero(x, xo, inputs);
        final int count = skip ? nonzero(x, xo, inputs, w, ws.nonzeroInputs, ws.nonzeroRows) : inputs;
        streamRows(skip ? ws.nonzeroInputs : x, skip ? 0 : xo, count, skip ? ws.nonzeroRows : w, b, units, y, yo);
    }

    /** Whether any of {@code x[xo .. xo + inputs)} is zero. */
    private static boolean hasZero(float[] x, int xo, int inputs) {
        final int kv = inputs - inputs % V;
        for (int k = 0; k < kv; k += V) {
            if (FloatVector.fromArray(S, x, xo + k).compare(VectorOperators.EQ, 0.0f).anyTrue()) {
                return true;
            }
        }
        for (int k = kv; k < inputs; k++) {
            if (x[xo + k] == 0.0f) {
                return true;
            }
        }
        return false;
    }

    /**
     * Packs the nonzero inputs of one sample and their weight rows, in order, into {@code xs} and {@code rows};
     * returns how many. A zero input's row adds {@code 0 * w = 0} to every sum, so the rows kernels give the
     * same sums over the packed rows (up to the sign of a zero sum, or a NaN from {@code 0 * infinity}) and read
     * only the rows that count: at batch 1 a layer is bound by how fast its rows stream in.
     */
    private static int nonzero(float[] x, int xo, int inputs, float[][] w, float[] xs, float[][] rows) {
        int count = 0;
        for (int k = 0; k < inputs; k++) {
            final float c = x[xo + k];
            if (c != 0.0f) {
                xs[count] = c;
                rows[count] = w[k];
                count++;
            }
        }
        return count;
    }

    /**
     * {@code y[yo + j] = b[j] + sum_k x[xo + k] w[k][j]} for one sample, the outputs accumulated in {@code y}
     * (L1) while four whole weight rows at a time stream in: a few long runs the prefetchers follow. Each output
     * is one FMA chain over {@code k} in order from the bias, as in {@link #rowGroup8}: the same bits.
     */
    private static void streamRows(float[] x, int xo, int inputs, float[][] w, float[] b, int units, float[] y,
                                   int yo) {
        final int jv = units - units % V;
        System.arraycopy(b, 0, y, yo, units);
        int k = 0;
        for (; k + 4 <= inputs; k += 4) {
            final float[] w0 = w[k];
            final float[] w1 = w[k + 1];
            final float[] w2 = w[k + 2];
            final float[] w3 = w[k + 3];
            final float c0 = x[xo + k];
            final float c1 = x[xo + k + 1];
            final float c2 = x[xo + k + 2];
            final float c3 = x[xo + k + 3];
            for (int j = 0; j < jv; j += V) {
                FloatVector acc = FloatVector.fromArray(S, y, yo + j);
                acc = FloatVector.fromArray(S, w0, j).fma(FloatVector.broadcast(S, c0), acc);
                acc = FloatVector.fromArray(S, w1, j).fma(FloatVector.broadcast(S, c1), acc);
                acc = FloatVector.fromArray(S, w2, j).fma(FloatVector.broadcast(S, c2), acc);
                acc = FloatVector.fromArray(S, w3, j).fma(FloatVector.broadcast(S, c3), acc);
                ((FloatVector) VC.cast(acc)).intoArray(y, yo + j);
            }
            for (int j = jv; j < units; j++) {
                y[yo + j] = Math.fma(c3, w3[j], Math.fma(c2, w2[j], Math.fma(c1, w1[j], Math.fma(c0, w0[j],
                        y[yo + j]))));
            }
        }
        for (; k < inputs; k++) {
            final float[] wk = w[k];
            final float c = x[xo + k];
            for (int j = 0; j < jv; j += V) {
                final FloatVector r = FloatVector.fromArray(S, wk, j)
                        .fma(FloatVector.broadcast(S, c), FloatVector.fromArray(S, y, yo + j));
                ((FloatVector) VC.cast(r)).intoArray(y, yo + j);
            }
            for (int j = jv; j < units; j++) {
                y[yo + j] = Math.fma(c, wk[j], y[yo + j]);
            }
        }
    }

    /** {@link #streamRows} for two samples (rows {@code xo} and {@code xo + ldx}), each weight vector loaded once. */
    private static void streamRowPairs(float[] x, int xo, int ldx, int inputs, float[][] w, float[] b, int units,
                                       float[] y, int yo, int ldy) {
        final int jv = units - units % V;
        final int x1 = xo + ldx;
        final int y1 = yo + ldy;
        System.arraycopy(b, 0, y, yo, units);
        System.arraycopy(b, 0, y, y1, units);
        int k = 0;
        for (; k + 4 <= inputs; k += 4) {
            final float[] w0 = w[k];
            final float[] w1 = w[k + 1];
            final float[] w2 = w[k + 2];
            final float[] w3 = w[k + 3];
            final float c0 = x[xo + k];
            final float c1 = x[xo + k + 1];
            final float c2 = x[xo + k + 2];
            final float c3 = x[xo + k + 3];
            final float e0 = x[x1 + k];
            final float e1 = x[x1 + k + 1];
            final float e2 = x[x1 + k + 2];
            final float e3 = x[x1 + k + 3];
            for (int j = 0; j < jv; j += V) {
                FloatVector acc = FloatVector.fromArray(S, y, yo + j);
                FloatVector add = FloatVector.fromArray(S, y, y1 + j);
                FloatVector r = FloatVector.fromArray(S, w0, j);
                acc = r.fma(FloatVector.broadcast(S, c0), acc);
                add = r.fma(FloatVector.broadcast(S, e0), add);
                r = FloatVector.fromArray(S, w1, j);
                acc = r.fma(FloatVector.broadcast(S, c1), acc);
                add = r.fma(FloatVector.broadcast(S, e1), add);
                r = FloatVector.fromArray(S, w2, j);
                acc = r.fma(FloatVector.broadcast(S, c2), acc);
                add = r.fma(FloatVector.broadcast(S, e2), add);
                r = FloatVector.fromArray(S, w3, j);
                acc = r.fma(FloatVector.broadcast(S, c3), acc);
                add = r.fma(FloatVector.broadcast(S, e3), add);
                ((FloatVector) VC.cast(acc)).intoArray(y, yo + j);
                ((FloatVector) VC.cast(add)).intoArray(y, y1 + j);
            }
            for (int j = jv; j < units; j++) {
                y[yo + j] = Math.fma(c3, w3[j], Math.fma(c2, w2[j], Math.fma(c1, w1[j], Math.fma(c0, w0[j],
                        y[yo + j]))));
                y[y1 + j] = Math.fma(e3, w3[j], Math.fma(e2, w2[j], Math.fma(e1, w1[j], Math.fma(e0, w0[j],
                        y[y1 + j]))));
            }
        }
        for (; k < inputs; k++) {
            final float[] wk = w[k];
            final float c = x[xo + k];
            final float e = x[x1 + k];
            for (int j = 0; j < jv; j += V) {
                final FloatVector r = FloatVector.fromArray(S, wk, j);
                final FloatVector a0 = r.fma(FloatVector.broadcast(S, c), FloatVector.fromArray(S, y, yo + j));
                final FloatVector a1 = r.fma(FloatVector.broadcast(S, e), FloatVector.fromArray(S, y, y1 + j));
                ((FloatVector) VC.cast(a0)).intoArray(y, yo + j);
                ((FloatVector) VC.cast(a1)).intoArray(y, y1 + j);
            }
            for (int j = jv; j < units; j++) {
                y[yo + j] = Math.fma(c, wk[j], y[yo + j]);
                y[y1 + j] = Math.fma(e, wk[j], y[y1 + j]);
            }
        }
    }

    /** The groups of {@value #ROW_GROUP} vectors of outputs of one sample; returns the first column not done. */
    private static int rowGroups(float[] x, int xo, int inputs, float[][] w, float[] b, int units, float[] y,
                                 int yo) {
        int j = 0;
        if (WIDE) {
            for (; j + 2 * ROW_GROUP * V <= units; j += 2 * ROW_GROUP * V) {
                rowGroup16(x, xo, inputs, w, b, j, y, yo);
            }
        }
        for (; j + ROW_GROUP * V <= units; j += ROW_GROUP * V) {
            rowGroup8(x, xo, inputs, w, b, j, y, yo);
        }
        return j;
    }

    /**
     * {@code y[yo + j ..] = b[j ..] + sum_k x[xo + k] w[k][j ..]} for 8 vectors of outputs: each weight row is
     * read once, 8 vectors in memory order, into 8 independent FMA chains.
     */
    private static void rowGroup8(float[] x, int xo, int inputs, float[][] w, float[] b, int j, float[] y, int yo) {
        FloatVector a0 = FloatVector.fromArray(S, b, j);
        FloatVector a1 = FloatVector.fromArray(S, b, j + V);
        FloatVector a2 = FloatVector.fromArray(S, b, j + 2 * V);
        FloatVector a3 = FloatVector.fromArray(S, b, j + 3 * V);
        FloatVector a4 = FloatVector.fromArray(S, b, j + 4 * V);
        FloatVector a5 = FloatVector.fromArray(S, b, j + 5 * V);
        FloatVector a6 = FloatVector.fromArray(S, b, j + 6 * V);
        FloatVector a7 = FloatVector.fromArray(S, b, j + 7 * V);
        for (int k = 0; k < inputs; k++) {
            final float[] wk = w[k];
            final FloatVector e = FloatVector.broadcast(S, x[xo + k]);
            a0 = FloatVector.fromArray(S, wk, j).fma(e, a0);
            a1 = FloatVector.fromArray(S, wk, j + V).fma(e, a1);
            a2 = FloatVector.fromArray(S, wk, j + 2 * V).fma(e, a2);
            a3 = FloatVector.fromArray(S, wk, j + 3 * V).fma(e, a3);
            a4 = FloatVector.fromArray(S, wk, j + 4 * V).fma(e, a4);
            a5 = FloatVector.fromArray(S, wk, j + 5 * V).fma(e, a5);
            a6 = FloatVector.fromArray(S, wk, j + 6 * V).fma(e, a6);
            a7 = FloatVector.fromArray(S, wk, j + 7 * V).fma(e, a7);
        }
        ((FloatVector) VC.cast(a0)).intoArray(y, yo + j);
        ((FloatVector) VC.cast(a1)).intoArray(y, yo + j + V);
        ((FloatVector) VC.cast(a2)).intoArray(y, yo + j + 2 * V);
        ((FloatVector) VC.cast(a3)).intoArray(y, yo + j + 3 * V);
        ((FloatVector) VC.cast(a4)).intoArray(y, yo + j + 4 * V);
        ((FloatVector) VC.cast(a5)).intoArray(y, yo + j + 5 * V);
        ((FloatVector) VC.cast(a6)).intoArray(y, yo + j + 6 * V);
        ((FloatVector) VC.cast(a7)).intoArray(y, yo + j + 7 * V);
    }

    /** As {@link #rowGroup8} for 16 vectors of outputs (wide vectors): half the passes over the rows, 16 FMA chains. */
    private static void rowGroup16(float[] x, int xo, int inputs, float[][] w, float[] b, int j, float[] y, int yo) {
        FloatVector a0 = FloatVector.fromArray(S, b, j);
        FloatVector a1 = FloatVector.fromArray(S, b, j + V);
        FloatVector a2 = FloatVector.fromArray(S, b, j + 2 * V);
        FloatVector a3 = FloatVector.fromArray(S, b, j + 3 * V);
        FloatVector a4 = FloatVector.fromArray(S, b, j + 4 * V);
        FloatVector a5 = FloatVector.fromArray(S, b, j + 5 * V);
        FloatVector a6 = FloatVector.fromArray(S, b, j + 6 * V);
        FloatVector a7 = FloatVector.fromArray(S, b, j + 7 * V);
        FloatVector a8 = FloatVector.fromArray(S, b, j + 8 * V);
        FloatVector a9 = FloatVector.fromArray(S, b, j + 9 * V);
        FloatVector a10 = FloatVector.fromArray(S, b, j + 10 * V);
        FloatVector a11 = FloatVector.fromArray(S, b, j + 11 * V);
        FloatVector a12 = FloatVector.fromArray(S, b, j + 12 * V);
        FloatVector a13 = FloatVector.fromArray(S, b, j + 13 * V);
        FloatVector a14 = FloatVector.fromArray(S, b, j + 14 * V);
        FloatVector a15 = FloatVector.fromArray(S, b, j + 15 * V);
        for (int k = 0; k < inputs; k++) {
            final float[] wk = w[k];
            final FloatVector e = FloatVector.broadcast(S, x[xo + k]);
            a0 = FloatVector.fromArray(S, wk, j).fma(e, a0);
            a1 = FloatVector.fromArray(S, wk, j + V).fma(e, a1);
            a2 = FloatVector.fromArray(S, wk, j + 2 * V).fma(e, a2);
            a3 = FloatVector.fromArray(S, wk, j + 3 * V).fma(e, a3);
            a4 = FloatVector.fromArray(S, wk, j + 4 * V).fma(e, a4);
            a5 = FloatVector.fromArray(S, wk, j + 5 * V).fma(e, a5);
            a6 = FloatVector.fromArray(S, wk, j + 6 * V).fma(e, a6);
            a7 = FloatVector.fromArray(S, wk, j + 7 * V).fma(e, a7);
            a8 = FloatVector.fromArray(S, wk, j + 8 * V).fma(e, a8);
            a9 = FloatVector.fromArray(S, wk, j + 9 * V).fma(e, a9);
            a10 = FloatVector.fromArray(S, wk, j + 10 * V).fma(e, a10);
            a11 = FloatVector.fromArray(S, wk, j + 11 * V).fma(e, a11);
            a12 = FloatVector.fromArray(S, wk, j + 12 * V).fma(e, a12);
            a13 = FloatVector.fromArray(S, wk, j + 13 * V).fma(e, a13);
            a14 = FloatVector.fromArray(S, wk, j + 14 * V).fma(e, a14);
            a15 = FloatVector.fromArray(S, wk, j + 15 * V).fma(e, a15);
        }
        ((FloatVector) VC.cast(a0)).intoArray(y, yo + j);
        ((FloatVector) VC.cast(a1)).intoArray(y, yo + j + V);
        ((FloatVector) VC.cast(a2)).intoArray(y, yo + j + 2 * V);
        ((FloatVector) VC.cast(a3)).intoArray(y, yo + j + 3 * V);
        ((FloatVector) VC.cast(a4)).intoArray(y, yo + j + 4 * V);
        ((FloatVector) VC.cast(a5)).intoArray(y, yo + j + 5 * V);
        ((FloatVector) VC.cast(a6)).intoArray(y, yo + j + 6 * V);
        ((FloatVector) VC.cast(a7)).intoArray(y, yo + j + 7 * V);
        ((FloatVector) VC.cast(a8)).intoArray(y, yo + j + 8 * V);
        ((FloatVector) VC.cast(a9)).intoArray(y, yo + j + 9 * V);
        ((FloatVector) VC.cast(a10)).intoArray(y, yo + j + 10 * V);
        ((FloatVector) VC.cast(a11)).intoArray(y, yo + j + 11 * V);
        ((FloatVector) VC.cast(a12)).intoArray(y, yo + j + 12 * V);
        ((FloatVector) VC.cast(a13)).intoArray(y, yo + j + 13 * V);
        ((FloatVector) VC.cast(a14)).intoArray(y, yo + j + 14 * V);
        ((FloatVector) VC.cast(a15)).intoArray(y, yo + j + 15 * V);
    }

    /** The groups of {@value #PAIR_GROUP} vectors of outputs of two samples; returns the first column not done. */
    private static int pairGroups(float[] x, int xo, int ldx, int inputs, float[][] w, float[] b, int units,
                                  float[] y, int yo, int ldy) {
        int j = 0;
        for (; j + PAIR_GROUP * V <= units; j += PAIR_GROUP * V) {
            if (PAIR_GROUP == 8) {
                pairGroup8(x, xo, ldx, inputs, w, b, j, y, yo, ldy);
            } else {
                pairGroup4(x, xo, ldx, inputs, w, b, j, y, yo, ldy);
            }
        }
        return j;
    }

    /** As {@link #rowGroup8} for two samples, each weight vector loaded once for both: 16 accumulators. */
    private static void pairGroup8(float[] x, int xo, int ldx, int inputs, float[][] w, float[] b, int j,
                                   float[] y, int yo, int ldy) {
        FloatVector a0 = FloatVector.fromArray(S, b, j);
        FloatVector a1 = FloatVector.fromArray(S, b, j + V);
        FloatVector a2 = FloatVector.fromArray(S, b, j + 2 * V);
        FloatVector a3 = FloatVector.fromArray(S, b, j + 3 * V);
        FloatVector a4 = FloatVector.fromArray(S, b, j + 4 * V);
        FloatVector a5 = FloatVector.fromArray(S, b, j + 5 * V);
        FloatVector a6 = FloatVector.fromArray(S, b, j + 6 * V);
        FloatVector a7 = FloatVector.fromArray(S, b, j + 7 * V);
        FloatVector b0 = a0;
        FloatVector b1 = a1;
        FloatVector b2 = a2;
        FloatVector b3 = a3;
        FloatVector b4 = a4;
        FloatVector b5 = a5;
        FloatVector b6 = a6;
        FloatVector b7 = a7;
        final int x1 = xo + ldx;
        for (int k = 0; k < inputs; k++) {
            final float[] wk = w[k];
            final FloatVector e = FloatVector.broadcast(S, x[xo + k]);
            final FloatVector f = FloatVector.broadcast(S, x[x1 + k]);
            FloatVector r = FloatVector.fromArray(S, wk, j);
            a0 = r.fma(e, a0);
            b0 = r.fma(f, b0);
            r = FloatVector.fromArray(S, wk, j + V);
            a1 = r.fma(e, a1);
            b1 = r.fma(f, b1);
            r = FloatVector.fromArray(S, wk, j + 2 * V);
            a2 = r.fma(e, a2);
            b2 = r.fma(f, b2);
            r = FloatVector.fromArray(S, wk, j + 3 * V);
            a3 = r.fma(e, a3);
            b3 = r.fma(f, b3);
            r = FloatVector.fromArray(S, wk, j + 4 * V);
            a4 = r.fma(e, a4);
            b4 = r.fma(f, b4);
            r = FloatVector.fromArray(S, wk, j + 5 * V);
            a5 = r.fma(e, a5);
            b5 = r.fma(f, b5);
            r = FloatVector.fromArray(S, wk, j + 6 * V);
            a6 = r.fma(e, a6);
            b6 = r.fma(f, b6);
            r = FloatVector.fromArray(S, wk, j + 7 * V);
            a7 = r.fma(e, a7);
            b7 = r.fma(f, b7);
        }
        ((FloatVector) VC.cast(a0)).intoArray(y, yo + j);
        ((FloatVector) VC.cast(a1)).intoArray(y, yo + j + V);
        ((FloatVector) VC.cast(a2)).intoArray(y, yo + j + 2 * V);
        ((FloatVector) VC.cast(a3)).intoArray(y, yo + j + 3 * V);
        ((FloatVector) VC.cast(a4)).intoArray(y, yo + j + 4 * V);
        ((FloatVector) VC.cast(a5)).intoArray(y, yo + j + 5 * V);
        ((FloatVector) VC.cast(a6)).intoArray(y, yo + j + 6 * V);
        ((FloatVector) VC.cast(a7)).intoArray(y, yo + j + 7 * V);
        final int y1 = yo + ldy;
        ((FloatVector) VC.cast(b0)).intoArray(y, y1 + j);
        ((FloatVector) VC.cast(b1)).intoArray(y, y1 + j + V);
        ((FloatVector) VC.cast(b2)).intoArray(y, y1 + j + 2 * V);
        ((FloatVector) VC.cast(b3)).intoArray(y, y1 + j + 3 * V);
        ((FloatVector) VC.cast(b4)).intoArray(y, y1 + j + 4 * V);
        ((FloatVector) VC.cast(b5)).intoArray(y, y1 + j + 5 * V);
        ((FloatVector) VC.cast(b6)).intoArray(y, y1 + j + 6 * V);
        ((FloatVector) VC.cast(b7)).intoArray(y, y1 + j + 7 * V);
    }

    /** As {@link #pairGroup8} with 4 vectors (narrow species: 8 accumulators of 16 AVX2 registers). */
    private static void pairGroup4(float[] x, int xo, int ldx, int inputs, float[][] w, float[] b, int j,
                                   float[] y, int yo, int ldy) {
        FloatVector a0 = FloatVector.fromArray(S, b, j);
        FloatVector a1 = FloatVector.fromArray(S, b, j + V);
        FloatVector a2 = FloatVector.fromArray(S, b, j + 2 * V);
        FloatVector a3 = FloatVector.fromArray(S, b, j + 3 * V);
        FloatVector b0 = a0;
        FloatVector b1 = a1;
        FloatVector b2 = a2;
        FloatVector b3 = a3;
        final int x1 = xo + ldx;
        for (int k = 0; k < inputs; k++) {
            final float[] wk = w[k];
            final FloatVector e = FloatVector.broadcast(S, x[xo + k]);
            final FloatVector f = FloatVector.broadcast(S, x[x1 + k]);
            FloatVector r = FloatVector.fromArray(S, wk, j);
            a0 = r.fma(e, a0);
            b0 = r.fma(f, b0);
            r = FloatVector.fromArray(S, wk, j + V);
            a1 = r.fma(e, a1);
            b1 = r.fma(f, b1);
            r = FloatVector.fromArray(S, wk, j + 2 * V);
            a2 = r.fma(e, a2);
            b2 = r.fma(f, b2);
            r = FloatVector.fromArray(S, wk, j + 3 * V);
            a3 = r.fma(e, a3);
            b3 = r.fma(f, b3);
        }
        ((FloatVector) VC.cast(a0)).intoArray(y, yo + j);
        ((FloatVector) VC.cast(a1)).intoArray(y, yo + j + V);
        ((FloatVector) VC.cast(a2)).intoArray(y, yo + j + 2 * V);
        ((FloatVector) VC.cast(a3)).intoArray(y, yo + j + 3 * V);
        final int y1 = yo + ldy;
        ((FloatVector) VC.cast(b0)).intoArray(y, y1 + j);
        ((FloatVector) VC.cast(b1)).intoArray(y, y1 + j + V);
        ((FloatVector) VC.cast(b2)).intoArray(y, y1 + j + 2 * V);
        ((FloatVector) VC.cast(b3)).intoArray(y, y1 + j + 3 * V);
    }

    /**
     * The columns {@code j0 ..} of one sample that no group covered: single vectors with 4 partial sums each (4
     * independent chains), then the last partial vector's columns as scalar sums in {@code tail}.
     */
    private static void rowRest(float[] x, int xo, int inputs, float[][] w, float[] b, int j0, int units,
                                float[] y, int yo, float[] tail) {
        int j = j0;
        for (; j + V <= units; j += V) {
            FloatVector p0 = FloatVector.fromArray(S, b, j);
            FloatVector q0 = FloatVector.zero(S);
            FloatVector r0 = q0;
            FloatVector t0 = q0;
            int k = 0;
            for (; k + 4 <= inputs; k += 4) {
                p0 = FloatVector.fromArray(S, w[k], j).fma(FloatVector.broadcast(S, x[xo + k]), p0);
                q0 = FloatVector.fromArray(S, w[k + 1], j).fma(FloatVector.broadcast(S, x[xo + k + 1]), q0);
                r0 = FloatVector.fromArray(S, w[k + 2], j).fma(FloatVector.broadcast(S, x[xo + k + 2]), r0);
                t0 = FloatVector.fromArray(S, w[k + 3], j).fma(FloatVector.broadcast(S, x[xo + k + 3]), t0);
            }
            for (; k < inputs; k++) {
                p0 = FloatVector.fromArray(S, w[k], j).fma(FloatVector.broadcast(S, x[xo + k]), p0);
            }
            ((FloatVector) VC.cast(p0.add(q0).add(r0.add(t0)))).intoArray(y, yo + j);
        }
        if (j < units) {
            final int cols = units - j;
            System.arraycopy(b, j, tail, 0, cols);
            for (int k = 0; k < inputs; k++) {
                final float c = x[xo + k];
                final float[] wk = w[k];
                for (int q = 0; q < cols; q++) {
                    tail[q] = Math.fma(c, wk[j + q], tail[q]);
                }
            }
            System.arraycopy(tail, 0, y, yo + j, cols);
        }
    }

    // ------------------------------------------------------------------------------------- input gradient

    @Override
    public void inputGradient(float[] d, int dOff, int ldd, int n, int units, float[][] w, int inputs,
                              Activation activation, float alpha, float[] a, int ao, int lda,
                              float[] dx, int dxo, int lddx, FloatDenseWorkspace ws) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        if (n < FEW_INPUT_GRADIENT) {
            for (int s = 0; s < n; s++) {
                inputGradientRow(d, dOff + s * ldd, units, w, inputs, dx, dxo + s * lddx, ws.lanes);
            }
        } else if (n <= ROW_PRODUCT_MAX_SAMPLES && (long) n * (units + inputs) < (long) units * inputs) {
            rowProduct(d, dOff, ldd, n, units, w, inputs, dx, dxo, lddx, ws);
        } else {
            product(d, dOff, ldd, n, units, w, true, null, inputs, dx, dxo, lddx, ws);
        }
        derive(activation, alpha, a, ao, lda, dx, dxo, lddx, n, inputs);
    }

    /**
     * {@code dx[s][i] = sum_j d[s][j] w[i][j]} computed as {@code dx^T = W d^T}: the weight rows are the tiles'
     * left operand (six at a time, read in place) and the block's deltas, transposed, the panel (samples as
     * columns); the panel's finished gradient is transposed back into {@code dx}. Transposing deltas and gradient
     * moves {@code n (units + inputs)} values where the transposed product moves {@code inputs units} (its panel of
     * W^T): at 32 samples of a 512 x 512 layer that copy took longer than the product. The same fused
     * multiply-adds in the same order as the transposed product: the same bits.
     */
    private static void rowProduct(float[] d, int dOff, int ldd, int n, int units, float[][] w, int inputs,
                                   float[] dx, int dxo, int lddx, FloatDenseWorkspace ws) {
        final float[] out = ws.gradientPanel;
        for (int s0 = 0; s0 < n; s0 += PW) {
            final int cols = Math.min(PW, n - s0);
            // the narrowest tile that covers the panel's samples; tile6x1 reads its panel at stride V
            final int width = cols <= V ? V : cols <= 2 * V ? 2 * V : PW;
            final int stride = width == V ? V : PW;
            transpose(d, dOff + s0 * ldd, ldd, cols, units, ws.panel, 0, stride);
            if (cols < width) {
                for (int j = 0; j < units; j++) {
                    Arrays.fill(ws.panel, j * stride + cols, j * stride + width, 0.0f);
                }
            }
            for (int i = 0; i < inputs; i += MR) {
                // six weight rows as the tile's left operand, rows of zeros past the last
                final float[] w0 = w[i];
                final float[] w1 = i + 1 < inputs ? w[i + 1] : ws.zeros;
                final float[] w2 = i + 2 < inputs ? w[i + 2] : ws.zeros;
                final float[] w3 = i + 3 < inputs ? w[i + 3] : ws.zeros;
                final float[] w4 = i + 4 < inputs ? w[i + 4] : ws.zeros;
                final float[] w5 = i + 5 < inputs ? w[i + 5] : ws.zeros;
                if (width == V) {
                    weightRowsTile6x1(w0, w1, w2, w3, w4, w5, ws.panel, units, ws.zeros, 0, out, i * PW, PW);
                } else if (width == 2 * V) {
                    weightRowsTile6x2(w0, w1, w2, w3, w4, w5, ws.panel, units, ws.zeros, 0, out, i * PW, PW);
                } else {
                    weightRowsTile6x4(w0, w1, w2, w3, w4, w5, ws.panel, units, ws.zeros, 0, out, i * PW, PW);
                }
            }
            transpose(out, 0, PW, inputs, cols, dx, dxo + s0 * lddx, lddx);
        }
    }

    /**
     * {@code dst[dOff + c * ldd + r] = src[sOff + r * lds + c]} for {@code r < rows}, {@code c < cols}: four source
     * rows at a time over 32 columns, so that the lines written stay in L1 while they fill.
     */
    private static void transpose(float[] src, int sOff, int lds, int rows, int cols, float[] dst, int dOff,
                                  int ldd) {
        final int r4 = rows - rows % 4;
        for (int c0 = 0; c0 < cols; c0 += 32) {
            final int c1 = Math.min(cols, c0 + 32);
            for (int r = 0; r < r4; r += 4) {
                final int s = sOff + r * lds;
                for (int c = c0, o = dOff + c0 * ldd + r; c < c1; c++, o += ldd) {
                    dst[o] = src[s + c];
                    dst[o + 1] = src[s + lds + c];
                    dst[o + 2] = src[s + 2 * lds + c];
                    dst[o + 3] = src[s + 3 * lds + c];
                }
            }
            for (int r = r4; r < rows; r++) {
                for (int c = c0, o = dOff + c0 * ldd + r; c < c1; c++, o += ldd) {
                    dst[o] = src[sOff + r * lds + c];
                }
            }
        }
    }

    /**
     * The sum of a vector's lanes, stored in {@code lanes} by the caller, in a fixed order (four partial sums):
     * {@code reduceLanes(ADD)} may add them in another order once C2 has compiled the caller than before, so two
     * kernels that promise the same bits (the input gradient alone and fused with the one-sample step) could
     * disagree while one of them warms up (seen on 256-bit vectors of doubles, JDK 17). The caller stores the
     * vector: one passed to a method C2 does not inline is boxed at every call (docs/kernels.md, hazard 5).
     */
    private static float sumLanes(float[] lanes) {
        if (V < 4) {
            return V == 1 ? lanes[0] : lanes[0] + lanes[1];
        }
        float s0 = lanes[0];
        float s1 = lanes[1];
        float s2 = lanes[2];
        float s3 = lanes[3];
        for (int k = 4; k < V; k += 4) {
            s0 += lanes[k];
            s1 += lanes[k + 1];
            s2 += lanes[k + 2];
            s3 += lanes[k + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code dx[dxo + i] = w[i] . d[dOff ..]} for one sample: dot products over the stored rows. */
    private static void inputGradientRow(float[] d, int dOff, int units, float[][] w, int inputs,
                                         float[] dx, int dxo, float[] lanes) {
        final int jv = units - units % V;
        for (int i = 0; i < inputs; i++) {
            final float[] wi = w[i];
            float sum = 0.0f;
            if (jv > 0) {
                FloatVector p = FloatVector.zero(S);
                FloatVector q = p;
                int j = 0;
                for (; j + 2 * V <= jv; j += 2 * V) {
                    p = FloatVector.fromArray(S, wi, j).fma(FloatVector.fromArray(S, d, dOff + j), p);
                    q = FloatVector.fromArray(S, wi, j + V).fma(FloatVector.fromArray(S, d, dOff + j + V), q);
                }
                if (j < jv) {
                    p = FloatVector.fromArray(S, wi, j).fma(FloatVector.fromArray(S, d, dOff + j), p);
                }
                ((FloatVector) VC.cast(p.add(q))).intoArray(lanes, 0);
                sum = sumLanes(lanes);
            }
            for (int j = jv; j < units; j++) {
                sum = Math.fma(wi[j], d[dOff + j], sum);
            }
            dx[dxo + i] = sum;
        }
    }

    // ------------------------------------------------------------------------------------ weight gradient

    @Override
    public void weightGradient(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                               int units, float[][] gw, float[] gb, boolean accumulate, float[][] w, float[] b,
                               float scale, float lr, FloatDenseWorkspace ws) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        final int jv = units - units % V;
        if (!accumulate) {
            Arrays.fill(gb, 0, units, 0.0f);
        }
        for (int s = 0; s < n; s++) {
            final int ds = dOff + s * ldd;
            for (int j = 0; j < jv; j += V) {
                final FloatVector sum = FloatVector.fromArray(S, gb, j).add(FloatVector.fromArray(S, d, ds + j));
                ((FloatVector) VC.cast(sum)).intoArray(gb, j);
            }
            for (int j = jv; j < units; j++) {
                gb[j] += d[ds + j];
            }
        }
        if (w != null) {
            sgdRow(gb, b, 0, units, scale, lr);
        }
        if (gw == null) {
            stepUnkept(x, xo, ldx, n, inputs, d, dOff, ldd, units, w, scale, lr, ws);
            return;
        }
        gradientMatrix(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, accumulate, w, scale, lr, false, true, ws);
    }

    /**
     * The SGD step of a whole batch without keeping the weight gradient ({@code gw} null): {@value #MR} rows at a
     * time, the gradient rows are computed as {@link #gradientMatrix} computes them, into the workspace's
     * {@code stepRows} (which stay in L1), and the weights stepped from there; nothing leaves L1 but the weights.
     * A group of rows starts at a multiple of {@value #MR}, so every row takes the path (tile or single row) it takes
     * in the whole matrix: the same sums, the same bits as {@code weightGradientAndSgd}. On 512-bit vectors, where
     * the panels cover the units, a whole group's tiles each step their part of the weights as they finish
     * (the sums stored into one tile, stepped from there): the weights' L3 traffic comes between the tiles' FMAs instead of in one burst after a
     * group's, and the mean is not stored. Zen 5 (family 26 model 2, kernels alone, old and new alternated, 10
     * pairs): JDK 17 784-512-512-10 b=32 1.105x, 784-256-128-10 b=128 1.023x, 784-128-10 b=32 1.113x; JDK 25
     * 1.057x, 1.161x, 1.099x.
     *
     * <p>Where the deltas outgrow L1 ({@link #packsDeltas}) those tiles read them packed ({@link #packDeltaPanels}),
     * each panel one contiguous {@code n x PW} block, and a panel runs down every group of rows before the next, so
     * it stays in L1 (32 KB at 128 samples) while the inputs come from L2. In place, a panel's rows lie a whole row
     * of deltas apart (a multiple of 1 KB in wide layers), which puts them all in a few of L1's sets; read again from
     * L2 for every group, they held the step to about two thirds of the FMA peak. The inputs stay in place: packing
     * them too (groups of six) cost more than it saved on layers of one or two panels (784 x 128 at 128 samples
     * 0.80x).
     */
    private static void stepUnkept(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                                   int units, float[][] w, float scale, float lr, FloatDenseWorkspace ws) {
        final float[][] g = ws.stepRows;
        final boolean edge = n >= FEW && units % V != 0;
        if (edge) {
            edgeColumns(d, dOff, ldd, n, units, ws.edgeColumns);
        }
        // whole groups of whole panels on 512-bit vectors: each tile's sums stepped into the weights as the tile
        // finishes them (the weights' traffic spread over the FMAs, not in one burst after the group's)
        final boolean tiles = NR == 4 && n >= FEW && units % PW == 0;
        final int whole = inputs - inputs % MR;
        if (tiles && packsDeltas(n, units)) {
            final float[] dp = ws.deltaPanels;
            packDeltaPanels(d, dOff, ldd, n, units, dp);
            final float[] t = ws.tile;
            for (int j = 0; j < units; j += PW) {
                for (int i = 0; i < whole; i += MR) {
                    gradientTile6x4(x, xo + i, ldx, n, dp, j * n, PW, t, w, i, j, scale, lr);
                }
            }
        } else if (tiles) {
            final float[] t = ws.tile;
            for (int i = 0; i < whole; i += MR) {
                for (int j = 0; j < units; j += PW) {
                    gradientTile6x4(x, xo + i, ldx, n, d, dOff + j, ldd, t, w, i, j, scale, lr);
                }
            }
        }
        for (int i = tiles ? whole : 0; i < inputs; i += MR) {
            final int r = Math.min(MR, inputs - i);
            gradientMatrix(x, xo + i, ldx, n, r, d, dOff, ldd, units, g, false, null, 0.0f, 0.0f, edge, false, ws);
            for (int q = 0; q < r; q++) {
                // the mean goes back to the scratch row only
                sgdRow(g[q], w[i + q], 0, units, scale, lr);
            }
        }
    }

    /**
     * Whether the weight gradient's whole tiles read the deltas packed ({@link #packDeltaPanels}): when the block's
     * deltas are more than {@value #PACK_DELTAS_MIN_BYTES} bytes. Smaller ones stay in L1 (every x86 core's holds
     * 32 KB) across a group of rows' tiles wherever they lie, and the copy and the panel-first order only cost: Zen 5
     * (family 26 model 2), generated classes, old and new alternated in both orders, packing every block: 784-128-10
     * training at 32 samples (16 KB of deltas) 0.96-0.98x on JDK 17 and 25, 784-512-512-10 at 128 (256 KB)
     * 1.02-1.05x.
     */
    static boolean packsDeltas(int n, int units) {
        return (long) n * units * S.elementSize() / 8 > PACK_DELTAS_MIN_BYTES;
    }

    /**
     * The deltas of whole panels packed for the weight-gradient tiles: {@code dp[j*n + s*PW + c] = d[dOff + s*ldd +
     * j + c]} for each panel {@code j < jp} of {@link #PW} units, so that a tile reads its panel from {@code j*n} with
     * leading dimension {@link #PW}, in memory order. A copy only: the tiles compute the same sums.
     */
    private static void packDeltaPanels(float[] d, int dOff, int ldd, int n, int jp, float[] dp) {
        for (int s = 0; s < n; s++) {
            final int ds = dOff + s * ldd;
            for (int j = 0; j < jp; j += PW) {
                System.arraycopy(d, ds + j, dp, j * n + s * PW, PW);
            }
        }
    }

    /**
     * {@code gw (+)= x^T d} and, if {@code w} is given, the step: {@link #weightGradient} after the bias.
     * {@code edgeReady}: the workspace's {@code edgeColumns} already hold the deltas' last columns
     * ({@link #edgeColumns}).
     */
    private static void gradientMatrix(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                                       int units, float[][] gw, boolean accumulate, float[][] w, float scale,
                                       float lr, boolean edgeReady, boolean pack, FloatDenseWorkspace ws) {
        final int jv = units - units % V;
        if (n < FEW) {
            gradientRows(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, accumulate, w, scale, lr, ws.zeros);
            return;
        }
        final int jp = units - units % PW;
        gradientPanels(x, xo, ldx, n, inputs, d, dOff, ldd, gw, jp, accumulate, w, scale, lr, pack ? ws : null);
        for (int j = jp; j < jv; j += V) {
            gradientColumns(x, xo, ldx, n, inputs, d, dOff + j, ldd, gw, j, accumulate, w, scale, lr);
        }
        if (jv < units) {
            // the last columns: deltas zero-padded to a vector, gradient rows through the edge tile
            final int cols = units - jv;
            final float[] e = ws.edgeColumns;
            if (!edgeReady) {
                edgeColumns(d, dOff, ldd, n, units, e);
            }
            final float[][] edge = ws.edgeRows;
            for (int i = 0; i < inputs; i += MR) {
                final int r = Math.min(MR, inputs - i);
                gradientColumns(x, xo + i, ldx, n, r, e, 0, V, edge, 0, false, null, 0.0f, 0.0f);
                for (int q = 0; q < r; q++) {
                    final float[] g = gw[i + q];
                    final float[] t = edge[q];
                    for (int c = 0; c < cols; c++) {
                        g[jv + c] = (accumulate ? g[jv + c] : 0.0f) + t[c];
                    }
                    if (w != null) {
                        sgdRow(g, w[i + q], jv, cols, scale, lr);
                    }
                }
            }
        }
    }

    /**
     * {@code e[s][0 .. V) = d[s][jv .. units)} zero-padded to a vector, where {@code jv} is the last whole vector's
     * end.
     */
    private static void edgeColumns(float[] d, int dOff, int ldd, int n, int units, float[] e) {
        final int jv = units - units % V;
        final int cols = units - jv;
        for (int s = 0; s < n; s++) {
            System.arraycopy(d, dOff + s * ldd + jv, e, s * V, cols);
            Arrays.fill(e, s * V + cols, (s + 1) * V, 0.0f);
        }
    }

    /**
     * The plain SGD step on a finished gradient: {@code g = g * scale} (the mean, kept), {@code p -= lr * g}, over
     * {@code [j, j + cols)}, rounded after each operation (no fused multiply-add), as the generated update loops.
     */
    private static void sgdRow(float[] g, float[] p, int j, int cols, float scale, float lr) {
        final int end = j + cols;
        final int jv = j + cols - cols % V;
        for (int c = j; c < jv; c += V) {
            final FloatVector m = ((FloatVector) VC.cast(FloatVector.fromArray(S, g, c))).mul(scale);
            ((FloatVector) VC.cast(m)).intoArray(g, c);
            final FloatVector stepped = ((FloatVector) VC.cast(FloatVector.fromArray(S, p, c)))
                    .sub(((FloatVector) VC.cast(m)).mul(lr));
            ((FloatVector) VC.cast(stepped)).intoArray(p, c);
        }
        for (int c = jv; c < end; c++) {
            final float m = g[c] * scale;
            g[c] = m;
            p[c] = p[c] - lr * m;
        }
    }

    /**
     * {@code gw[i][0 .. jp) (+)= sum_s x[s][i] d[s][..]} for every row {@code i < rows}, accumulated into {@code gw}
     * or written ({@code !accumulate}), and, if {@code w} is given, each finished tile stepped by SGD straight from
     * the registers. A tile of {@value #MR} rows runs along the rows, every panel of columns, before the next: the
     * gradient and weight rows are then read and written in memory order (streams the prefetcher follows, not a
     * 2 KB stride), and the tile's inputs stay in L1 while the deltas' panels come from L2. With a workspace
     * ({@code packed}, 512-bit vectors) the whole tiles read the deltas packed as {@link #stepUnkept}'s
     * ({@link #packDeltaPanels}): each panel in memory order rather than a row of deltas apart.
     */
    private static void gradientPanels(float[] x, int xo, int ldx, int n, int rows, float[] d, int dOff, int ldd,
                                       float[][] gw, int jp, boolean accumulate, float[][] w, float scale, float lr,
                                       FloatDenseWorkspace packed) {
        final int whole = rows - rows % MR;
        final boolean packedTiles = NR == 4 && packed != null && whole > 0 && jp > 0 && packsDeltas(n, jp);
        if (packedTiles) {
            final float[] dp = packed.deltaPanels;
            packDeltaPanels(d, dOff, ldd, n, jp, dp);
            for (int i = 0; i < whole; i += MR) {
                for (int j = 0; j < jp; j += PW) {
                    gradientTile6x4(x, xo + i, ldx, n, dp, j * n, PW, gw, i, j, accumulate, w, scale, lr);
                }
            }
        }
        for (int i = 0; i < whole && !packedTiles; i += MR) {
            for (int j = 0; j < jp; j += PW) {
                if (NR == 4) {
                    gradientTile6x4(x, xo + i, ldx, n, d, dOff + j, ldd, gw, i, j, accumulate, w, scale, lr);
                } else {
                    gradientTile6x2(x, xo + i, ldx, n, d, dOff + j, ldd, gw, i, j, accumulate, w, scale, lr);
                }
            }
        }
        for (int i = whole; i < rows; i++) {
            final float[] p = w == null ? null : w[i];
            for (int j = 0; j < jp; j += V) {
                gradientRow1(x, xo + i, ldx, n, d, dOff + j, ldd, gw[i], j, accumulate, p, scale, lr);
            }
        }
    }

    /** As {@link #gradientPanels} for one vector of columns. */
    private static void gradientColumns(float[] x, int xo, int ldx, int n, int rows, float[] d, int dOff, int ldd,
                                        float[][] gw, int j, boolean accumulate, float[][] w, float scale, float lr) {
        final int whole = rows - rows % MR;
        for (int i = 0; i < whole; i += MR) {
            gradientTile6x1(x, xo + i, ldx, n, d, dOff, ldd, gw, i, j, accumulate, w, scale, lr);
        }
        for (int i = whole; i < rows; i++) {
            gradientRow1(x, xo + i, ldx, n, d, dOff, ldd, gw[i], j, accumulate, w == null ? null : w[i], scale, lr);
        }
    }

    /**
     * {@code gw[i + r][j ..] (+)= sum_s x[xo + s*ldx + r] d[dOff + s*ldd ..]}: 6 rows x 4 vectors in registers.
     * Every vector operand is cast to the species' class ({@link #VC}).
     */
    private static void gradientTile6x4(float[] x, int xo, int ldx, int n, float[] d, int dOff, int ldd,
                                        float[][] gw, int i, int j, boolean accumulate, float[][] w,
                                        float scale, float lr) {
        final float[] g0 = gw[i + 0];
        final float[] g1 = gw[i + 1];
        final float[] g2 = gw[i + 2];
        final float[] g3 = gw[i + 3];
        final float[] g4 = gw[i + 4];
        final float[] g5 = gw[i + 5];
        // the start: the stored sums, or a row of zeros (no zeroing pass over gw)
        final int k = accumulate ? j : 0;
        final float[] h0 = accumulate ? g0 : ZEROS;
        final float[] h1 = accumulate ? g1 : ZEROS;
        final float[] h2 = accumulate ? g2 : ZEROS;
        final float[] h3 = accumulate ? g3 : ZEROS;
        final float[] h4 = accumulate ? g4 : ZEROS;
        final float[] h5 = accumulate ? g5 : ZEROS;
        FloatVector a00 = FloatVector.fromArray(S, h0, k);
        FloatVector a01 = FloatVector.fromArray(S, h0, k + V);
        FloatVector a02 = FloatVector.fromArray(S, h0, k + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, h0, k + 3 * V);
        FloatVector a10 = FloatVector.fromArray(S, h1, k);
        FloatVector a11 = FloatVector.fromArray(S, h1, k + V);
        FloatVector a12 = FloatVector.fromArray(S, h1, k + 2 * V);
        FloatVector a13 = FloatVector.fromArray(S, h1, k + 3 * V);
        FloatVector a20 = FloatVector.fromArray(S, h2, k);
        FloatVector a21 = FloatVector.fromArray(S, h2, k + V);
        FloatVector a22 = FloatVector.fromArray(S, h2, k + 2 * V);
        FloatVector a23 = FloatVector.fromArray(S, h2, k + 3 * V);
        FloatVector a30 = FloatVector.fromArray(S, h3, k);
        FloatVector a31 = FloatVector.fromArray(S, h3, k + V);
        FloatVector a32 = FloatVector.fromArray(S, h3, k + 2 * V);
        FloatVector a33 = FloatVector.fromArray(S, h3, k + 3 * V);
        FloatVector a40 = FloatVector.fromArray(S, h4, k);
        FloatVector a41 = FloatVector.fromArray(S, h4, k + V);
        FloatVector a42 = FloatVector.fromArray(S, h4, k + 2 * V);
        FloatVector a43 = FloatVector.fromArray(S, h4, k + 3 * V);
        FloatVector a50 = FloatVector.fromArray(S, h5, k);
        FloatVector a51 = FloatVector.fromArray(S, h5, k + V);
        FloatVector a52 = FloatVector.fromArray(S, h5, k + 2 * V);
        FloatVector a53 = FloatVector.fromArray(S, h5, k + 3 * V);
        for (int s = 0; s < n; s++) {
            final int xs = xo + s * ldx;
            final int ds = dOff + s * ldd;
            final FloatVector e0 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds)));
            final FloatVector e1 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds + V)));
            final FloatVector e2 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds + 2 * V)));
            final FloatVector e3 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds + 3 * V)));
            FloatVector c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs])));
            a00 = e0.fma(c, ((FloatVector) VC.cast(a00)));
            a01 = e1.fma(c, ((FloatVector) VC.cast(a01)));
            a02 = e2.fma(c, ((FloatVector) VC.cast(a02)));
            a03 = e3.fma(c, ((FloatVector) VC.cast(a03)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 1])));
            a10 = e0.fma(c, ((FloatVector) VC.cast(a10)));
            a11 = e1.fma(c, ((FloatVector) VC.cast(a11)));
            a12 = e2.fma(c, ((FloatVector) VC.cast(a12)));
            a13 = e3.fma(c, ((FloatVector) VC.cast(a13)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 2])));
            a20 = e0.fma(c, ((FloatVector) VC.cast(a20)));
            a21 = e1.fma(c, ((FloatVector) VC.cast(a21)));
            a22 = e2.fma(c, ((FloatVector) VC.cast(a22)));
            a23 = e3.fma(c, ((FloatVector) VC.cast(a23)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 3])));
            a30 = e0.fma(c, ((FloatVector) VC.cast(a30)));
            a31 = e1.fma(c, ((FloatVector) VC.cast(a31)));
            a32 = e2.fma(c, ((FloatVector) VC.cast(a32)));
            a33 = e3.fma(c, ((FloatVector) VC.cast(a33)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 4])));
            a40 = e0.fma(c, ((FloatVector) VC.cast(a40)));
            a41 = e1.fma(c, ((FloatVector) VC.cast(a41)));
            a42 = e2.fma(c, ((FloatVector) VC.cast(a42)));
            a43 = e3.fma(c, ((FloatVector) VC.cast(a43)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 5])));
            a50 = e0.fma(c, ((FloatVector) VC.cast(a50)));
            a51 = e1.fma(c, ((FloatVector) VC.cast(a51)));
            a52 = e2.fma(c, ((FloatVector) VC.cast(a52)));
            a53 = e3.fma(c, ((FloatVector) VC.cast(a53)));
        }
        ((FloatVector) VC.cast(a00)).intoArray(g0, j);
        ((FloatVector) VC.cast(a01)).intoArray(g0, j + V);
        ((FloatVector) VC.cast(a02)).intoArray(g0, j + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(g0, j + 3 * V);
        ((FloatVector) VC.cast(a10)).intoArray(g1, j);
        ((FloatVector) VC.cast(a11)).intoArray(g1, j + V);
        ((FloatVector) VC.cast(a12)).intoArray(g1, j + 2 * V);
        ((FloatVector) VC.cast(a13)).intoArray(g1, j + 3 * V);
        ((FloatVector) VC.cast(a20)).intoArray(g2, j);
        ((FloatVector) VC.cast(a21)).intoArray(g2, j + V);
        ((FloatVector) VC.cast(a22)).intoArray(g2, j + 2 * V);
        ((FloatVector) VC.cast(a23)).intoArray(g2, j + 3 * V);
        ((FloatVector) VC.cast(a30)).intoArray(g3, j);
        ((FloatVector) VC.cast(a31)).intoArray(g3, j + V);
        ((FloatVector) VC.cast(a32)).intoArray(g3, j + 2 * V);
        ((FloatVector) VC.cast(a33)).intoArray(g3, j + 3 * V);
        ((FloatVector) VC.cast(a40)).intoArray(g4, j);
        ((FloatVector) VC.cast(a41)).intoArray(g4, j + V);
        ((FloatVector) VC.cast(a42)).intoArray(g4, j + 2 * V);
        ((FloatVector) VC.cast(a43)).intoArray(g4, j + 3 * V);
        ((FloatVector) VC.cast(a50)).intoArray(g5, j);
        ((FloatVector) VC.cast(a51)).intoArray(g5, j + V);
        ((FloatVector) VC.cast(a52)).intoArray(g5, j + 2 * V);
        ((FloatVector) VC.cast(a53)).intoArray(g5, j + 3 * V);
        if (w != null) {
            // the SGD step on the finished rows while they are in L1
            for (int r = 0; r < MR; r++) {
                sgdRow(gw[i + r], w[i + r], j, PW, scale, lr);
            }
        }
    }

    /**
     * The step that keeps no gradient, for one whole tile: {@code t[r * PW ..] = sum_s x[xo + s*ldx + r] d[dOff +
     * s*ldd ..]} ({@link #gradientTile6x4}'s sums: from zero, samples in order, the same bits) stored into one
     * contiguous tile, then {@code w[i + r][j + c] -= lr * (t[r * PW + c] * scale)}, each operation rounded: what
     * {@link #sgdRow} does to the tile's part of the gradient rows, without storing the mean.
     */
    private static void gradientTile6x4(float[] x, int xo, int ldx, int n, float[] d, int dOff, int ldd,
                                        float[] t, float[][] w, int i, int j, float scale, float lr) {
        FloatVector a00 = FloatVector.fromArray(S, ZEROS, 0);
        FloatVector a01 = FloatVector.fromArray(S, ZEROS, V);
        FloatVector a02 = FloatVector.fromArray(S, ZEROS, 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, ZEROS, 3 * V);
        FloatVector a10 = FloatVector.fromArray(S, ZEROS, 0);
        FloatVector a11 = FloatVector.fromArray(S, ZEROS, V);
        FloatVector a12 = FloatVector.fromArray(S, ZEROS, 2 * V);
        FloatVector a13 = FloatVector.fromArray(S, ZEROS, 3 * V);
        FloatVector a20 = FloatVector.fromArray(S, ZEROS, 0);
        FloatVector a21 = FloatVector.fromArray(S, ZEROS, V);
        FloatVector a22 = FloatVector.fromArray(S, ZEROS, 2 * V);
        FloatVector a23 = FloatVector.fromArray(S, ZEROS, 3 * V);
        FloatVector a30 = FloatVector.fromArray(S, ZEROS, 0);
        FloatVector a31 = FloatVector.fromArray(S, ZEROS, V);
        FloatVector a32 = FloatVector.fromArray(S, ZEROS, 2 * V);
        FloatVector a33 = FloatVector.fromArray(S, ZEROS, 3 * V);
        FloatVector a40 = FloatVector.fromArray(S, ZEROS, 0);
        FloatVector a41 = FloatVector.fromArray(S, ZEROS, V);
        FloatVector a42 = FloatVector.fromArray(S, ZEROS, 2 * V);
        FloatVector a43 = FloatVector.fromArray(S, ZEROS, 3 * V);
        FloatVector a50 = FloatVector.fromArray(S, ZEROS, 0);
        FloatVector a51 = FloatVector.fromArray(S, ZEROS, V);
        FloatVector a52 = FloatVector.fromArray(S, ZEROS, 2 * V);
        FloatVector a53 = FloatVector.fromArray(S, ZEROS, 3 * V);
        for (int s = 0; s < n; s++) {
            final int xs = xo + s * ldx;
            final int ds = dOff + s * ldd;
            final FloatVector e0 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds)));
            final FloatVector e1 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds + V)));
            final FloatVector e2 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds + 2 * V)));
            final FloatVector e3 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds + 3 * V)));
            FloatVector c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs])));
            a00 = e0.fma(c, ((FloatVector) VC.cast(a00)));
            a01 = e1.fma(c, ((FloatVector) VC.cast(a01)));
            a02 = e2.fma(c, ((FloatVector) VC.cast(a02)));
            a03 = e3.fma(c, ((FloatVector) VC.cast(a03)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 1])));
            a10 = e0.fma(c, ((FloatVector) VC.cast(a10)));
            a11 = e1.fma(c, ((FloatVector) VC.cast(a11)));
            a12 = e2.fma(c, ((FloatVector) VC.cast(a12)));
            a13 = e3.fma(c, ((FloatVector) VC.cast(a13)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 2])));
            a20 = e0.fma(c, ((FloatVector) VC.cast(a20)));
            a21 = e1.fma(c, ((FloatVector) VC.cast(a21)));
            a22 = e2.fma(c, ((FloatVector) VC.cast(a22)));
            a23 = e3.fma(c, ((FloatVector) VC.cast(a23)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 3])));
            a30 = e0.fma(c, ((FloatVector) VC.cast(a30)));
            a31 = e1.fma(c, ((FloatVector) VC.cast(a31)));
            a32 = e2.fma(c, ((FloatVector) VC.cast(a32)));
            a33 = e3.fma(c, ((FloatVector) VC.cast(a33)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 4])));
            a40 = e0.fma(c, ((FloatVector) VC.cast(a40)));
            a41 = e1.fma(c, ((FloatVector) VC.cast(a41)));
            a42 = e2.fma(c, ((FloatVector) VC.cast(a42)));
            a43 = e3.fma(c, ((FloatVector) VC.cast(a43)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 5])));
            a50 = e0.fma(c, ((FloatVector) VC.cast(a50)));
            a51 = e1.fma(c, ((FloatVector) VC.cast(a51)));
            a52 = e2.fma(c, ((FloatVector) VC.cast(a52)));
            a53 = e3.fma(c, ((FloatVector) VC.cast(a53)));
        }
        ((FloatVector) VC.cast(a00)).intoArray(t, 0);
        ((FloatVector) VC.cast(a01)).intoArray(t, V);
        ((FloatVector) VC.cast(a02)).intoArray(t, 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(t, 3 * V);
        ((FloatVector) VC.cast(a10)).intoArray(t, 1 * PW);
        ((FloatVector) VC.cast(a11)).intoArray(t, 1 * PW + V);
        ((FloatVector) VC.cast(a12)).intoArray(t, 1 * PW + 2 * V);
        ((FloatVector) VC.cast(a13)).intoArray(t, 1 * PW + 3 * V);
        ((FloatVector) VC.cast(a20)).intoArray(t, 2 * PW);
        ((FloatVector) VC.cast(a21)).intoArray(t, 2 * PW + V);
        ((FloatVector) VC.cast(a22)).intoArray(t, 2 * PW + 2 * V);
        ((FloatVector) VC.cast(a23)).intoArray(t, 2 * PW + 3 * V);
        ((FloatVector) VC.cast(a30)).intoArray(t, 3 * PW);
        ((FloatVector) VC.cast(a31)).intoArray(t, 3 * PW + V);
        ((FloatVector) VC.cast(a32)).intoArray(t, 3 * PW + 2 * V);
        ((FloatVector) VC.cast(a33)).intoArray(t, 3 * PW + 3 * V);
        ((FloatVector) VC.cast(a40)).intoArray(t, 4 * PW);
        ((FloatVector) VC.cast(a41)).intoArray(t, 4 * PW + V);
        ((FloatVector) VC.cast(a42)).intoArray(t, 4 * PW + 2 * V);
        ((FloatVector) VC.cast(a43)).intoArray(t, 4 * PW + 3 * V);
        ((FloatVector) VC.cast(a50)).intoArray(t, 5 * PW);
        ((FloatVector) VC.cast(a51)).intoArray(t, 5 * PW + V);
        ((FloatVector) VC.cast(a52)).intoArray(t, 5 * PW + 2 * V);
        ((FloatVector) VC.cast(a53)).intoArray(t, 5 * PW + 3 * V);
        // the step of this part of the six weight rows from the stored sums, in this method (one compilation unit
        // with the tile, never inlined into a caller that might stop expanding the vector intrinsics)
        for (int r = 0; r < MR; r++) {
            final float[] p = w[i + r];
            for (int c = 0; c < PW; c += V) {
                final FloatVector m = ((FloatVector) VC.cast(FloatVector.fromArray(S, t, r * PW + c))).mul(scale);
                final FloatVector stepped = ((FloatVector) VC.cast(FloatVector.fromArray(S, p, j + c)))
                        .sub(((FloatVector) VC.cast(m)).mul(lr));
                ((FloatVector) VC.cast(stepped)).intoArray(p, j + c);
            }
        }
    }


    /** As {@link #gradientTile6x4} with 2 vectors (narrow species: 12 accumulators). */
    private static void gradientTile6x2(float[] x, int xo, int ldx, int n, float[] d, int dOff, int ldd,
                                        float[][] gw, int i, int j, boolean accumulate, float[][] w,
                                        float scale, float lr) {
        final float[] g0 = gw[i + 0];
        final float[] g1 = gw[i + 1];
        final float[] g2 = gw[i + 2];
        final float[] g3 = gw[i + 3];
        final float[] g4 = gw[i + 4];
        final float[] g5 = gw[i + 5];
        // the start: the stored sums, or a row of zeros (no zeroing pass over gw)
        final int k = accumulate ? j : 0;
        final float[] h0 = accumulate ? g0 : ZEROS;
        final float[] h1 = accumulate ? g1 : ZEROS;
        final float[] h2 = accumulate ? g2 : ZEROS;
        final float[] h3 = accumulate ? g3 : ZEROS;
        final float[] h4 = accumulate ? g4 : ZEROS;
        final float[] h5 = accumulate ? g5 : ZEROS;
        FloatVector a00 = FloatVector.fromArray(S, h0, k);
        FloatVector a01 = FloatVector.fromArray(S, h0, k + V);
        FloatVector a10 = FloatVector.fromArray(S, h1, k);
        FloatVector a11 = FloatVector.fromArray(S, h1, k + V);
        FloatVector a20 = FloatVector.fromArray(S, h2, k);
        FloatVector a21 = FloatVector.fromArray(S, h2, k + V);
        FloatVector a30 = FloatVector.fromArray(S, h3, k);
        FloatVector a31 = FloatVector.fromArray(S, h3, k + V);
        FloatVector a40 = FloatVector.fromArray(S, h4, k);
        FloatVector a41 = FloatVector.fromArray(S, h4, k + V);
        FloatVector a50 = FloatVector.fromArray(S, h5, k);
        FloatVector a51 = FloatVector.fromArray(S, h5, k + V);
        for (int s = 0; s < n; s++) {
            final int xs = xo + s * ldx;
            final int ds = dOff + s * ldd;
            final FloatVector e0 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds)));
            final FloatVector e1 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds + V)));
            FloatVector c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs])));
            a00 = e0.fma(c, ((FloatVector) VC.cast(a00)));
            a01 = e1.fma(c, ((FloatVector) VC.cast(a01)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 1])));
            a10 = e0.fma(c, ((FloatVector) VC.cast(a10)));
            a11 = e1.fma(c, ((FloatVector) VC.cast(a11)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 2])));
            a20 = e0.fma(c, ((FloatVector) VC.cast(a20)));
            a21 = e1.fma(c, ((FloatVector) VC.cast(a21)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 3])));
            a30 = e0.fma(c, ((FloatVector) VC.cast(a30)));
            a31 = e1.fma(c, ((FloatVector) VC.cast(a31)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 4])));
            a40 = e0.fma(c, ((FloatVector) VC.cast(a40)));
            a41 = e1.fma(c, ((FloatVector) VC.cast(a41)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 5])));
            a50 = e0.fma(c, ((FloatVector) VC.cast(a50)));
            a51 = e1.fma(c, ((FloatVector) VC.cast(a51)));
        }
        ((FloatVector) VC.cast(a00)).intoArray(g0, j);
        ((FloatVector) VC.cast(a01)).intoArray(g0, j + V);
        ((FloatVector) VC.cast(a10)).intoArray(g1, j);
        ((FloatVector) VC.cast(a11)).intoArray(g1, j + V);
        ((FloatVector) VC.cast(a20)).intoArray(g2, j);
        ((FloatVector) VC.cast(a21)).intoArray(g2, j + V);
        ((FloatVector) VC.cast(a30)).intoArray(g3, j);
        ((FloatVector) VC.cast(a31)).intoArray(g3, j + V);
        ((FloatVector) VC.cast(a40)).intoArray(g4, j);
        ((FloatVector) VC.cast(a41)).intoArray(g4, j + V);
        ((FloatVector) VC.cast(a50)).intoArray(g5, j);
        ((FloatVector) VC.cast(a51)).intoArray(g5, j + V);
        if (w != null) {
            // the SGD step on the finished rows while they are in L1
            for (int r = 0; r < MR; r++) {
                sgdRow(gw[i + r], w[i + r], j, PW, scale, lr);
            }
        }
    }

    /** As {@link #gradientTile6x4} with 1 vector: the columns past the last whole panel. */
    private static void gradientTile6x1(float[] x, int xo, int ldx, int n, float[] d, int dOff, int ldd,
                                        float[][] gw, int i, int j, boolean accumulate, float[][] w,
                                        float scale, float lr) {
        final float[] g0 = gw[i + 0];
        final float[] g1 = gw[i + 1];
        final float[] g2 = gw[i + 2];
        final float[] g3 = gw[i + 3];
        final float[] g4 = gw[i + 4];
        final float[] g5 = gw[i + 5];
        // the start: the stored sums, or a row of zeros (no zeroing pass over gw)
        final int k = accumulate ? j : 0;
        final float[] h0 = accumulate ? g0 : ZEROS;
        final float[] h1 = accumulate ? g1 : ZEROS;
        final float[] h2 = accumulate ? g2 : ZEROS;
        final float[] h3 = accumulate ? g3 : ZEROS;
        final float[] h4 = accumulate ? g4 : ZEROS;
        final float[] h5 = accumulate ? g5 : ZEROS;
        FloatVector a00 = FloatVector.fromArray(S, h0, k);
        FloatVector a10 = FloatVector.fromArray(S, h1, k);
        FloatVector a20 = FloatVector.fromArray(S, h2, k);
        FloatVector a30 = FloatVector.fromArray(S, h3, k);
        FloatVector a40 = FloatVector.fromArray(S, h4, k);
        FloatVector a50 = FloatVector.fromArray(S, h5, k);
        for (int s = 0; s < n; s++) {
            final int xs = xo + s * ldx;
            final int ds = dOff + s * ldd;
            final FloatVector e0 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, ds)));
            FloatVector c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs])));
            a00 = e0.fma(c, ((FloatVector) VC.cast(a00)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 1])));
            a10 = e0.fma(c, ((FloatVector) VC.cast(a10)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 2])));
            a20 = e0.fma(c, ((FloatVector) VC.cast(a20)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 3])));
            a30 = e0.fma(c, ((FloatVector) VC.cast(a30)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 4])));
            a40 = e0.fma(c, ((FloatVector) VC.cast(a40)));
            c = ((FloatVector) VC.cast(FloatVector.broadcast(S, x[xs + 5])));
            a50 = e0.fma(c, ((FloatVector) VC.cast(a50)));
        }
        ((FloatVector) VC.cast(a00)).intoArray(g0, j);
        ((FloatVector) VC.cast(a10)).intoArray(g1, j);
        ((FloatVector) VC.cast(a20)).intoArray(g2, j);
        ((FloatVector) VC.cast(a30)).intoArray(g3, j);
        ((FloatVector) VC.cast(a40)).intoArray(g4, j);
        ((FloatVector) VC.cast(a50)).intoArray(g5, j);
        if (w != null) {
            // the SGD step on the finished rows while they are in L1
            for (int r = 0; r < MR; r++) {
                sgdRow(gw[i + r], w[i + r], j, V, scale, lr);
            }
        }
    }

    /** {@code g[j ..] (+)= sum_s x[xo + s*ldx] d[dOff + s*ldd ..]}, one vector of one row (rows past the last tile). */
    private static void gradientRow1(float[] x, int xo, int ldx, int n, float[] d, int dOff, int ldd,
                                     float[] g, int j, boolean accumulate, float[] p, float scale, float lr) {
        FloatVector a0 = FloatVector.fromArray(S, accumulate ? g : ZEROS, accumulate ? j : 0);
        FloatVector a1 = FloatVector.zero(S);
        int s = 0;
        for (; s + 2 <= n; s += 2) {
            a0 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, dOff + s * ldd)))
                    .fma(((FloatVector) VC.cast(FloatVector.broadcast(S, x[xo + s * ldx]))),
                            ((FloatVector) VC.cast(a0)));
            a1 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, dOff + (s + 1) * ldd)))
                    .fma(((FloatVector) VC.cast(FloatVector.broadcast(S, x[xo + (s + 1) * ldx]))),
                            ((FloatVector) VC.cast(a1)));
        }
        if (s < n) {
            a0 = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, dOff + s * ldd)))
                    .fma(((FloatVector) VC.cast(FloatVector.broadcast(S, x[xo + s * ldx]))),
                            ((FloatVector) VC.cast(a0)));
        }
        final FloatVector a = ((FloatVector) VC.cast(a0)).add(((FloatVector) VC.cast(a1)));
        if (p == null) {
            ((FloatVector) VC.cast(a)).intoArray(g, j);
        } else {
            final FloatVector m = ((FloatVector) VC.cast(a)).mul(scale);
            ((FloatVector) VC.cast(m)).intoArray(g, j);
            final FloatVector stepped = ((FloatVector) VC.cast(FloatVector.fromArray(S, p, j)))
                    .sub(((FloatVector) VC.cast(m)).mul(lr));
            ((FloatVector) VC.cast(stepped)).intoArray(p, j);
        }
    }

    /**
     * One or two samples, row by row: {@code gw[i][..] (+)= x[0][i] d[0][..] (+ x[1][i] d[1][..])}, each row read
     * and written once and, if {@code w} is given, stepped in the same pass (a rank-1 or rank-2 update costs less
     * than a register tile's set-up). Rows start from {@code zeros} (at least {@code units} long) unless
     * {@code accumulate}.
     */
    private static void gradientRows(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                                     int units, float[][] gw, boolean accumulate, float[][] w, float scale, float lr,
                                     float[] zeros) {
        final int jv = units - units % V;
        final int d1 = dOff + ldd;
        for (int i = 0; i < inputs; i++) {
            final float[] g = gw[i];
            final float[] h = accumulate ? g : zeros;
            final float[] p = w == null ? null : w[i];
            final float x0 = x[xo + i];
            final float x1 = n == 2 ? x[xo + ldx + i] : 0.0f;
            final FloatVector c0 = ((FloatVector) VC.cast(FloatVector.broadcast(S, x0)));
            final FloatVector c1 = ((FloatVector) VC.cast(FloatVector.broadcast(S, x1)));
            for (int j = 0; j < jv; j += V) {
                FloatVector a = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, dOff + j)))
                        .fma(c0, ((FloatVector) VC.cast(FloatVector.fromArray(S, h, j))));
                if (n == 2) {
                    a = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, d1 + j)))
                            .fma(c1, ((FloatVector) VC.cast(a)));
                }
                if (p == null) {
                    ((FloatVector) VC.cast(a)).intoArray(g, j);
                } else {
                    final FloatVector m = ((FloatVector) VC.cast(a)).mul(scale);
                    ((FloatVector) VC.cast(m)).intoArray(g, j);
                    final FloatVector stepped = ((FloatVector) VC.cast(FloatVector.fromArray(S, p, j)))
                            .sub(((FloatVector) VC.cast(m)).mul(lr));
                    ((FloatVector) VC.cast(stepped)).intoArray(p, j);
                }
            }
            for (int j = jv; j < units; j++) {
                float a = Math.fma(d[dOff + j], x0, h[j]);
                if (n == 2) {
                    a = Math.fma(d[d1 + j], x1, a);
                }
                if (p == null) {
                    g[j] = a;
                } else {
                    final float m = a * scale;
                    g[j] = m;
                    p[j] = p[j] - lr * m;
                }
            }
        }
    }

    // --------------------------------------------------------------------------- one sample, backward and step

    @Override
    public void sgdOneSample(float[] a, int ao, int inputs, float[] d, int dOff, int units, float[][] w, float[] b,
                             float[] gb, float lr, Activation activation, float alpha, float[] dx, int dxo,
                             FloatDenseWorkspace ws) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        final int jv = units - units % V;
        // gb = 0 + d, b -= lr * gb: weightGradient's bias for one sample, scale 1
        for (int j = 0; j < jv; j += V) {
            ((FloatVector) VC.cast(FloatVector.zero(S).add(FloatVector.fromArray(S, d, dOff + j)))).intoArray(gb, j);
        }
        for (int j = jv; j < units; j++) {
            gb[j] = 0.0f + d[dOff + j];
        }
        sgdRow(gb, b, 0, units, 1.0f, lr);
        final boolean skipZeros = dx == null || activation == Activation.RELU;
        // last row first: the forward pass read the rows in order, so its last rows are the ones still in L2 (and
        // the next forward pass starts on the rows stepped last); each row's result does not depend on the order
        for (int i = inputs - 1; i >= 0; i--) {
            final float c = a[ao + i];
            if (c == 0.0f && skipZeros) {
                if (dx != null) {
                    dx[dxo + i] = 0.0f;
                }
            } else if (dx == null) {
                stepRow(w[i], d, dOff, units, c, lr);
            } else {
                dx[dxo + i] = dotAndStepRow(w[i], d, dOff, units, c, lr, ws.lanes);
            }
        }
        if (dx != null) {
            derive(activation, alpha, a, ao, inputs, dx, dxo, inputs, 1, inputs);
        }
    }

    @Override
    public void oneSampleStep(float[] u, int uo, int inputs, float[] v, int vo, int units, float[][] w, float lr) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        // last row first, as sgdOneSample: the next forward pass starts on the rows stepped last
        for (int i = inputs - 1; i >= 0; i--) {
            final float c = u[uo + i];
            if (c != 0.0f) {
                stepRow(w[i], v, vo, units, c, lr);
            }
        }
    }

    @Override
    public void forwardAfterStep(float[] x, int xo, int inputs, float[][] w, float[] b, int units,
                                 Activation activation, float alpha, float[] y, int yo, float[] u, int uo,
                                 float[] v, int vo, float lr, FloatDenseWorkspace ws) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        if (!WIDE || units % (2 * ROW_GROUP * V) != 0 || hasZero(x, xo, inputs) || hasZero(u, uo, inputs)) {
            // where the forward pass would skip rows, or take other kernels: the step, then the pass (both entry
            // points, each compiled on its own: hazard 6 in docs/kernels.md)
            oneSampleStep(u, uo, inputs, v, vo, units, w, lr);
            forward(x, xo, inputs, 1, inputs, w, b, units, activation, alpha, y, yo, units, ws);
            return;
        }
        // no zero anywhere: the forward pass is the row groups over every row, each row stepped as it is read
        for (int j = 0; j < units; j += 2 * ROW_GROUP * V) {
            steppingRowGroup16(x, xo, inputs, w, b, j, y, yo, u, uo, v, vo, lr);
        }
        activate(activation, alpha, y, yo, units, 1, units);
    }

    /**
     * {@link #rowGroup16} over weight rows stepped as they are read: {@code w[k][j ..] -= lr * fma(v[vo + j ..],
     * u[uo + k], 0)} (as {@link #stepRow}) stored, then multiplied into the sums (as {@link #rowGroup16}): both
     * results to the bit, one pass over the 16 vectors of each row.
     */
    private static void steppingRowGroup16(float[] x, int xo, int inputs, float[][] w, float[] b, int j, float[] y,
                                           int yo, float[] u, int uo, float[] v, int vo, float lr) {
        FloatVector a0 = FloatVector.fromArray(S, b, j);
        FloatVector a1 = FloatVector.fromArray(S, b, j + V);
        FloatVector a2 = FloatVector.fromArray(S, b, j + 2 * V);
        FloatVector a3 = FloatVector.fromArray(S, b, j + 3 * V);
        FloatVector a4 = FloatVector.fromArray(S, b, j + 4 * V);
        FloatVector a5 = FloatVector.fromArray(S, b, j + 5 * V);
        FloatVector a6 = FloatVector.fromArray(S, b, j + 6 * V);
        FloatVector a7 = FloatVector.fromArray(S, b, j + 7 * V);
        FloatVector a8 = FloatVector.fromArray(S, b, j + 8 * V);
        FloatVector a9 = FloatVector.fromArray(S, b, j + 9 * V);
        FloatVector a10 = FloatVector.fromArray(S, b, j + 10 * V);
        FloatVector a11 = FloatVector.fromArray(S, b, j + 11 * V);
        FloatVector a12 = FloatVector.fromArray(S, b, j + 12 * V);
        FloatVector a13 = FloatVector.fromArray(S, b, j + 13 * V);
        FloatVector a14 = FloatVector.fromArray(S, b, j + 14 * V);
        FloatVector a15 = FloatVector.fromArray(S, b, j + 15 * V);
        for (int k = 0; k < inputs; k++) {
            final float[] wk = w[k];
            final FloatVector e = FloatVector.broadcast(S, x[xo + k]);
            final float c = u[uo + k];
            final FloatVector p0 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p0)).intoArray(wk, j);
            a0 = ((FloatVector) VC.cast(p0)).fma(e, ((FloatVector) VC.cast(a0)));
            final FloatVector p1 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p1)).intoArray(wk, j + V);
            a1 = ((FloatVector) VC.cast(p1)).fma(e, ((FloatVector) VC.cast(a1)));
            final FloatVector p2 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 2 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 2 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p2)).intoArray(wk, j + 2 * V);
            a2 = ((FloatVector) VC.cast(p2)).fma(e, ((FloatVector) VC.cast(a2)));
            final FloatVector p3 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 3 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 3 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p3)).intoArray(wk, j + 3 * V);
            a3 = ((FloatVector) VC.cast(p3)).fma(e, ((FloatVector) VC.cast(a3)));
            final FloatVector p4 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 4 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 4 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p4)).intoArray(wk, j + 4 * V);
            a4 = ((FloatVector) VC.cast(p4)).fma(e, ((FloatVector) VC.cast(a4)));
            final FloatVector p5 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 5 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 5 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p5)).intoArray(wk, j + 5 * V);
            a5 = ((FloatVector) VC.cast(p5)).fma(e, ((FloatVector) VC.cast(a5)));
            final FloatVector p6 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 6 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 6 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p6)).intoArray(wk, j + 6 * V);
            a6 = ((FloatVector) VC.cast(p6)).fma(e, ((FloatVector) VC.cast(a6)));
            final FloatVector p7 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 7 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 7 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p7)).intoArray(wk, j + 7 * V);
            a7 = ((FloatVector) VC.cast(p7)).fma(e, ((FloatVector) VC.cast(a7)));
            final FloatVector p8 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 8 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 8 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p8)).intoArray(wk, j + 8 * V);
            a8 = ((FloatVector) VC.cast(p8)).fma(e, ((FloatVector) VC.cast(a8)));
            final FloatVector p9 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 9 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 9 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p9)).intoArray(wk, j + 9 * V);
            a9 = ((FloatVector) VC.cast(p9)).fma(e, ((FloatVector) VC.cast(a9)));
            final FloatVector p10 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 10 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 10 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p10)).intoArray(wk, j + 10 * V);
            a10 = ((FloatVector) VC.cast(p10)).fma(e, ((FloatVector) VC.cast(a10)));
            final FloatVector p11 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 11 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 11 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p11)).intoArray(wk, j + 11 * V);
            a11 = ((FloatVector) VC.cast(p11)).fma(e, ((FloatVector) VC.cast(a11)));
            final FloatVector p12 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 12 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 12 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p12)).intoArray(wk, j + 12 * V);
            a12 = ((FloatVector) VC.cast(p12)).fma(e, ((FloatVector) VC.cast(a12)));
            final FloatVector p13 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 13 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 13 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p13)).intoArray(wk, j + 13 * V);
            a13 = ((FloatVector) VC.cast(p13)).fma(e, ((FloatVector) VC.cast(a13)));
            final FloatVector p14 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 14 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 14 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p14)).intoArray(wk, j + 14 * V);
            a14 = ((FloatVector) VC.cast(p14)).fma(e, ((FloatVector) VC.cast(a14)));
            final FloatVector p15 = ((FloatVector) VC.cast(FloatVector.fromArray(S, wk, j + 15 * V)))
                    .sub(((FloatVector) VC.cast(FloatVector.fromArray(S, v, vo + j + 15 * V))).fma(c, 0.0f).mul(lr));
            ((FloatVector) VC.cast(p15)).intoArray(wk, j + 15 * V);
            a15 = ((FloatVector) VC.cast(p15)).fma(e, ((FloatVector) VC.cast(a15)));
        }
        ((FloatVector) VC.cast(a0)).intoArray(y, yo + j);
        ((FloatVector) VC.cast(a1)).intoArray(y, yo + j + V);
        ((FloatVector) VC.cast(a2)).intoArray(y, yo + j + 2 * V);
        ((FloatVector) VC.cast(a3)).intoArray(y, yo + j + 3 * V);
        ((FloatVector) VC.cast(a4)).intoArray(y, yo + j + 4 * V);
        ((FloatVector) VC.cast(a5)).intoArray(y, yo + j + 5 * V);
        ((FloatVector) VC.cast(a6)).intoArray(y, yo + j + 6 * V);
        ((FloatVector) VC.cast(a7)).intoArray(y, yo + j + 7 * V);
        ((FloatVector) VC.cast(a8)).intoArray(y, yo + j + 8 * V);
        ((FloatVector) VC.cast(a9)).intoArray(y, yo + j + 9 * V);
        ((FloatVector) VC.cast(a10)).intoArray(y, yo + j + 10 * V);
        ((FloatVector) VC.cast(a11)).intoArray(y, yo + j + 11 * V);
        ((FloatVector) VC.cast(a12)).intoArray(y, yo + j + 12 * V);
        ((FloatVector) VC.cast(a13)).intoArray(y, yo + j + 13 * V);
        ((FloatVector) VC.cast(a14)).intoArray(y, yo + j + 14 * V);
        ((FloatVector) VC.cast(a15)).intoArray(y, yo + j + 15 * V);
    }

    /**
     * {@code p[j] -= lr * fma(d[dOff + j], c, 0)} over one weight row: the one-sample gradient and step of
     * {@link #gradientRows} (scale 1), without storing the gradient.
     */
    private static void stepRow(float[] p, float[] d, int dOff, int units, float c, float lr) {
        final int jv = units - units % V;
        for (int j = 0; j < jv; j += V) {
            final FloatVector m = ((FloatVector) VC.cast(FloatVector.fromArray(S, d, dOff + j))).fma(c, 0.0f);
            final FloatVector stepped = ((FloatVector) VC.cast(FloatVector.fromArray(S, p, j)))
                    .sub(((FloatVector) VC.cast(m)).mul(lr));
            ((FloatVector) VC.cast(stepped)).intoArray(p, j);
        }
        for (int j = jv; j < units; j++) {
            p[j] = p[j] - lr * Math.fma(d[dOff + j], c, 0.0f);
        }
    }

    /**
     * {@link #stepRow} that also returns {@code p . d}, the row's dot product with the deltas before the step, in
     * {@link #inputGradientRow}'s order: one pass over the row for the input gradient and the update.
     */
    private static float dotAndStepRow(float[] p, float[] d, int dOff, int units, float c, float lr, float[] lanes) {
        final int jv = units - units % V;
        float sum = 0.0f;
        if (jv > 0) {
            FloatVector e = FloatVector.zero(S);
            FloatVector f = e;
            int j = 0;
            for (; j + 2 * V <= jv; j += 2 * V) {
                final FloatVector w0 = FloatVector.fromArray(S, p, j);
                final FloatVector w1 = FloatVector.fromArray(S, p, j + V);
                final FloatVector d0 = FloatVector.fromArray(S, d, dOff + j);
                final FloatVector d1 = FloatVector.fromArray(S, d, dOff + j + V);
                e = ((FloatVector) VC.cast(w0)).fma(d0, e);
                f = ((FloatVector) VC.cast(w1)).fma(d1, f);
                final FloatVector v0 = ((FloatVector) VC.cast(w0))
                        .sub(((FloatVector) VC.cast(d0)).fma(c, 0.0f).mul(lr));
                final FloatVector v1 = ((FloatVector) VC.cast(w1))
                        .sub(((FloatVector) VC.cast(d1)).fma(c, 0.0f).mul(lr));
                ((FloatVector) VC.cast(v0)).intoArray(p, j);
                ((FloatVector) VC.cast(v1)).intoArray(p, j + V);
            }
            if (j < jv) {
                final FloatVector w0 = FloatVector.fromArray(S, p, j);
                final FloatVector d0 = FloatVector.fromArray(S, d, dOff + j);
                e = ((FloatVector) VC.cast(w0)).fma(d0, e);
                final FloatVector v0 = ((FloatVector) VC.cast(w0))
                        .sub(((FloatVector) VC.cast(d0)).fma(c, 0.0f).mul(lr));
                ((FloatVector) VC.cast(v0)).intoArray(p, j);
            }
            ((FloatVector) VC.cast(((FloatVector) VC.cast(e)).add(f))).intoArray(lanes, 0);
            sum = sumLanes(lanes);
        }
        for (int j = jv; j < units; j++) {
            sum = Math.fma(p[j], d[dOff + j], sum);
            p[j] = p[j] - lr * Math.fma(d[dOff + j], c, 0.0f);
        }
        return sum;
    }

    // ------------------------------------------------------------------------------- the packed product

    /**
     * {@code c[s][j] = bias[j] + sum_k a[s][k] B[k][j]} for {@code s < n}, {@code j < width}, {@code k < inner},
     * where {@code B[k][j] = w[k][j]} or, {@code transposed}, {@code w[j][k]}; a null bias is zero.
     *
     * <p>Each register-tile kernel has exactly one call site here, and the drivers stay small: C2 (JDK 17) stops
     * expanding Vector API intrinsics in a compilation that has inlined too much (several copies of a tile
     * kernel did it), and the vectors then live on the heap.
     */
    private static void product(float[] a, int ao, int lda, int n, int inner, float[][] w, boolean transposed,
                                float[] bias, int width, float[] c, int co, int ldc, FloatDenseWorkspace ws) {
        final int rest = n % MR;
        if (rest > 0 && (!shortTail(rest) || width % PW > 0)) {
            // the last samples, zero-padded to a whole tile (for the one-vector tiles, or all tiles on narrow vectors)
            final float[] pa = ws.tailRows;
            final int first = n - rest;
            for (int r = 0; r < MR; r++) {
                if (r < rest) {
                    System.arraycopy(a, ao + (first + r) * lda, pa, r * inner, inner);
                } else {
                    Arrays.fill(pa, r * inner, (r + 1) * inner, 0.0f);
                }
            }
        }
        // whole panels: packed transposed (input gradient), packed while the first tile reads the weight rows, or
        // the weight rows read in place
        final boolean packing = !transposed && n >= PACK_MIN_SAMPLES;
        final int wp = width - width % PW;
        for (int j = 0; j < wp; j += PW) {
            final float[] bv = bias == null ? ws.zeros : bias;
            final int bo = bias == null ? 0 : j;
            if (transposed) {
                pack(w, true, inner, j, PW, PW, ws.panel);
                panelTiles(a, ao, lda, n, 0, inner, bv, bo, c, co + j, ldc, ws);
            } else if (packing) {
                packingRowTile(a, ao, lda, w, j, inner, ws.panel, bv, bo, c, co + j, ldc);
                panelTiles(a, ao, lda, n, MR, inner, bv, bo, c, co + j, ldc, ws);
            } else {
                rowTiles(a, ao, lda, n, inner, w, j, bv, bo, c, co + j, ldc, ws);
            }
        }
        // the last columns, a vector at a time (the last one zero-padded), always packed
        for (int j = wp; j < width; j += V) {
            final int cols = Math.min(V, width - j);
            pack(w, transposed, inner, j, cols, V, ws.panel);
            float[] bv = ws.zeros;
            int bo = 0;
            if (bias != null && cols == V) {
                bv = bias;
                bo = j;
            } else if (bias != null) {
                bv = ws.edgeBias;
                System.arraycopy(bias, j, bv, 0, cols);
                Arrays.fill(bv, cols, V, 0.0f);
            }
            vectorTiles(a, ao, lda, n, inner, bv, bo, cols, c, co + j, ldc, ws);
        }
    }

    /** The register tiles of one full panel ({@code PW} columns, packed in the workspace) over samples {@code s0 ..}. */
    private static void panelTiles(float[] a, int ao, int lda, int n, int s0, int inner, float[] bias, int bo,
                                   float[] c, int co, int ldc, FloatDenseWorkspace ws) {
        for (int s = s0; s < n; s += MR) {
            final boolean whole = s + MR <= n;
            final int rest = n - s;
            if (!whole && shortTail(rest)) {
                if (rest <= 2) {
                    tile2x4(a, ao + s * lda, lda, rest, ws.panel, inner, bias, bo, c, co + s * ldc, ldc);
                } else {
                    tile4x4(a, ao + s * lda, lda, rest, ws.panel, inner, bias, bo, c, co + s * ldc, ldc);
                }
                break;
            }
            tile(whole ? a : ws.tailRows, whole ? ao + s * lda : 0, whole ? lda : inner, ws.panel, inner, bias, bo,
                    whole ? c : ws.tile, whole ? co + s * ldc : 0, whole ? ldc : PW);
            if (!whole) {
                copyRows(ws.tile, PW, n - s, PW, c, co + s * ldc, ldc);
            }
        }
    }

    /** The register tiles of the panel of columns {@code j .. j+PW} over all samples, the weight rows read in place. */
    private static void rowTiles(float[] a, int ao, int lda, int n, int inner, float[][] w, int j, float[] bias,
                                 int bo, float[] c, int co, int ldc, FloatDenseWorkspace ws) {
        for (int s = 0; s < n; s += MR) {
            final boolean whole = s + MR <= n;
            final int rest = n - s;
            if (!whole && shortTail(rest)) {
                if (rest <= 2) {
                    rowTile2x4(a, ao + s * lda, lda, rest, w, j, inner, bias, bo, c, co + s * ldc, ldc);
                } else {
                    rowTile4x4(a, ao + s * lda, lda, rest, w, j, inner, bias, bo, c, co + s * ldc, ldc);
                }
                break;
            }
            rowTile(whole ? a : ws.tailRows, whole ? ao + s * lda : 0, whole ? lda : inner, w, j, inner, bias, bo,
                    whole ? c : ws.tile, whole ? co + s * ldc : 0, whole ? ldc : PW);
            if (!whole) {
                copyRows(ws.tile, PW, n - s, PW, c, co + s * ldc, ldc);
            }
        }
    }

    /** The register tiles of one vector's width of columns ({@code cols <= V} of them) over all samples. */
    private static void vectorTiles(float[] a, int ao, int lda, int n, int inner, float[] bias, int bo, int cols,
                                    float[] c, int co, int ldc, FloatDenseWorkspace ws) {
        for (int s = 0; s < n; s += MR) {
            final boolean whole = s + MR <= n;
            final boolean direct = whole && cols == V;
            tile6x1(whole ? a : ws.tailRows, whole ? ao + s * lda : 0, whole ? lda : inner, ws.panel, inner, bias, bo,
                    direct ? c : ws.tile, direct ? co + s * ldc : 0, direct ? ldc : V);
            if (!direct) {
                copyRows(ws.tile, V, Math.min(MR, n - s), cols, c, co + s * ldc, ldc);
            }
        }
    }

    /** Packs {@code B[k][j0 .. j0+cols)} for {@code k < inner} into {@code pb[k*pw ..]}, zero-padded to {@code pw}. */
    private static void pack(float[][] w, boolean transposed, int inner, int j0, int cols, int pw, float[] pb) {
        if (!transposed) {
            for (int k = 0; k < inner; k++) {
                System.arraycopy(w[k], j0, pb, k * pw, cols);
                if (cols < pw) {
                    Arrays.fill(pb, k * pw + cols, (k + 1) * pw, 0.0f);
                }
            }
        } else {
            for (int q = 0; q < cols; q++) {
                final float[] row = w[j0 + q];
                for (int k = 0; k < inner; k++) {
                    pb[k * pw + q] = row[k];
                }
            }
            if (cols < pw) {
                for (int k = 0; k < inner; k++) {
                    Arrays.fill(pb, k * pw + cols, (k + 1) * pw, 0.0f);
                }
            }
        }
    }

    /**
     * Whether the last {@code rest} samples of a block (fewer than a tile) go through a short tile that reads and
     * writes them in place (1-2 or 3-4 rows, on 512-bit vectors) instead of a zero-padded 6-row tile.
     */
    private static boolean shortTail(int rest) {
        return NR == 4 && rest <= 4;
    }

    private static void copyRows(float[] t, int ldt, int rows, int cols, float[] c, int co, int ldc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(t, r * ldt, c, co + r * ldc, cols);
        }
    }

    private static void tile(float[] a, int ao, int lda, float[] pb, int inner, float[] bias, int bo,
                             float[] c, int co, int ldc) {
        if (NR == 4) {
            tile6x4(a, ao, lda, pb, inner, bias, bo, c, co, ldc);
        } else {
            tile6x2(a, ao, lda, pb, inner, bias, bo, c, co, ldc);
        }
    }

    private static void packingRowTile(float[] a, int ao, int lda, float[][] w, int j, int inner, float[] pb,
                                       float[] bias, int bo, float[] c, int co, int ldc) {
        if (NR == 4) {
            packingRowTile6x4(a, ao, lda, w, j, inner, pb, bias, bo, c, co, ldc);
        } else {
            packingRowTile6x2(a, ao, lda, w, j, inner, pb, bias, bo, c, co, ldc);
        }
    }

    private static void rowTile(float[] a, int ao, int lda, float[][] w, int j, int inner, float[] bias, int bo,
                                float[] c, int co, int ldc) {
        if (NR == 4) {
            rowTile6x4(a, ao, lda, w, j, inner, bias, bo, c, co, ldc);
        } else {
            rowTile6x2(a, ao, lda, w, j, inner, bias, bo, c, co, ldc);
        }
    }

    /** As {@link #tile2x4}, the panel read in place from the weight rows (as {@link #rowTile6x4}). */
    private static void rowTile2x4(float[] a, int ao, int lda, int rows, float[][] w, int j, int inner,
                                   float[] bias, int bo, float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a02 = FloatVector.fromArray(S, bias, bo + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, bias, bo + 3 * V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        final int x0 = ao;
        final int x1 = rows > 1 ? x0 + lda : x0;
        final int j1 = j + V;
        final int j2 = j + 2 * V;
        final int j3 = j + 3 * V;
        for (int k = 0; k < inner; k++) {
            final float[] wk = w[k];
            final FloatVector r0 = FloatVector.fromArray(S, wk, j);
            final FloatVector r1 = FloatVector.fromArray(S, wk, j1);
            final FloatVector r2 = FloatVector.fromArray(S, wk, j2);
            final FloatVector r3 = FloatVector.fromArray(S, wk, j3);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            a02 = r2.fma(e, a02);
            a03 = r3.fma(e, a03);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            a12 = r2.fma(e, a12);
            a13 = r3.fma(e, a13);
        }
        ((FloatVector) VC.cast(a00)).intoArray(c, co);
        ((FloatVector) VC.cast(a01)).intoArray(c, co + V);
        ((FloatVector) VC.cast(a02)).intoArray(c, co + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(c, co + 3 * V);
        if (rows > 1) {
            final int y = co + ldc;
            ((FloatVector) VC.cast(a10)).intoArray(c, y);
            ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
            ((FloatVector) VC.cast(a12)).intoArray(c, y + 2 * V);
            ((FloatVector) VC.cast(a13)).intoArray(c, y + 3 * V);
        }
    }

    /** As {@link #tile4x4}, the panel read in place from the weight rows (as {@link #rowTile6x4}). */
    private static void rowTile4x4(float[] a, int ao, int lda, int rows, float[][] w, int j, int inner,
                                   float[] bias, int bo, float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a02 = FloatVector.fromArray(S, bias, bo + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, bias, bo + 3 * V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a22 = a02;
        FloatVector a23 = a03;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a32 = a02;
        FloatVector a33 = a03;
        final int x0 = ao;
        final int x1 = rows > 1 ? x0 + lda : x0;
        final int x2 = rows > 2 ? x1 + lda : x1;
        final int x3 = rows > 3 ? x2 + lda : x2;
        final int j1 = j + V;
        final int j2 = j + 2 * V;
        final int j3 = j + 3 * V;
        for (int k = 0; k < inner; k++) {
            final float[] wk = w[k];
            final FloatVector r0 = FloatVector.fromArray(S, wk, j);
            final FloatVector r1 = FloatVector.fromArray(S, wk, j1);
            final FloatVector r2 = FloatVector.fromArray(S, wk, j2);
            final FloatVector r3 = FloatVector.fromArray(S, wk, j3);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            a02 = r2.fma(e, a02);
            a03 = r3.fma(e, a03);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            a12 = r2.fma(e, a12);
            a13 = r3.fma(e, a13);
            e = FloatVector.broadcast(S, a[x2 + k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            a22 = r2.fma(e, a22);
            a23 = r3.fma(e, a23);
            e = FloatVector.broadcast(S, a[x3 + k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            a32 = r2.fma(e, a32);
            a33 = r3.fma(e, a33);
        }
        ((FloatVector) VC.cast(a00)).intoArray(c, co);
        ((FloatVector) VC.cast(a01)).intoArray(c, co + V);
        ((FloatVector) VC.cast(a02)).intoArray(c, co + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(c, co + 3 * V);
        if (rows > 1) {
            final int y = co + ldc;
            ((FloatVector) VC.cast(a10)).intoArray(c, y);
            ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
            ((FloatVector) VC.cast(a12)).intoArray(c, y + 2 * V);
            ((FloatVector) VC.cast(a13)).intoArray(c, y + 3 * V);
        }
        if (rows > 2) {
            final int y = co + 2 * ldc;
            ((FloatVector) VC.cast(a20)).intoArray(c, y);
            ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
            ((FloatVector) VC.cast(a22)).intoArray(c, y + 2 * V);
            ((FloatVector) VC.cast(a23)).intoArray(c, y + 3 * V);
        }
        if (rows > 3) {
            final int y = co + 3 * ldc;
            ((FloatVector) VC.cast(a30)).intoArray(c, y);
            ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
            ((FloatVector) VC.cast(a32)).intoArray(c, y + 2 * V);
            ((FloatVector) VC.cast(a33)).intoArray(c, y + 3 * V);
        }
    }

    /** As {@link #tile6x4}, the panel read in place from the weight rows: {@code w[k][j ..]} for {@code pb[k*PW ..]}. */
    private static void rowTile6x4(float[] a, int ao, int lda, float[][] w, int j, int inner, float[] bias, int bo,
                                   float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a02 = FloatVector.fromArray(S, bias, bo + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, bias, bo + 3 * V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a22 = a02;
        FloatVector a23 = a03;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a32 = a02;
        FloatVector a33 = a03;
        FloatVector a40 = a00;
        FloatVector a41 = a01;
        FloatVector a42 = a02;
        FloatVector a43 = a03;
        FloatVector a50 = a00;
        FloatVector a51 = a01;
        FloatVector a52 = a02;
        FloatVector a53 = a03;
        final int x0 = ao;
        final int x1 = x0 + lda;
        final int x2 = x1 + lda;
        final int x3 = x2 + lda;
        final int x4 = x3 + lda;
        final int x5 = x4 + lda;
        final int j1 = j + V;
        final int j2 = j + 2 * V;
        final int j3 = j + 3 * V;
        for (int k = 0; k < inner; k++) {
            final float[] wk = w[k];
            final FloatVector r0 = FloatVector.fromArray(S, wk, j);
            final FloatVector r1 = FloatVector.fromArray(S, wk, j1);
            final FloatVector r2 = FloatVector.fromArray(S, wk, j2);
            final FloatVector r3 = FloatVector.fromArray(S, wk, j3);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            a02 = r2.fma(e, a02);
            a03 = r3.fma(e, a03);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            a12 = r2.fma(e, a12);
            a13 = r3.fma(e, a13);
            e = FloatVector.broadcast(S, a[x2 + k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            a22 = r2.fma(e, a22);
            a23 = r3.fma(e, a23);
            e = FloatVector.broadcast(S, a[x3 + k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            a32 = r2.fma(e, a32);
            a33 = r3.fma(e, a33);
            e = FloatVector.broadcast(S, a[x4 + k]);
            a40 = r0.fma(e, a40);
            a41 = r1.fma(e, a41);
            a42 = r2.fma(e, a42);
            a43 = r3.fma(e, a43);
            e = FloatVector.broadcast(S, a[x5 + k]);
            a50 = r0.fma(e, a50);
            a51 = r1.fma(e, a51);
            a52 = r2.fma(e, a52);
            a53 = r3.fma(e, a53);
        }
        int y = co;
        ((FloatVector) VC.cast(a00)).intoArray(c, y);
        ((FloatVector) VC.cast(a01)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a02)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a10)).intoArray(c, y);
        ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a12)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a13)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a20)).intoArray(c, y);
        ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a22)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a23)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a30)).intoArray(c, y);
        ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a32)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a33)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a40)).intoArray(c, y);
        ((FloatVector) VC.cast(a41)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a42)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a43)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a50)).intoArray(c, y);
        ((FloatVector) VC.cast(a51)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a52)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a53)).intoArray(c, y + 3 * V);
    }

    /**
     * As {@link #rowTile6x4}, also copying the panel it reads into {@code pb[k*PW ..]} for the block's other tiles:
     * the weights are packed while they stream in for this tile's multiply-adds rather than in a pass of their own.
     */
    private static void packingRowTile6x4(float[] a, int ao, int lda, float[][] w, int j, int inner, float[] pb,
                                          float[] bias, int bo, float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a02 = FloatVector.fromArray(S, bias, bo + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, bias, bo + 3 * V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a22 = a02;
        FloatVector a23 = a03;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a32 = a02;
        FloatVector a33 = a03;
        FloatVector a40 = a00;
        FloatVector a41 = a01;
        FloatVector a42 = a02;
        FloatVector a43 = a03;
        FloatVector a50 = a00;
        FloatVector a51 = a01;
        FloatVector a52 = a02;
        FloatVector a53 = a03;
        final int x0 = ao;
        final int x1 = x0 + lda;
        final int x2 = x1 + lda;
        final int x3 = x2 + lda;
        final int x4 = x3 + lda;
        final int x5 = x4 + lda;
        final int j1 = j + V;
        final int j2 = j + 2 * V;
        final int j3 = j + 3 * V;
        for (int k = 0, p = 0; k < inner; k++, p += PW) {
            final float[] wk = w[k];
            final FloatVector r0 = FloatVector.fromArray(S, wk, j);
            final FloatVector r1 = FloatVector.fromArray(S, wk, j1);
            final FloatVector r2 = FloatVector.fromArray(S, wk, j2);
            final FloatVector r3 = FloatVector.fromArray(S, wk, j3);
            ((FloatVector) VC.cast(r0)).intoArray(pb, p);
            ((FloatVector) VC.cast(r1)).intoArray(pb, p + V);
            ((FloatVector) VC.cast(r2)).intoArray(pb, p + 2 * V);
            ((FloatVector) VC.cast(r3)).intoArray(pb, p + 3 * V);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            a02 = r2.fma(e, a02);
            a03 = r3.fma(e, a03);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            a12 = r2.fma(e, a12);
            a13 = r3.fma(e, a13);
            e = FloatVector.broadcast(S, a[x2 + k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            a22 = r2.fma(e, a22);
            a23 = r3.fma(e, a23);
            e = FloatVector.broadcast(S, a[x3 + k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            a32 = r2.fma(e, a32);
            a33 = r3.fma(e, a33);
            e = FloatVector.broadcast(S, a[x4 + k]);
            a40 = r0.fma(e, a40);
            a41 = r1.fma(e, a41);
            a42 = r2.fma(e, a42);
            a43 = r3.fma(e, a43);
            e = FloatVector.broadcast(S, a[x5 + k]);
            a50 = r0.fma(e, a50);
            a51 = r1.fma(e, a51);
            a52 = r2.fma(e, a52);
            a53 = r3.fma(e, a53);
        }
        int y = co;
        ((FloatVector) VC.cast(a00)).intoArray(c, y);
        ((FloatVector) VC.cast(a01)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a02)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a10)).intoArray(c, y);
        ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a12)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a13)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a20)).intoArray(c, y);
        ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a22)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a23)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a30)).intoArray(c, y);
        ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a32)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a33)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a40)).intoArray(c, y);
        ((FloatVector) VC.cast(a41)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a42)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a43)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a50)).intoArray(c, y);
        ((FloatVector) VC.cast(a51)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a52)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a53)).intoArray(c, y + 3 * V);
    }

    /** As {@link #rowTile6x4} with 2 vectors (narrow species). */
    private static void rowTile6x2(float[] a, int ao, int lda, float[][] w, int j, int inner, float[] bias, int bo,
                                   float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a40 = a00;
        FloatVector a41 = a01;
        FloatVector a50 = a00;
        FloatVector a51 = a01;
        final int x0 = ao;
        final int x1 = x0 + lda;
        final int x2 = x1 + lda;
        final int x3 = x2 + lda;
        final int x4 = x3 + lda;
        final int x5 = x4 + lda;
        final int j1 = j + V;
        for (int k = 0; k < inner; k++) {
            final float[] wk = w[k];
            final FloatVector r0 = FloatVector.fromArray(S, wk, j);
            final FloatVector r1 = FloatVector.fromArray(S, wk, j1);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            e = FloatVector.broadcast(S, a[x2 + k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            e = FloatVector.broadcast(S, a[x3 + k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            e = FloatVector.broadcast(S, a[x4 + k]);
            a40 = r0.fma(e, a40);
            a41 = r1.fma(e, a41);
            e = FloatVector.broadcast(S, a[x5 + k]);
            a50 = r0.fma(e, a50);
            a51 = r1.fma(e, a51);
        }
        int y = co;
        ((FloatVector) VC.cast(a00)).intoArray(c, y);
        ((FloatVector) VC.cast(a01)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a10)).intoArray(c, y);
        ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a20)).intoArray(c, y);
        ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a30)).intoArray(c, y);
        ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a40)).intoArray(c, y);
        ((FloatVector) VC.cast(a41)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a50)).intoArray(c, y);
        ((FloatVector) VC.cast(a51)).intoArray(c, y + V);
    }

    /** As {@link #packingRowTile6x4} with 2 vectors (narrow species). */
    private static void packingRowTile6x2(float[] a, int ao, int lda, float[][] w, int j, int inner, float[] pb,
                                          float[] bias, int bo, float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a40 = a00;
        FloatVector a41 = a01;
        FloatVector a50 = a00;
        FloatVector a51 = a01;
        final int x0 = ao;
        final int x1 = x0 + lda;
        final int x2 = x1 + lda;
        final int x3 = x2 + lda;
        final int x4 = x3 + lda;
        final int x5 = x4 + lda;
        final int j1 = j + V;
        for (int k = 0, p = 0; k < inner; k++, p += PW) {
            final float[] wk = w[k];
            final FloatVector r0 = FloatVector.fromArray(S, wk, j);
            final FloatVector r1 = FloatVector.fromArray(S, wk, j1);
            ((FloatVector) VC.cast(r0)).intoArray(pb, p);
            ((FloatVector) VC.cast(r1)).intoArray(pb, p + V);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            e = FloatVector.broadcast(S, a[x2 + k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            e = FloatVector.broadcast(S, a[x3 + k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            e = FloatVector.broadcast(S, a[x4 + k]);
            a40 = r0.fma(e, a40);
            a41 = r1.fma(e, a41);
            e = FloatVector.broadcast(S, a[x5 + k]);
            a50 = r0.fma(e, a50);
            a51 = r1.fma(e, a51);
        }
        int y = co;
        ((FloatVector) VC.cast(a00)).intoArray(c, y);
        ((FloatVector) VC.cast(a01)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a10)).intoArray(c, y);
        ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a20)).intoArray(c, y);
        ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a30)).intoArray(c, y);
        ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a40)).intoArray(c, y);
        ((FloatVector) VC.cast(a41)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a50)).intoArray(c, y);
        ((FloatVector) VC.cast(a51)).intoArray(c, y + V);
    }

    /**
     * {@code c[co + r*ldc + u*V ..] = bias[bo + u*V ..] + sum_k a[ao + r*lda + k] pb[k*PW + u*V ..]} for 6 rows
     * {@code r} and 4 vectors {@code u}: 24 accumulators, 4 panel loads and 6 broadcasts per 24 FMAs.
     */
    private static void tile6x4(float[] a, int ao, int lda, float[] pb, int inner, float[] bias, int bo,
                                float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a02 = FloatVector.fromArray(S, bias, bo + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, bias, bo + 3 * V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a22 = a02;
        FloatVector a23 = a03;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a32 = a02;
        FloatVector a33 = a03;
        FloatVector a40 = a00;
        FloatVector a41 = a01;
        FloatVector a42 = a02;
        FloatVector a43 = a03;
        FloatVector a50 = a00;
        FloatVector a51 = a01;
        FloatVector a52 = a02;
        FloatVector a53 = a03;
        final int x0 = ao;
        final int x1 = x0 + lda;
        final int x2 = x1 + lda;
        final int x3 = x2 + lda;
        final int x4 = x3 + lda;
        final int x5 = x4 + lda;
        for (int k = 0, p = 0; k < inner; k++, p += PW) {
            final FloatVector r0 = FloatVector.fromArray(S, pb, p);
            final FloatVector r1 = FloatVector.fromArray(S, pb, p + V);
            final FloatVector r2 = FloatVector.fromArray(S, pb, p + 2 * V);
            final FloatVector r3 = FloatVector.fromArray(S, pb, p + 3 * V);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            a02 = r2.fma(e, a02);
            a03 = r3.fma(e, a03);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            a12 = r2.fma(e, a12);
            a13 = r3.fma(e, a13);
            e = FloatVector.broadcast(S, a[x2 + k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            a22 = r2.fma(e, a22);
            a23 = r3.fma(e, a23);
            e = FloatVector.broadcast(S, a[x3 + k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            a32 = r2.fma(e, a32);
            a33 = r3.fma(e, a33);
            e = FloatVector.broadcast(S, a[x4 + k]);
            a40 = r0.fma(e, a40);
            a41 = r1.fma(e, a41);
            a42 = r2.fma(e, a42);
            a43 = r3.fma(e, a43);
            e = FloatVector.broadcast(S, a[x5 + k]);
            a50 = r0.fma(e, a50);
            a51 = r1.fma(e, a51);
            a52 = r2.fma(e, a52);
            a53 = r3.fma(e, a53);
        }
        int y = co;
        ((FloatVector) VC.cast(a00)).intoArray(c, y);
        ((FloatVector) VC.cast(a01)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a02)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a10)).intoArray(c, y);
        ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a12)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a13)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a20)).intoArray(c, y);
        ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a22)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a23)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a30)).intoArray(c, y);
        ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a32)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a33)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a40)).intoArray(c, y);
        ((FloatVector) VC.cast(a41)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a42)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a43)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a50)).intoArray(c, y);
        ((FloatVector) VC.cast(a51)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a52)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a53)).intoArray(c, y + 3 * V);
    }

    /**
     * As {@link #tile6x4} for the last {@code rows} samples of a block (1 or 2), read and written in place: a
     * padded 6-row tile would spend 2/3 of its multiply-adds on zeros (at 32 samples, 11% of the product).
     * The rows past {@code rows} repeat the last one and are not stored.
     */
    private static void tile2x4(float[] a, int ao, int lda, int rows, float[] pb, int inner, float[] bias,
                                int bo, float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a02 = FloatVector.fromArray(S, bias, bo + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, bias, bo + 3 * V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        final int x0 = ao;
        final int x1 = rows > 1 ? x0 + lda : x0;
        for (int k = 0, p = 0; k < inner; k++, p += PW) {
            final FloatVector r0 = FloatVector.fromArray(S, pb, p);
            final FloatVector r1 = FloatVector.fromArray(S, pb, p + V);
            final FloatVector r2 = FloatVector.fromArray(S, pb, p + 2 * V);
            final FloatVector r3 = FloatVector.fromArray(S, pb, p + 3 * V);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            a02 = r2.fma(e, a02);
            a03 = r3.fma(e, a03);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            a12 = r2.fma(e, a12);
            a13 = r3.fma(e, a13);
        }
        ((FloatVector) VC.cast(a00)).intoArray(c, co);
        ((FloatVector) VC.cast(a01)).intoArray(c, co + V);
        ((FloatVector) VC.cast(a02)).intoArray(c, co + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(c, co + 3 * V);
        if (rows > 1) {
            final int y = co + ldc;
            ((FloatVector) VC.cast(a10)).intoArray(c, y);
            ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
            ((FloatVector) VC.cast(a12)).intoArray(c, y + 2 * V);
            ((FloatVector) VC.cast(a13)).intoArray(c, y + 3 * V);
        }
    }

    /** As {@link #tile2x4} for the last 3 or 4 samples of a block (16 accumulators). */
    private static void tile4x4(float[] a, int ao, int lda, int rows, float[] pb, int inner, float[] bias,
                                int bo, float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a02 = FloatVector.fromArray(S, bias, bo + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, bias, bo + 3 * V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a22 = a02;
        FloatVector a23 = a03;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a32 = a02;
        FloatVector a33 = a03;
        final int x0 = ao;
        final int x1 = rows > 1 ? x0 + lda : x0;
        final int x2 = rows > 2 ? x1 + lda : x1;
        final int x3 = rows > 3 ? x2 + lda : x2;
        for (int k = 0, p = 0; k < inner; k++, p += PW) {
            final FloatVector r0 = FloatVector.fromArray(S, pb, p);
            final FloatVector r1 = FloatVector.fromArray(S, pb, p + V);
            final FloatVector r2 = FloatVector.fromArray(S, pb, p + 2 * V);
            final FloatVector r3 = FloatVector.fromArray(S, pb, p + 3 * V);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            a02 = r2.fma(e, a02);
            a03 = r3.fma(e, a03);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            a12 = r2.fma(e, a12);
            a13 = r3.fma(e, a13);
            e = FloatVector.broadcast(S, a[x2 + k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            a22 = r2.fma(e, a22);
            a23 = r3.fma(e, a23);
            e = FloatVector.broadcast(S, a[x3 + k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            a32 = r2.fma(e, a32);
            a33 = r3.fma(e, a33);
        }
        ((FloatVector) VC.cast(a00)).intoArray(c, co);
        ((FloatVector) VC.cast(a01)).intoArray(c, co + V);
        ((FloatVector) VC.cast(a02)).intoArray(c, co + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(c, co + 3 * V);
        if (rows > 1) {
            final int y = co + ldc;
            ((FloatVector) VC.cast(a10)).intoArray(c, y);
            ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
            ((FloatVector) VC.cast(a12)).intoArray(c, y + 2 * V);
            ((FloatVector) VC.cast(a13)).intoArray(c, y + 3 * V);
        }
        if (rows > 2) {
            final int y = co + 2 * ldc;
            ((FloatVector) VC.cast(a20)).intoArray(c, y);
            ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
            ((FloatVector) VC.cast(a22)).intoArray(c, y + 2 * V);
            ((FloatVector) VC.cast(a23)).intoArray(c, y + 3 * V);
        }
        if (rows > 3) {
            final int y = co + 3 * ldc;
            ((FloatVector) VC.cast(a30)).intoArray(c, y);
            ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
            ((FloatVector) VC.cast(a32)).intoArray(c, y + 2 * V);
            ((FloatVector) VC.cast(a33)).intoArray(c, y + 3 * V);
        }
    }

    /** As {@link #tile6x4} with 2 vectors (narrow species: 12 accumulators, 16 registers). */
    private static void tile6x2(float[] a, int ao, int lda, float[] pb, int inner, float[] bias, int bo,
                                float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a40 = a00;
        FloatVector a41 = a01;
        FloatVector a50 = a00;
        FloatVector a51 = a01;
        final int x0 = ao;
        final int x1 = x0 + lda;
        final int x2 = x1 + lda;
        final int x3 = x2 + lda;
        final int x4 = x3 + lda;
        final int x5 = x4 + lda;
        for (int k = 0, p = 0; k < inner; k++, p += PW) {
            final FloatVector r0 = FloatVector.fromArray(S, pb, p);
            final FloatVector r1 = FloatVector.fromArray(S, pb, p + V);
            FloatVector e = FloatVector.broadcast(S, a[x0 + k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            e = FloatVector.broadcast(S, a[x1 + k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            e = FloatVector.broadcast(S, a[x2 + k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            e = FloatVector.broadcast(S, a[x3 + k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            e = FloatVector.broadcast(S, a[x4 + k]);
            a40 = r0.fma(e, a40);
            a41 = r1.fma(e, a41);
            e = FloatVector.broadcast(S, a[x5 + k]);
            a50 = r0.fma(e, a50);
            a51 = r1.fma(e, a51);
        }
        int y = co;
        ((FloatVector) VC.cast(a00)).intoArray(c, y);
        ((FloatVector) VC.cast(a01)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a10)).intoArray(c, y);
        ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a20)).intoArray(c, y);
        ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a30)).intoArray(c, y);
        ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a40)).intoArray(c, y);
        ((FloatVector) VC.cast(a41)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a50)).intoArray(c, y);
        ((FloatVector) VC.cast(a51)).intoArray(c, y + V);
    }

    /** As {@link #tile6x4} with 1 vector and a panel of width {@code V}: the columns past the last whole panel. */
    private static void tile6x1(float[] a, int ao, int lda, float[] pb, int inner, float[] bias, int bo,
                                float[] c, int co, int ldc) {
        FloatVector a0 = FloatVector.fromArray(S, bias, bo);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        final int x0 = ao;
        final int x1 = x0 + lda;
        final int x2 = x1 + lda;
        final int x3 = x2 + lda;
        final int x4 = x3 + lda;
        final int x5 = x4 + lda;
        for (int k = 0, p = 0; k < inner; k++, p += V) {
            final FloatVector r = FloatVector.fromArray(S, pb, p);
            a0 = r.fma(FloatVector.broadcast(S, a[x0 + k]), a0);
            a1 = r.fma(FloatVector.broadcast(S, a[x1 + k]), a1);
            a2 = r.fma(FloatVector.broadcast(S, a[x2 + k]), a2);
            a3 = r.fma(FloatVector.broadcast(S, a[x3 + k]), a3);
            a4 = r.fma(FloatVector.broadcast(S, a[x4 + k]), a4);
            a5 = r.fma(FloatVector.broadcast(S, a[x5 + k]), a5);
        }
        ((FloatVector) VC.cast(a0)).intoArray(c, co);
        ((FloatVector) VC.cast(a1)).intoArray(c, co + ldc);
        ((FloatVector) VC.cast(a2)).intoArray(c, co + 2 * ldc);
        ((FloatVector) VC.cast(a3)).intoArray(c, co + 3 * ldc);
        ((FloatVector) VC.cast(a4)).intoArray(c, co + 4 * ldc);
        ((FloatVector) VC.cast(a5)).intoArray(c, co + 5 * ldc);
    }

    /**
     * As {@link #tile6x4}, {@link #tile6x2} and {@link #tile6x1}, with the six rows of {@code A} in arrays of their own,
     * read in place: the row product's weight rows ({@link #rowProduct}), which a copy side by side first streamed
     * from L3 in a pass with no multiply-adds.
     */
    private static void weightRowsTile6x4(float[] w0, float[] w1, float[] w2, float[] w3, float[] w4, float[] w5,
                                          float[] pb, int inner, float[] bias, int bo, float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a02 = FloatVector.fromArray(S, bias, bo + 2 * V);
        FloatVector a03 = FloatVector.fromArray(S, bias, bo + 3 * V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a12 = a02;
        FloatVector a13 = a03;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a22 = a02;
        FloatVector a23 = a03;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a32 = a02;
        FloatVector a33 = a03;
        FloatVector a40 = a00;
        FloatVector a41 = a01;
        FloatVector a42 = a02;
        FloatVector a43 = a03;
        FloatVector a50 = a00;
        FloatVector a51 = a01;
        FloatVector a52 = a02;
        FloatVector a53 = a03;
        for (int k = 0, p = 0; k < inner; k++, p += PW) {
            final FloatVector r0 = FloatVector.fromArray(S, pb, p);
            final FloatVector r1 = FloatVector.fromArray(S, pb, p + V);
            final FloatVector r2 = FloatVector.fromArray(S, pb, p + 2 * V);
            final FloatVector r3 = FloatVector.fromArray(S, pb, p + 3 * V);
            FloatVector e = FloatVector.broadcast(S, w0[k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            a02 = r2.fma(e, a02);
            a03 = r3.fma(e, a03);
            e = FloatVector.broadcast(S, w1[k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            a12 = r2.fma(e, a12);
            a13 = r3.fma(e, a13);
            e = FloatVector.broadcast(S, w2[k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            a22 = r2.fma(e, a22);
            a23 = r3.fma(e, a23);
            e = FloatVector.broadcast(S, w3[k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            a32 = r2.fma(e, a32);
            a33 = r3.fma(e, a33);
            e = FloatVector.broadcast(S, w4[k]);
            a40 = r0.fma(e, a40);
            a41 = r1.fma(e, a41);
            a42 = r2.fma(e, a42);
            a43 = r3.fma(e, a43);
            e = FloatVector.broadcast(S, w5[k]);
            a50 = r0.fma(e, a50);
            a51 = r1.fma(e, a51);
            a52 = r2.fma(e, a52);
            a53 = r3.fma(e, a53);
        }
        int y = co;
        ((FloatVector) VC.cast(a00)).intoArray(c, y);
        ((FloatVector) VC.cast(a01)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a02)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a03)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a10)).intoArray(c, y);
        ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a12)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a13)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a20)).intoArray(c, y);
        ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a22)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a23)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a30)).intoArray(c, y);
        ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a32)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a33)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a40)).intoArray(c, y);
        ((FloatVector) VC.cast(a41)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a42)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a43)).intoArray(c, y + 3 * V);
        y += ldc;
        ((FloatVector) VC.cast(a50)).intoArray(c, y);
        ((FloatVector) VC.cast(a51)).intoArray(c, y + V);
        ((FloatVector) VC.cast(a52)).intoArray(c, y + 2 * V);
        ((FloatVector) VC.cast(a53)).intoArray(c, y + 3 * V);
    }

    private static void weightRowsTile6x2(float[] w0, float[] w1, float[] w2, float[] w3, float[] w4, float[] w5,
                                          float[] pb, int inner, float[] bias, int bo, float[] c, int co, int ldc) {
        FloatVector a00 = FloatVector.fromArray(S, bias, bo);
        FloatVector a01 = FloatVector.fromArray(S, bias, bo + V);
        FloatVector a10 = a00;
        FloatVector a11 = a01;
        FloatVector a20 = a00;
        FloatVector a21 = a01;
        FloatVector a30 = a00;
        FloatVector a31 = a01;
        FloatVector a40 = a00;
        FloatVector a41 = a01;
        FloatVector a50 = a00;
        FloatVector a51 = a01;
        for (int k = 0, p = 0; k < inner; k++, p += PW) {
            final FloatVector r0 = FloatVector.fromArray(S, pb, p);
            final FloatVector r1 = FloatVector.fromArray(S, pb, p + V);
            FloatVector e = FloatVector.broadcast(S, w0[k]);
            a00 = r0.fma(e, a00);
            a01 = r1.fma(e, a01);
            e = FloatVector.broadcast(S, w1[k]);
            a10 = r0.fma(e, a10);
            a11 = r1.fma(e, a11);
            e = FloatVector.broadcast(S, w2[k]);
            a20 = r0.fma(e, a20);
            a21 = r1.fma(e, a21);
            e = FloatVector.broadcast(S, w3[k]);
            a30 = r0.fma(e, a30);
            a31 = r1.fma(e, a31);
            e = FloatVector.broadcast(S, w4[k]);
            a40 = r0.fma(e, a40);
            a41 = r1.fma(e, a41);
            e = FloatVector.broadcast(S, w5[k]);
            a50 = r0.fma(e, a50);
            a51 = r1.fma(e, a51);
        }
        int y = co;
        ((FloatVector) VC.cast(a00)).intoArray(c, y);
        ((FloatVector) VC.cast(a01)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a10)).intoArray(c, y);
        ((FloatVector) VC.cast(a11)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a20)).intoArray(c, y);
        ((FloatVector) VC.cast(a21)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a30)).intoArray(c, y);
        ((FloatVector) VC.cast(a31)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a40)).intoArray(c, y);
        ((FloatVector) VC.cast(a41)).intoArray(c, y + V);
        y += ldc;
        ((FloatVector) VC.cast(a50)).intoArray(c, y);
        ((FloatVector) VC.cast(a51)).intoArray(c, y + V);
    }

    private static void weightRowsTile6x1(float[] w0, float[] w1, float[] w2, float[] w3, float[] w4, float[] w5,
                                          float[] pb, int inner, float[] bias, int bo, float[] c, int co, int ldc) {
        FloatVector a0 = FloatVector.fromArray(S, bias, bo);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        for (int k = 0, p = 0; k < inner; k++, p += V) {
            final FloatVector r = FloatVector.fromArray(S, pb, p);
            a0 = r.fma(FloatVector.broadcast(S, w0[k]), a0);
            a1 = r.fma(FloatVector.broadcast(S, w1[k]), a1);
            a2 = r.fma(FloatVector.broadcast(S, w2[k]), a2);
            a3 = r.fma(FloatVector.broadcast(S, w3[k]), a3);
            a4 = r.fma(FloatVector.broadcast(S, w4[k]), a4);
            a5 = r.fma(FloatVector.broadcast(S, w5[k]), a5);
        }
        ((FloatVector) VC.cast(a0)).intoArray(c, co);
        ((FloatVector) VC.cast(a1)).intoArray(c, co + ldc);
        ((FloatVector) VC.cast(a2)).intoArray(c, co + 2 * ldc);
        ((FloatVector) VC.cast(a3)).intoArray(c, co + 3 * ldc);
        ((FloatVector) VC.cast(a4)).intoArray(c, co + 4 * ldc);
        ((FloatVector) VC.cast(a5)).intoArray(c, co + 5 * ldc);
    }

    // -------------------------------------------------------------------------------------------- epilogues

    /** {@code y = f(y)} over the block, in place: one small method per activation, each its own compilation. */
    private static void activate(Activation f, float alpha, float[] y, int yo, int ldy, int n, int units) {
        switch (f) {
            case LINEAR:
                break;
            case RELU:
                relu(y, yo, ldy, n, units);
                break;
            case LEAKY_RELU:
                leakyRelu(alpha, y, yo, ldy, n, units);
                break;
            default:
                // sigmoid, tanh: exp in double, as everywhere else in fnnc
                for (int s = 0; s < n; s++) {
                    FloatActivations.applyInPlace(f, alpha, y, yo + s * ldy, units);
                }
        }
    }

    private static void relu(float[] y, int yo, int ldy, int n, int units) {
        final int jv = units - units % V;
        for (int s = 0; s < n; s++) {
            final int o = yo + s * ldy;
            for (int j = 0; j < jv; j += V) {
                ((FloatVector) VC.cast(FloatVector.fromArray(S, y, o + j).max(0.0f))).intoArray(y, o + j);
            }
            for (int j = jv; j < units; j++) {
                y[o + j] = Math.max(y[o + j], 0.0f);
            }
        }
    }

    private static void leakyRelu(float alpha, float[] y, int yo, int ldy, int n, int units) {
        final int jv = units - units % V;
        for (int s = 0; s < n; s++) {
            final int o = yo + s * ldy;
            for (int j = 0; j < jv; j += V) {
                final FloatVector z = FloatVector.fromArray(S, y, o + j);
                ((FloatVector) VC.cast(z.mul(alpha).blend(z, z.compare(VectorOperators.GT, 0.0f)))).intoArray(y, o + j);
            }
            for (int j = jv; j < units; j++) {
                final float z = y[o + j];
                y[o + j] = z > 0.0f ? z : alpha * z;
            }
        }
    }

    /** {@code g = g * f'(a)} over the block, in place, {@code f'} written from the activation output {@code a}. */
    private static void derive(Activation f, float alpha, float[] a, int ao, int lda, float[] g, int go, int ldg,
                               int n, int len) {
        switch (f) {
            case LINEAR:
                break;
            case RELU:
                reluDerivative(a, ao, lda, g, go, ldg, n, len);
                break;
            case LEAKY_RELU:
                leakyReluDerivative(alpha, a, ao, lda, g, go, ldg, n, len);
                break;
            case SIGMOID:
                sigmoidDerivative(a, ao, lda, g, go, ldg, n, len);
                break;
            case TANH:
                tanhDerivative(a, ao, lda, g, go, ldg, n, len);
                break;
            default:
                throw new IllegalArgumentException(f + " is not element-wise");
        }
    }

    private static void reluDerivative(float[] a, int ao, int lda, float[] g, int go, int ldg, int n, int len) {
        final int iv = len - len % V;
        for (int s = 0; s < n; s++) {
            final int as = ao + s * lda;
            final int gs = go + s * ldg;
            for (int i = 0; i < iv; i += V) {
                final VectorMask<Float> on = FloatVector.fromArray(S, a, as + i).compare(VectorOperators.GT, 0.0f);
                ((FloatVector) VC.cast(FloatVector.zero(S).blend(FloatVector.fromArray(S, g, gs + i), on)))
                        .intoArray(g, gs + i);
            }
            for (int i = iv; i < len; i++) {
                g[gs + i] = a[as + i] > 0.0f ? g[gs + i] : 0.0f;
            }
        }
    }

    private static void leakyReluDerivative(float alpha, float[] a, int ao, int lda, float[] g, int go, int ldg,
                                            int n, int len) {
        final int iv = len - len % V;
        for (int s = 0; s < n; s++) {
            final int as = ao + s * lda;
            final int gs = go + s * ldg;
            for (int i = 0; i < iv; i += V) {
                final VectorMask<Float> on = FloatVector.fromArray(S, a, as + i).compare(VectorOperators.GT, 0.0f);
                final FloatVector v = FloatVector.fromArray(S, g, gs + i);
                ((FloatVector) VC.cast(v.mul(alpha).blend(v, on))).intoArray(g, gs + i);
            }
            for (int i = iv; i < len; i++) {
                g[gs + i] = a[as + i] > 0.0f ? g[gs + i] : alpha * g[gs + i];
            }
        }
    }

    private static void sigmoidDerivative(float[] a, int ao, int lda, float[] g, int go, int ldg, int n, int len) {
        final int iv = len - len % V;
        for (int s = 0; s < n; s++) {
            final int as = ao + s * lda;
            final int gs = go + s * ldg;
            for (int i = 0; i < iv; i += V) {
                final FloatVector v = FloatVector.fromArray(S, a, as + i);
                ((FloatVector) VC.cast(FloatVector.fromArray(S, g, gs + i).mul(v).mul(v.neg().add(1.0f))))
                        .intoArray(g, gs + i);
            }
            for (int i = iv; i < len; i++) {
                final float ai = a[as + i];
                g[gs + i] = g[gs + i] * ai * (1.0f - ai);
            }
        }
    }

    private static void tanhDerivative(float[] a, int ao, int lda, float[] g, int go, int ldg, int n, int len) {
        final int iv = len - len % V;
        for (int s = 0; s < n; s++) {
            final int as = ao + s * lda;
            final int gs = go + s * ldg;
            for (int i = 0; i < iv; i += V) {
                final FloatVector v = FloatVector.fromArray(S, a, as + i);
                ((FloatVector) VC.cast(FloatVector.fromArray(S, g, gs + i).mul(v.mul(v).neg().add(1.0f))))
                        .intoArray(g, gs + i);
            }
            for (int i = iv; i < len; i++) {
                final float ai = a[as + i];
                g[gs + i] = g[gs + i] * (1.0f - ai * ai);
            }
        }
    }
}
