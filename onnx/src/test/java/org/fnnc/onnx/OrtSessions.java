package org.fnnc.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import org.fnnc.spec.Precision;

/** Runs a serialized ONNX model in ONNX Runtime (CPU) on a batch, returning its output row-major. */
final class OrtSessions {

    private OrtSessions() {
    }

    static double[] run(byte[] model, Precision precision, double[] x, int batch, int inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options)) {
                String input = session.getInputNames().iterator().next();
                long[] shape = {batch, inputs};
                try (OnnxTensor in = precision == Precision.FLOAT
                        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(toFloat(x)), shape)
                        : OnnxTensor.createTensor(env, DoubleBuffer.wrap(x), shape);
                        OrtSession.Result result = session.run(Map.of(input, in))) {
                    OnnxTensor out = (OnnxTensor) result.get(0);
                    if (precision == Precision.FLOAT) {
                        FloatBuffer f = out.getFloatBuffer();
                        double[] y = new double[f.remaining()];
                        for (int i = 0; i < y.length; i++) {
                            y[i] = f.get(i);
                        }
                        return y;
                    }
                    DoubleBuffer d = out.getDoubleBuffer();
                    double[] y = new double[d.remaining()];
                    d.get(y);
                    return y;
                }
            }
        }
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
