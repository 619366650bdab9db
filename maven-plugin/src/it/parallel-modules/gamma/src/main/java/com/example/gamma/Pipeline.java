package com.example.gamma;

import com.example.alpha.Classifier;

/** Uses the class generated in module alpha next to gamma's own: alpha's class probabilities, then Encoder. */
public final class Pipeline {

    private final Classifier classifier;
    private final Encoder encoder;

    public Pipeline(Classifier classifier, Encoder encoder) {
        this.classifier = classifier;
        this.encoder = encoder;
    }

    /** alpha's two class probabilities for each of {@code batch} samples of 2 features. */
    public double[] probabilities(double[] x, int batch) {
        double[] p = new double[batch * Classifier.OUTPUTS];
        classifier.predict(x, batch, p);
        return p;
    }

    /** The probabilities reconstructed by the encoder. */
    public double[] reconstruct(double[] x, int batch) {
        double[] out = new double[batch * Encoder.OUTPUTS];
        encoder.predict(probabilities(x, batch), batch, out);
        return out;
    }
}
