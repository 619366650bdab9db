// Every module generated its own classes and compiled them; alpha's and beta's Classifier stayed apart.
def expected = [
    'alpha': ['com/example/alpha/Classifier'],
    'beta' : ['com/example/beta/Classifier'],
    'gamma': ['com/example/gamma/Encoder'],
]
expected.each { module, classes ->
    def target = new File(basedir, "$module/target")
    classes.each { c ->
        def source = new File(target, "generated-sources/fnnc/${c}.java")
        assert source.isFile() : "$source is missing"
        assert source.text.contains("package ${c.substring(0, c.lastIndexOf('/')).replace('/', '.')};")
        assert new File(target, "classes/${c}.class").isFile() : "$c.class is missing in $module"
    }
    def generated = []
    new File(target, 'generated-sources/fnnc').eachFileRecurse(groovy.io.FileType.FILES) { generated << it.name }
    assert generated.size() == classes.size() : "$module generated $generated"
    assert new File(target, "fnnc/generate-default.fingerprint").isFile()
}
assert new File(basedir, 'beta/src/main/fnnc/classifier.yaml').isFile()
assert new File(basedir, 'gamma/target/classes/com/example/gamma/Pipeline.class').isFile()
// gamma compiled against alpha's jar, not a class of its own.
assert !new File(basedir, 'gamma/target/classes/com/example/alpha').exists()

def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2') : 'not a parallel build'
// Maven names every plugin not marked @threadSafe; fnnc must not be among them.
assert !log.contains('not marked as thread-safe') && !log.contains('not marked as @threadSafe')
def runs = log.findAll(/fnnc: \d+ specs? in src\/main\/fnnc: .*/)
assert runs.size() == 3 && runs.every { it == 'fnnc: 1 spec in src/main/fnnc: 1 generated (1 written, 0 unchanged), 0 up to date, 0 deleted' } : runs
// Each module's own test ran and passed.
['alpha', 'beta', 'gamma'].each { m ->
    def reports = new File(basedir, "$m/target/surefire-reports")
    assert reports.isDirectory() : "no tests ran in $m"
    def xml = reports.listFiles().find { it.name.endsWith('.xml') }.text
    assert xml.contains('tests="1"') && xml.contains('failures="0"') && xml.contains('errors="0"') : "$m: $xml"
}
assert log.contains('BUILD SUCCESS')
return true
