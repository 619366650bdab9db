package org.fnnc.spark;

/**
 * The uid of a stage under construction. Spark's Scala base classes create their params in their constructors,
 * taking the stage's {@code uid()}, before a Java subclass can assign its field: the subclass's constructor
 * passes the uid through here first ({@code this(PendingUid.begin(uid), ...)}), and {@code uid()} falls back
 * on it until the field is set.
 */
final class PendingUid {

    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private PendingUid() {
    }

    static String begin(String uid) {
        PENDING.set(uid);
        return uid;
    }

    static String current() {
        return PENDING.get();
    }

    static void end() {
        PENDING.remove();
    }
}
