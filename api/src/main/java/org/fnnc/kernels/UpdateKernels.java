package org.fnnc.kernels;

/** The optimizer updates one implementation provides; see {@link Updates} for the contracts. */
interface UpdateKernels {

    void sgd(float[] w, float[] g, int n, double lambda, double lr);

    void sgd(double[] w, double[] g, int n, double lambda, double lr);

    void momentum(float[] w, float[] g, double[] v, int n, double lambda, double mu, boolean nesterov, double lr);

    void momentum(double[] w, double[] g, double[] v, int n, double lambda, double mu, boolean nesterov, double lr);

    void adam(float[] w, float[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
              double correction1, double correction2, double epsilon, double lr);

    void adam(double[] w, double[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
              double correction1, double correction2, double epsilon, double lr);
}
