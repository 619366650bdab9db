package org.fnnc.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * What Ctrl-C (SIGINT) does to the {@code fnnc} process. By default, and before training starts, it exits at
 * once with 130 like any command. While {@code train} trains or writes its outputs, the first Ctrl-C runs the
 * action set with {@link #onFirst} (stop after the current step; finish writing) and the second exits at once: a
 * write that was in progress leaves the previous file intact (writes are atomic).
 *
 * <p>Only the real command ({@link FnncCli#main}) catches the signal; in-process runs (tests, embedding) keep
 * the JVM's own handling. The handler uses {@code sun.misc.Signal} (module jdk.unsupported, present in every
 * JDK since 9) through reflection, which keeps the build free of internal-API warnings; without it Ctrl-C
 * keeps its default meaning.
 */
final class CtrlC {

    /** The exit code of a process ended by SIGINT, as shells report it (128 + 2). */
    static final int EXIT_CODE = 130;

    private static volatile boolean installed;
    private static volatile Runnable onFirst;
    /** Ctrl-Cs so far; each signal is handled on a thread of its own, so they may overlap. */
    private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();

    private CtrlC() {
    }

    /** Takes over SIGINT for this process; false if the JVM does not allow it (e.g. SIGINT is ignored). */
    static synchronized boolean install() {
        if (installed) {
            return true;
        }
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(CtrlC.class.getClassLoader(), new Class<?>[] {handlerClass},
                    new InvocationHandler() {
                        @Override
                        public Object invoke(Object proxy, Method method, Object[] args) {
                            if (method.getName().equals("handle")) {
                                interrupted();
                                return null;
                            }
                            return switch (method.getName()) {
                                case "hashCode" -> System.identityHashCode(proxy);
                                case "equals" -> proxy == args[0];
                                default -> "CtrlC handler";
                            };
                        }
                    });
            Object sigint = signalClass.getConstructor(String.class).newInstance("INT");
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, sigint, handler);
            installed = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            installed = false; // keep the default: exit at once
        }
        return installed;
    }

    /**
     * Sets what the process's first Ctrl-C does from now on: {@code action} runs on the signal thread and must
     * return quickly; {@code null} restores "exit at once". Any later Ctrl-C halts the process.
     */
    static void onFirst(Runnable action) {
        onFirst = action;
    }

    private static void interrupted() {
        Runnable first = onFirst;
        int n = COUNT.incrementAndGet();
        if (first == null || n > 1) {
            System.err.println();
            System.err.flush();
            // halt, not exit: shutdown hooks could wait for the very work the user wants to abandon
            Runtime.getRuntime().halt(EXIT_CODE);
        }
        first.run();
    }
}
