package org.fnnc.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.fnnc.generator.output.InvalidOverrideException;
import org.fnnc.generator.output.SpecOverrides;
import org.fnnc.spec.Diagnostic;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/**
 * What {@code generate} and {@code generate-test} share: find the specs, run the {@link IncrementalGenerator},
 * register the output directory as a source root (always, even when nothing was regenerated), report problems
 * to the log and to the IDE. Generation itself is the generator module's; this class only wires it to Maven.
 * Fields are package-private so that unit tests can configure a mojo as Maven would.
 */
abstract class AbstractGenerateMojo extends AbstractMojo {

    static final List<String> DEFAULT_INCLUDES = List.of("**/*.yaml", "**/*.yml");

    /** The project being built. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The execution, whose id names the fingerprint file. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    /**
     * Ant-style patterns of the spec files to generate from, relative to the spec directory; default
     * {@code **}{@code /*.yaml} and {@code **}{@code /*.yml}.
     */
    @Parameter
    List<String> includes;

    /** Ant-style patterns of files under the spec directory to leave alone, e.g. {@code drafts/}. */
    @Parameter
    List<String> excludes;

    /** Package of the classes of specs that name no {@code package}; empty: the default package. */
    @Parameter(property = "fnnc.packageName", defaultValue = "")
    String packageName;

    /** Replaces the network-wide {@code unroll} mode of every spec: {@code auto}, {@code full} or {@code loops}. */
    @Parameter(property = "fnnc.unroll")
    String unroll;

    /** Replaces the network-wide unroll threshold (multiply-adds per layer pass) of every spec. */
    @Parameter(property = "fnnc.unrollThreshold")
    Integer unrollThreshold;

    /**
     * Replaces the {@code kernels} of every spec: {@code auto} (the default: loop layers call fnnc-api's kernel
     * library, which runs its Vector API kernels when the application runs with {@code --add-modules
     * jdk.incubator.vector}; the classes compile with plain javac), {@code scalar}, or {@code vector_api} (the
     * generated classes then need {@code --add-modules jdk.incubator.vector} to compile and run; see docs/spec.md).
     */
    @Parameter(property = "fnnc.kernels")
    String kernels;

    /** Skips generation (and leaves the source root unregistered). */
    @Parameter(property = "fnnc.skip", defaultValue = "false")
    boolean skip;

    /** The IDE's view of the build (m2e shows markers and refreshes files through it); inert on the command line. */
    // @Component is deprecated in favour of JSR-330 constructor injection, but it is what injects the Plexus
    // component plexus-build-api 0.0.7 declares (and m2e replaces) on every Maven 3.x.
    @SuppressWarnings("deprecation")
    @Component
    BuildContext buildContext;

    /** The directory holding the specs. */
    abstract File specDirectory();

    /** The generated source root. */
    abstract File outputDirectory();

    /** Adds the generated source root to the project: main or test sources. */
    abstract void addSourceRoot(String directory);

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("fnnc: skipped (fnnc.skip=true)");
            return;
        }
        SpecOverrides options = options();
        Path baseDir = project.getBasedir().toPath();
        Path specDir = specDirectory().toPath();
        Path outputDir = outputDirectory().toPath();
        addSourceRoot(outputDir.toString());

        IncrementalGenerator.Result result;
        List<Path> specs;
        try {
            List<String> inc = includes == null || includes.isEmpty() ? DEFAULT_INCLUDES : includes;
            List<String> exc = excludes == null ? List.of() : excludes;
            specs = new SpecScanner(inc, exc).scan(specDir);
            if (!specs.isEmpty()) {
                requireApiDependency();
            }
            String configuration = "specDirectory=" + SpecScanner.slashed(baseDir.relativize(specDir.toAbsolutePath()))
                    + "\nincludes=" + inc + "\nexcludes=" + exc;
            result = new IncrementalGenerator(baseDir, outputDir, fingerprintFile(), options, configuration).run(specs);
        } catch (IOException e) {
            throw new MojoExecutionException("fnnc: cannot read the specs in " + specDir + " or write into "
                    + outputDir + ": " + e, e);
        }
        result.written().forEach(p -> buildContext.refresh(p.toFile()));
        result.deleted().forEach(p -> buildContext.refresh(p.toFile()));
        report(baseDir, specs, result);
        if (result.failed()) {
            String list = result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
            throw new MojoFailureException("fnnc: " + count(result.diagnostics().size(), "problem") + " in spec files:\n"
                    + list);
        }
    }

    /** The configured overrides, parsed by the generator's one parser of overrides. */
    private SpecOverrides options() throws MojoExecutionException {
        String parameter = "packageName";
        try {
            SpecOverrides o = SpecOverrides.NONE.withDefaultPackage(packageName);
            parameter = "unroll";
            o = o.withUnroll(unroll);
            parameter = "unrollThreshold";
            o = o.withUnrollThreshold(unrollThreshold);
            parameter = "kernels";
            return o.withKernels(kernels);
        } catch (InvalidOverrideException e) {
            throw new MojoExecutionException("fnnc: invalid <" + parameter + ">: " + e.getMessage());
        }
    }

    /**
     * Generated classes implement fnnc-api's interfaces (fnnc-runtime brings it too): without it the compiler's
     * errors would be cryptic.
     */
    private void requireApiDependency() throws MojoExecutionException {
        for (Artifact a : project.getArtifacts()) {
            if (a.getGroupId().equals("org.fnnc") && a.getArtifactId().equals("fnnc-api")) {
                return;
            }
        }
        throw new MojoExecutionException("fnnc: the generated classes need org.fnnc:fnnc-api, which is not a"
                + " dependency of " + project.getArtifactId() + ". Add to the pom's <dependencies>:\n"
                + "  <dependency>\n    <groupId>org.fnnc</groupId>\n    <artifactId>fnnc-api</artifactId>\n"
                + "    <version>" + org.fnnc.generator.GeneratorVersion.VERSION + "</version>\n  </dependency>");
    }

    private Path fingerprintFile() {
        String goal = mojoExecution == null ? "generate" : mojoExecution.getGoal();
        String id = mojoExecution == null ? "default" : mojoExecution.getExecutionId();
        return Path.of(project.getBuild().getDirectory(), "fnnc", goal + "-" + id + ".fingerprint");
    }

    private void report(Path baseDir, List<Path> specs, IncrementalGenerator.Result r) {
        // The command-line BuildContext would only log each problem a second time, in another format.
        boolean ide = !(buildContext instanceof DefaultBuildContext);
        if (ide) {
            specs.forEach(s -> buildContext.removeMessages(s.toFile()));
        }
        for (Diagnostic d : r.diagnostics()) {
            getLog().error(d.format());
            if (ide) {
                buildContext.addMessage(baseDir.resolve(d.source()).toFile(), d.line(), d.column(),
                        d.hint().isEmpty() ? d.message() : d.message() + " (" + d.hint() + ")",
                        BuildContext.SEVERITY_ERROR, null);
            }
        }
        int regenerated = r.written().size() + r.unchanged().size();
        getLog().info("fnnc: " + count(r.specs(), "spec") + " in "
                + SpecScanner.slashed(baseDir.relativize(specDirectory().toPath().toAbsolutePath()))
                + ": " + regenerated + " generated (" + r.written().size() + " written, " + r.unchanged().size()
                + " unchanged), " + r.upToDate() + " up to date, " + r.deleted().size() + " deleted"
                + (r.failed() ? ", " + count(r.diagnostics().size(), "problem") : ""));
        r.written().forEach(p -> getLog().debug("fnnc: wrote " + p));
        r.deleted().forEach(p -> getLog().info("fnnc: deleted " + SpecScanner.slashed(baseDir.relativize(p))
                + " (its spec is gone)"));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
