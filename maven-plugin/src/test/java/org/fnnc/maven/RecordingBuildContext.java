package org.fnnc.maven;

import java.io.File;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.plexus.util.Scanner;
import org.sonatype.plexus.build.incremental.BuildContext;

/** A BuildContext as an IDE would provide: records markers and refreshed files. */
final class RecordingBuildContext implements BuildContext {

    final List<String> messages = new ArrayList<>();
    final List<File> removedMessages = new ArrayList<>();
    final List<File> refreshed = new ArrayList<>();
    private final Map<String, Object> values = new HashMap<>();

    @Override
    public void addMessage(File file, int line, int column, String message, int severity, Throwable cause) {
        messages.add(file.getPath() + "@" + line + ":" + column + " " + severity + " " + message);
    }

    @Override
    @Deprecated
    public void addError(File file, int line, int column, String message, Throwable cause) {
        addMessage(file, line, column, message, SEVERITY_ERROR, cause);
    }

    @Override
    @Deprecated
    public void addWarning(File file, int line, int column, String message, Throwable cause) {
        addMessage(file, line, column, message, SEVERITY_WARNING, cause);
    }

    @Override
    public void removeMessages(File file) {
        removedMessages.add(file);
    }

    @Override
    public void refresh(File file) {
        refreshed.add(file);
    }

    @Override
    public boolean hasDelta(String relpath) {
        return true;
    }

    @Override
    public boolean hasDelta(File file) {
        return true;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean hasDelta(List relpaths) {
        return true;
    }

    @Override
    public boolean isIncremental() {
        return true;
    }

    @Override
    public Object getValue(String key) {
        return values.get(key);
    }

    @Override
    public void setValue(String key, Object value) {
        values.put(key, value);
    }

    @Override
    public boolean isUptodate(File target, File source) {
        return false;
    }

    @Override
    public OutputStream newFileOutputStream(File file) {
        throw new UnsupportedOperationException("the plugin writes through AtomicFiles");
    }

    @Override
    public Scanner newScanner(File basedir) {
        throw new UnsupportedOperationException("the plugin scans with SpecScanner");
    }

    @Override
    public Scanner newDeleteScanner(File basedir) {
        throw new UnsupportedOperationException("the plugin scans with SpecScanner");
    }

    @Override
    public Scanner newScanner(File basedir, boolean ignoreDelta) {
        throw new UnsupportedOperationException("the plugin scans with SpecScanner");
    }
}
