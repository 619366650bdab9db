package org.fnnc.onnx;

import ai.onnxruntime.*;
import java.nio.DoubleBuffer;
import java.util.*;
import org.fnnc.Fnnc;
import org.fnnc.network.*;
import org.fnnc.spec.*;
import org.junit.jupiter.api.Test;

class OrtProbeTest {
    @Test
    void probe() throws Exception {
        NetworkSpec spec = NetworkSpec.builder("P").input(3).layer(LayerSpec.leakyRelu(4, 0.01)).layer(2, Activation.LINEAR)
                .loss(Loss.MSE).precision(Precision.DOUBLE).build();
        DoubleNetwork net = (DoubleNetwork) Fnnc.compile(spec);
        byte[] model = OnnxExport.toBytes(spec, net.parameters(), Optional.empty(), OnnxExport.Options.DEFAULT);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions())) {
            double[] x = {1, -2, 3, -1, 0.5, 2};
            try (OnnxTensor in = OnnxTensor.createTensor(env, DoubleBuffer.wrap(x), new long[] {2, 3});
                 OrtSession.Result r = s.run(Map.of("input", in))) {
                double[][] y = (double[][]) r.get(0).getValue();
                double[] out = new double[4];
                net.predict(x, 2, out);
                System.out.println("ORT " + Arrays.deepToString(y) + " fnnc " + Arrays.toString(out));
            }
        }
    }
}
