// Timestamps tell which files each build wrote: the second build found everything dated 2001.
def OLD = 978307200000L
def gen = new File(basedir, 'target/generated-sources/fnnc/com/example')
def second = new File(basedir, 'target/after-second-build')

// Second build, nothing changed: no source and not the fingerprint was rewritten.
def secondFiles = []
second.eachFileRecurse(groovy.io.FileType.FILES) { secondFiles << it }
assert secondFiles.size() == 4 : "expected 3 sources and a fingerprint: $secondFiles"
secondFiles.each { assert it.lastModified() == OLD : "the second build rewrote $it" }

// Third build: beta.yaml changed, so exactly Beta was regenerated; gamma.yml is gone, and so is Gamma.java.
assert new File(gen, 'Alpha.java').lastModified() == OLD : 'Alpha.java was rewritten though alpha.yaml did not change'
def beta = new File(gen, 'Beta.java')
assert beta.lastModified() > OLD : 'Beta.java was not regenerated after beta.yaml changed'
assert beta.text.contains('Beta: 2 -> 6 tanh -> 1 sigmoid') : 'Beta.java does not follow the changed spec'
assert !new File(gen, 'Gamma.java').exists() : 'Gamma.java outlived gamma.yml'
def fingerprint = new File(basedir, 'target/fnnc').listFiles()
assert fingerprint.size() == 1 && !fingerprint[0].text.contains('gamma')

// What the plugin said in each build (build.log holds all three).
def log = new File(basedir, 'build.log').text
def runs = log.findAll(/fnnc: \d+ specs? in .*/)
assert runs == [
    'fnnc: 3 specs in src/main/fnnc: 3 generated (3 written, 0 unchanged), 0 up to date, 0 deleted',
    'fnnc: 3 specs in src/main/fnnc: 0 generated (0 written, 0 unchanged), 3 up to date, 0 deleted',
    'fnnc: 2 specs in src/main/fnnc: 1 generated (1 written, 0 unchanged), 1 up to date, 1 deleted',
] : runs
assert log.contains('fnnc: deleted target/generated-sources/fnnc/com/example/Gamma.java (its spec is gone)')
return true
