import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds of fnnc-api's kernels in one JVM, each in a class loader of its own with {@link KernelStep}, run in
 * alternating rounds: the median over the pairs of rounds of new/old samples per second. On these VMs the same code
 * differs by 10-25% between JVMs (forks, JIT decisions, the host's load), so a before/after comparison across two
 * runs, JMH's included, cannot resolve a 5-10% change; rounds a quarter of a second apart see the same machine.
 * Position matters a little (an old-against-old control read 0.91-1.08): run both orders, or the control.
 * A workload {@code "A vs B"} runs A on the old jar and B on the new one: with the same jar twice, e.g.
 * {@code "1 32 784 512 512 10 vs 2 32 784 512 512 10"} with {@code -Dstep=TrainerStep}, the data-parallel
 * speed-up measured in alternating rounds.
 *
 * <pre>
 * usage: AlternatingPairs OLD.jar NEW.jar CLASSES_DIR WORKLOAD...   (-Dpairs=30 -Dms=250 -Dstep=KernelStep)
 * </pre>
 */
public final class AlternatingPairs {
    public static void main(String[] args) throws Exception {
        int pairs = Integer.getInteger("pairs", 30);
        long round = Long.getLong("ms", 250) * 1_000_000L;
        URL[] jars = {Path.of(args[0]).toUri().toURL(), Path.of(args[1]).toUri().toURL()};
        URL classes = Path.of(args[2]).toUri().toURL();
        for (String workload : Arrays.copyOfRange(args, 3, args.length)) {
            Object[] step = new Object[2];
            Method[] run = new Method[2];
            for (int k = 0; k < 2; k++) {
                ClassLoader loader = new URLClassLoader(new URL[]{jars[k], classes},
                        ClassLoader.getPlatformClassLoader());
                Class<?> c = loader.loadClass(System.getProperty("step", "KernelStep"));
                String[] sides = workload.split(" vs ");
                step[k] = c.getConstructor(String.class).newInstance(sides[Math.min(k, sides.length - 1)]);
                run[k] = c.getMethod("run", long.class);
            }
            for (int k = 0; k < 2; k++) {
                run[k].invoke(step[k], 3_000_000_000L);   // until C2 has compiled both
            }
            double[] oldRate = new double[pairs];
            double[] newRate = new double[pairs];
            double[] ratio = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                long t0 = System.nanoTime();
                long a = (Long) run[0].invoke(step[0], round);
                long t1 = System.nanoTime();
                long b = (Long) run[1].invoke(step[1], round);
                long t2 = System.nanoTime();
                oldRate[p] = a * 1e9 / (t1 - t0);
                newRate[p] = b * 1e9 / (t2 - t1);
                ratio[p] = newRate[p] / oldRate[p];
            }
            Arrays.sort(oldRate);
            Arrays.sort(newRate);
            Arrays.sort(ratio);
            System.out.printf("%-28s old %,.0f new %,.0f samples/s (medians); new/old %.3f [quartiles %.3f %.3f]%n",
                    workload, oldRate[pairs / 2], newRate[pairs / 2], ratio[pairs / 2], ratio[pairs / 4],
                    ratio[3 * pairs / 4]);
        }
    }
}
