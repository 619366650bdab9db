package org.fnnc.maven;

import static org.fnnc.maven.Projects.spec;
import static org.fnnc.maven.Projects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.build.incremental.BuildContext;

/** The mojos configured as Maven would configure them from a pom, run against a project in a temp folder. */
class GenerateMojoTest {

    @TempDir
    Path base;

    private final List<String> errors = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private final RecordingBuildContext ide = new RecordingBuildContext();

    private MavenProject project(boolean withRuntime) {
        MavenProject p = new MavenProject();
        p.setArtifactId("demo");
        p.setFile(base.resolve("pom.xml").toFile());
        p.getBuild().setDirectory(base.resolve("target").toString());
        if (withRuntime) {
            p.setArtifacts(Set.of(new DefaultArtifact("org.fnnc", "fnnc-api", "0.1.0", "compile", "jar", null,
                    new DefaultArtifactHandler("jar"))));
        } else {
            p.setArtifacts(Set.of());
        }
        return p;
    }

    private <M extends AbstractGenerateMojo> M configure(M mojo, MavenProject project, String goal) {
        MojoDescriptor descriptor = new MojoDescriptor();
        descriptor.setGoal(goal);
        mojo.project = project;
        mojo.mojoExecution = new MojoExecution(descriptor, "default");
        mojo.packageName = "";
        mojo.buildContext = ide;
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }

            @Override
            public void info(CharSequence content) {
                infos.add(content.toString());
            }
        });
        return mojo;
    }

    private GenerateMojo generate(MavenProject project) {
        GenerateMojo mojo = configure(new GenerateMojo(), project, "generate");
        mojo.specDirectory = base.resolve("src/main/fnnc").toFile();
        mojo.outputDirectory = base.resolve("target/generated-sources/fnnc").toFile();
        return mojo;
    }

    private GenerateTestMojo generateTest(MavenProject project) {
        GenerateTestMojo mojo = configure(new GenerateTestMojo(), project, "generate-test");
        mojo.specDirectory = base.resolve("src/test/fnnc").toFile();
        mojo.outputDirectory = base.resolve("target/generated-test-sources/fnnc").toFile();
        return mojo;
    }

    @Test
    void generatesIntoTheSourceRootAndRegistersItEvenWhenUpToDate() throws Exception {
        write(base.resolve("src/main/fnnc/xor.yaml"), spec("Xor", null, 4));
        MavenProject first = project(true);
        GenerateMojo mojo = generate(first);
        mojo.packageName = "com.example";
        mojo.execute();
        String root = base.resolve("target/generated-sources/fnnc").toString();
        assertTrue(Files.isRegularFile(base.resolve("target/generated-sources/fnnc/com/example/Xor.java")));
        assertTrue(first.getCompileSourceRoots().contains(root));
        assertFalse(first.getTestCompileSourceRoots().contains(root));
        assertTrue(Files.isRegularFile(base.resolve("target/fnnc/generate-default.fingerprint")));
        assertEquals(List.of(base.resolve("target/generated-sources/fnnc/com/example/Xor.java").toFile()), ide.refreshed);

        MavenProject second = project(true);
        GenerateMojo again = generate(second);
        again.packageName = "com.example";
        again.execute();
        assertTrue(second.getCompileSourceRoots().contains(root), "registered although nothing was generated");
        assertEquals("fnnc: 1 spec in src/main/fnnc: 0 generated (0 written, 0 unchanged), 1 up to date, 0 deleted",
                infos.get(infos.size() - 1));
    }

    @Test
    void generateTestFillsTestSourcesOnly() throws Exception {
        write(base.resolve("src/test/fnnc/probe.yaml"), spec("Probe", "t", 2));
        MavenProject p = project(true);
        generateTest(p).execute();
        String root = base.resolve("target/generated-test-sources/fnnc").toString();
        assertTrue(Files.isRegularFile(base.resolve("target/generated-test-sources/fnnc/t/Probe.java")));
        assertTrue(p.getTestCompileSourceRoots().contains(root));
        assertFalse(p.getCompileSourceRoots().contains(root));
        assertTrue(Files.isRegularFile(base.resolve("target/fnnc/generate-test-default.fingerprint")));
    }

    @Test
    void skipDoesNothing() throws Exception {
        write(base.resolve("src/main/fnnc/xor.yaml"), spec("Xor", "p", 4));
        MavenProject p = project(true);
        GenerateMojo mojo = generate(p);
        mojo.skip = true;
        mojo.execute();
        assertFalse(Files.exists(base.resolve("target")));
        assertFalse(p.getCompileSourceRoots().contains(base.resolve("target/generated-sources/fnnc").toString()));
    }

    @Test
    void specErrorsFailTheBuildListingEveryProblemAndMarkTheFiles() throws Exception {
        write(base.resolve("src/main/fnnc/a.yaml"), spec("A", "p", 4).replace("sigmoid", "sigmiod"));
        write(base.resolve("src/main/fnnc/b.yaml"), spec("B", "p", 4).replace("binary_cross_entropy", "hinge"));
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> generate(project(true)).execute());
        String a = "src/main/fnnc/a.yaml:6:28: error: unknown activation 'sigmiod'";
        String b = "src/main/fnnc/b.yaml:7:7: error: unknown loss 'hinge'";
        assertTrue(e.getMessage().startsWith("fnnc: 2 problems in spec files:\n" + a), e.getMessage());
        assertTrue(e.getMessage().contains("\n" + b), e.getMessage());
        assertEquals(2, errors.size());
        assertTrue(errors.get(0).startsWith(a), errors.toString());
        assertTrue(errors.get(1).startsWith(b), errors.toString());
        assertEquals(2, ide.messages.size(), ide.messages.toString());
        String aFile = base.resolve("src/main/fnnc/a.yaml").toString();
        assertTrue(ide.messages.get(0).startsWith(aFile + "@6:28 " + BuildContext.SEVERITY_ERROR + " unknown activation"),
                ide.messages.toString());
        assertEquals(List.of(new File(aFile), base.resolve("src/main/fnnc/b.yaml").toFile()), ide.removedMessages);
    }

    @Test
    void missingRuntimeDependencyIsAClearError() throws Exception {
        write(base.resolve("src/main/fnnc/xor.yaml"), spec("Xor", "p", 4));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> generate(project(false)).execute());
        assertTrue(e.getMessage().contains("need org.fnnc:fnnc-api, which is not a dependency of demo"), e.getMessage());
        assertTrue(e.getMessage().contains("<artifactId>fnnc-api</artifactId>"), e.getMessage());
    }

    @Test
    void noSpecsNeedsNoRuntimeAndStillRegistersTheRoot() throws Exception {
        MavenProject p = project(false);
        generate(p).execute();
        assertTrue(p.getCompileSourceRoots().contains(base.resolve("target/generated-sources/fnnc").toString()));
    }

    @Test
    void badParametersAreRejectedWithTheChoices() {
        GenerateMojo unroll = generate(project(true));
        unroll.unroll = "fast";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, unroll::execute);
        assertEquals("fnnc: invalid <unroll>: unknown unroll mode 'fast' (expected one of auto, full, loops)",
                e.getMessage());

        GenerateMojo pkg = generate(project(true));
        pkg.packageName = "com.1example";
        e = assertThrows(MojoExecutionException.class, pkg::execute);
        assertTrue(e.getMessage().startsWith("fnnc: invalid <packageName>: 'com.1example' is not a valid package name"),
                e.getMessage());

        GenerateMojo threshold = generate(project(true));
        threshold.unrollThreshold = -1;
        e = assertThrows(MojoExecutionException.class, threshold::execute);
        assertTrue(e.getMessage().startsWith("fnnc: invalid <unrollThreshold>: unroll threshold -1 is negative"),
                e.getMessage());

        GenerateMojo kernels = generate(project(true));
        kernels.kernels = "vectorapi";
        e = assertThrows(MojoExecutionException.class, kernels::execute);
        assertEquals("fnnc: invalid <kernels>: unknown kernels 'vectorapi' (expected one of auto, scalar, vector_api;"
                + " did you mean 'vector_api'?)", e.getMessage());
    }

    @Test
    void includesAndExcludesSelectTheSpecs() throws Exception {
        write(base.resolve("src/main/fnnc/keep.yaml"), spec("Keep", "p", 4));
        write(base.resolve("src/main/fnnc/drafts/wip.yaml"), "not: a spec");
        write(base.resolve("src/main/fnnc/other.json"), "{}");
        GenerateMojo mojo = generate(project(true));
        mojo.excludes = List.of("drafts/");
        mojo.execute();
        assertTrue(Files.isRegularFile(base.resolve("target/generated-sources/fnnc/p/Keep.java")));
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
