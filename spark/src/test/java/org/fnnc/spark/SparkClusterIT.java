package org.fnnc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fnnc-spark in a real multi-JVM cluster on this machine: Spark's {@code local-cluster[2,1,1024]} master starts a
 * standalone master and two workers, whose executors run in JVMs of their own from {@code $SPARK_HOME/jars}
 * (Spark's jars, Spark's Janino 3.1.9). The application comes as a user deploys it: the shaded fnnc-spark jar and
 * its dependencies, shipped to the executors through {@code spark.jars}. This is where class shipping,
 * serialization and broadcast break when local mode hides it.
 */
class SparkClusterIT {

    private static SparkSession spark;
    private static final List<Integer> JOBS = new ArrayList<>();
    private static final AtomicInteger EXECUTORS_REMOVED = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws IOException {
        LocalSpark.assumeHadoopFileSystems();
        Path home = Path.of(System.getenv("SPARK_HOME"));
        Path jars = home.resolve("jars");
        if (Files.isDirectory(jars)) { // links of an earlier run, maybe for another Spark version
            try (Stream<Path> old = Files.list(jars)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(jars);
        List<String> app = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            if (!name.endsWith(".jar")) {
                continue;
            }
            if (name.startsWith("fnnc-") || name.startsWith("javapoet-") || name.startsWith("snakeyaml-engine-")) {
                app.add(p.toUri().toString()); // the application's jars: shipped, not installed
            } else if (!Files.exists(jars.resolve(name))) {
                Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
            }
        }
        app.add(testClassesJar(home).toUri().toString());
        spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("fnnc-spark-cluster-test")
                .config("spark.executor.memory", "700m")
                .config("spark.jars", String.join(",", app))
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobEnd(SparkListenerJobEnd jobEnd) {
                synchronized (JOBS) {
                    JOBS.add(jobEnd.jobId());
                    JOBS.notifyAll();
                }
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
                EXECUTORS_REMOVED.incrementAndGet();
            }
        });
    }

    /** The test's own classes as a jar, so that executors can run the test's functions too. */
    private static Path testClassesJar(Path dir) throws IOException {
        Path classes = Path.of(SparkClusterIT.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path jar = dir.resolve("fnnc-spark-tests.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }

    @AfterAll
    static void stopCluster() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theDriverCompilesWithFnncsJaninoBesideSparks() throws Exception {
        String sparkJanino = location("org.codehaus.janino.SimpleCompiler");
        assertTrue(sparkJanino.contains("janino-" + System.getProperty("fnnc.spark.janino")), sparkJanino);
        String fnncJanino = location("org.fnnc.spark.shaded.janino.SimpleCompiler");
        assertEquals(Path.of(System.getProperty("fnnc.spark.jar")).toUri(), java.net.URI.create(fnncJanino).normalize());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.fnnc.compiler.JaninoNetworkCompiler"));
        // Spark's own code generation, on the driver and the executors, still runs on Spark's Janino
        Dataset<Row> df = spark.range(0, 1000, 1, 2).selectExpr("id % 7 as k", "id * 2 + 1 as v");
        assertEquals(1000L * 1000, df.groupBy("k").sum("v").selectExpr("sum(`sum(v)`)").first().getLong(0));
    }

    private static String location(String className) throws ClassNotFoundException {
        return Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toString();
    }

    @Test
    void fitRunsInExecutorJvmsAndSurvivesAKilledExecutor() throws Exception {
        List<Row> rows = LocalSpark.blobs(2000, 11);
        // rows in a fixed order per partition, also when a lost partition is recomputed (a shuffle's output, e.g.
        // repartition's, is not: its order follows the order blocks are fetched in)
        Dataset<Row> df = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, 2), LocalSpark.VECTOR_SCHEMA);
        checkExecutors(df, 2);
        FnncClassifier classifier = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setEpochs(6).setSyncEvery(25);
        FnncClassificationModel undisturbed = classifier.fit(df);
        assertEquals(6 * 3, undisturbed.summary().rounds());
        double acc = new org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(undisturbed.transform(spark.createDataFrame(LocalSpark.blobs(300, 12),
                        LocalSpark.VECTOR_SCHEMA)));
        assertTrue(acc > 0.97, "accuracy " + acc);

        int removedBefore = EXECUTORS_REMOVED.get();
        AtomicLong killed = new AtomicLong(-1);
        int jobsBefore;
        synchronized (JOBS) {
            jobsBefore = JOBS.size();
        }
        Thread killer = new Thread(() -> {
            try {
                synchronized (JOBS) {
                    while (JOBS.size() < jobsBefore + 4) {
                        JOBS.wait();
                    }
                }
                Optional<ProcessHandle> executor = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                        .map(c -> c.contains("CoarseGrainedExecutorBackend")
                                && c.contains(spark.sparkContext().applicationId()))
                        .orElse(false)).findFirst();
                executor.ifPresent(p -> {
                    killed.set(p.pid());
                    p.destroyForcibly(); // SIGKILL, as kill -9
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        FnncClassificationModel disturbed = classifier.fit(df);
        killer.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(killed.get() > 0, "no executor was killed");
        assertTrue(EXECUTORS_REMOVED.get() > removedBefore, "Spark did not notice the lost executor");
        assertArrayEquals(undisturbed.network().parameters().toArray(), disturbed.network().parameters().toArray());

        // the executors that trained (one may still be replacing the killed one): not the driver, no fnnc Janino
        checkExecutors(df, 1);
    }

    /** Runs a task per partition: in JVMs other than the driver's, at least {@code jvms} of them, no fnnc Janino. */
    private static void checkExecutors(Dataset<Row> df, int jvms) {
        long driver = ProcessHandle.current().pid();
        Set<Long> pids = new TreeSet<>();
        for (long[] w : df.toJavaRDD().mapPartitions(SparkClusterIT::whereAmI).collect()) {
            assertFalse(w[0] == driver, "a task ran in the driver's JVM");
            pids.add(w[0]);
            assertEquals(0, w[1], "an executor has fnnc's Janino loaded");
        }
        assertTrue(pids.size() >= jvms, "tasks ran in " + pids);
    }

    /** The executor's process id, and 1 if fnnc's relocated Janino is loaded there. */
    private static Iterator<long[]> whereAmI(Iterator<Row> rows) {
        long loaded = 0;
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            java.lang.reflect.Method m = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
            m.setAccessible(true);
            loaded = m.invoke(cl, "org.fnnc.spark.shaded.janino.SimpleCompiler") != null ? 1 : 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            loaded = -1;
        }
        assertFalse(SparkEnv.get().executorId().equals("driver"));
        return List.of(new long[] {ProcessHandle.current().pid(), loaded}).iterator();
    }
}
