package org.fnnc.kernels;

/** The optimizer updates one implementation provides; see {@link Updates} for the contracts. */
interface UpdateKernels {

    void sgd(float[] w, float[] g, int n, float lambda, float lr);

    void sgd(double[] w, double[] g, int n, double lambda, double lr);

    void momentum(float[] w, float[] g, float[] v, int n, float lambda, float mu, boolean nesterov, float lr);

    void momentum(double[] w, double[] g, double[] v, int n, double lambda, double mu, boolean nesterov, double lr);

    void adam(float[] w, float[] g, float[] m, float[] v, int n, float lambda, float beta1, float beta2,
              float correction1, float correction2, float epsilon, float lr);

    void adam(double[] w, double[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
              double correction1, double correction2, double epsilon, double lr);

    boolean scaleFinite(float[] g, int n, float factor);

    boolean scaleFinite(double[] g, int n, double factor);

    boolean finite(float[] g, int n);

    boolean finite(double[] g, int n);
}
