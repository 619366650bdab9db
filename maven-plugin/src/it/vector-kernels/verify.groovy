// The kernels: vector_api class compiled with javac (its only warning the incubator notice) and ran in tests.
def target = new File(basedir, 'target')
def source = new File(target, 'generated-sources/fnnc/com/example/nets/Wide.java').text
assert source.contains('import jdk.incubator.vector.FloatVector;')
assert new File(target, 'classes/com/example/nets/Wide.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('using incubating module(s): jdk.incubator.vector')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
return true
