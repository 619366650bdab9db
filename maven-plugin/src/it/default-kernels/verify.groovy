// Plain javac compiled the default-kernels class; its tests passed in both JVMs (with jdk.incubator.vector: the
// library's Vector API kernels; without: its scalar kernels), and the two runs' predictions agree.
def target = new File(basedir, 'target')
def source = new File(target, 'generated-sources/fnnc/com/example/nets/Mixed.java')
assert source.isFile()
assert !source.text.contains('jdk.incubator.vector') : 'the default class must not use the Vector API itself'
assert source.text.contains('FloatDense.forward(')
assert new File(target, 'classes/com/example/nets/Mixed.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.count('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0') >= 2 : 'both test runs'
def vector = new File(target, 'predictions-VECTOR.txt').readLines().collect { it as double }
def scalar = new File(target, 'predictions-SCALAR.txt').readLines().collect { it as double }
assert vector.size() == scalar.size() && vector.size() == 130 * 3
for (int k = 0; k < vector.size(); k++) {
    // probabilities from float arithmetic summed in different orders: a few float roundings apart
    assert Math.abs(vector[k] - scalar[k]) <= 1e-5 : "prediction ${k}: vector ${vector[k]}, scalar ${scalar[k]}"
}
return true
