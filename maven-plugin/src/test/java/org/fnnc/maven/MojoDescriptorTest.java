package org.fnnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/**
 * The mojos as Maven's container builds them from the generated plugin descriptor (maven-plugin-testing-harness):
 * the documented defaults, parameter names and the injected BuildContext.
 */
@MojoTest
class MojoDescriptorTest {

    @Test
    @InjectMojo(goal = "generate")
    void generateHasTheDocumentedDefaults(GenerateMojo mojo) {
        assertTrue(mojo.specDirectory.toPath().endsWith(Path.of("src/main/fnnc")), mojo.specDirectory.toString());
        assertTrue(mojo.outputDirectory.toPath().endsWith(Path.of("target/generated-sources/fnnc")),
                mojo.outputDirectory.toString());
        assertFalse(mojo.skip);
        assertNull(mojo.unroll);
        assertNull(mojo.unrollThreshold);
        // On the command line the container injects the inert DefaultBuildContext; m2e replaces it.
        assertInstanceOf(DefaultBuildContext.class, mojo.buildContext);
        assertNotNull(mojo.project);
    }

    @Test
    @InjectMojo(goal = "generate-test")
    void generateTestReadsAndWritesTestFolders(GenerateTestMojo mojo) {
        assertTrue(mojo.specDirectory.toPath().endsWith(Path.of("src/test/fnnc")), mojo.specDirectory.toString());
        assertTrue(mojo.outputDirectory.toPath().endsWith(Path.of("target/generated-test-sources/fnnc")),
                mojo.outputDirectory.toString());
    }

    @Test
    @InjectMojo(goal = "generate")
    @MojoParameter(name = "packageName", value = "com.example.nets")
    @MojoParameter(name = "unroll", value = "loops")
    @MojoParameter(name = "unrollThreshold", value = "64")
    @MojoParameter(name = "skip", value = "true")
    void parametersHaveTheDocumentedNames(GenerateMojo mojo) {
        assertEquals("com.example.nets", mojo.packageName);
        assertEquals("loops", mojo.unroll);
        assertEquals(64, mojo.unrollThreshold);
        assertTrue(mojo.skip);
    }
}
