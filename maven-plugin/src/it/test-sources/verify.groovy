// generate-test put Probe into the test sources and test classes, and nowhere else.
def target = new File(basedir, 'target')
assert new File(target, 'generated-test-sources/fnnc/com/example/testnets/Probe.java').isFile()
assert new File(target, 'test-classes/com/example/testnets/Probe.class').isFile()
assert new File(target, 'classes/com/example/App.class').isFile()
assert !new File(target, 'classes/com/example/testnets').exists() : 'Probe was compiled into the main classes'
assert !new File(target, 'generated-sources/fnnc').exists()
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains('fnnc: 1 spec in src/test/fnnc: 1 generated')
return true
