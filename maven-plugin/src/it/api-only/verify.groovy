// The generated class compiled with -Xlint:all -Werror and its tests passed with fnnc-api alone; the project's
// compile and runtime dependencies (what it ships) are exactly one artifact, fnnc-api.
def target = new File(basedir, 'target')
assert new File(target, 'generated-sources/fnnc/com/example/nets/Tiny.java').isFile()
assert new File(target, 'classes/com/example/nets/Tiny.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0')
def shipped = new File(target, 'shipped-dependencies.txt').readLines()
        .collect { it.trim() }
        .findAll { it ==~ /[^:\s]+:[^:\s]+:[^:\s]+:.+/ }
assert shipped.size() == 1 : "shipped dependencies: ${shipped}"
assert shipped[0].startsWith('org.fnnc:fnnc-api:jar:') : shipped[0]
return true
