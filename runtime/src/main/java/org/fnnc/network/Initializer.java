package org.fnnc.network;

import org.fnnc.spec.NetworkSpec;

/** Placeholder replaced by the interpreter branch's seeded initialiser at merge. */
public final class Initializer {
    private Initializer() {
    }

    public static void initialize(NetworkSpec spec, Parameters params) {
        long s = spec.init().seed();
        for (int k = 0; k < params.size(); k++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            params.set(k, ((s >>> 11) * 0x1.0p-53 - 0.5) * 0.2);
        }
    }
}
