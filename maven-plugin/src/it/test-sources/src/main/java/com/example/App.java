package com.example;

/** Main code of the sample project; it knows nothing of networks. */
public final class App {
    private App() {
    }

    /** Something for the test to call. */
    public static int inputs() {
        return 3;
    }
}
