// The classes were generated where the docs say, with the default package applied to iris.yaml.
def gen = new File(basedir, 'target/generated-sources/fnnc')
assert new File(gen, 'org/fnnc/examples/Xor.java').isFile()
assert new File(gen, 'com/example/nets/Iris.java').isFile()
assert new File(basedir, 'target/classes/com/example/nets/Iris.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains('fnnc: 2 specs in src/main/fnnc: 2 generated (2 written, 0 unchanged), 0 up to date, 0 deleted')
return true
