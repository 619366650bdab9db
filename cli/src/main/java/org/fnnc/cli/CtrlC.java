package org.fnnc.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * What Ctrl-C (SIGINT) does to the {@code fnnc} process. By default, and before training starts, it exits at
 * once with 130 like any command. While {@code train} trains, the first Ctrl-C runs the action {@link #during}
 * was given (stop after the current step, then write everything) and the second exits at once: a write that
 * was in progress leaves the previous file intact (writes are atomic).
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
    private static volatile int count;

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
     * Runs {@code body} with {@code firstCtrlC} as the first Ctrl-C's action (called on the signal thread; it
     * must return quickly); a second Ctrl-C halts the process. Outside such a section Ctrl-C exits at once.
     */
    static <T> T during(Runnable firstCtrlC, java.util.concurrent.Callable<T> body) throws Exception {
        onFirst = firstCtrlC;
        count = 0;
        try {
            return body.call();
        } finally {
            onFirst = null;
        }
    }

    /** True if Ctrl-C was pressed during the current or last {@link #during} section. */
    static boolean pressed() {
        return count > 0;
    }

    private static void interrupted() {
        Runnable first = onFirst;
        int n = ++count;
        if (first == null || n > 1) {
            System.err.println();
            System.err.flush();
            // halt, not exit: shutdown hooks could wait for the very work the user wants to abandon
            Runtime.getRuntime().halt(EXIT_CODE);
        }
        first.run();
    }
}
