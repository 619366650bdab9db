package org.fnnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private DataFormatException fails(String content, CsvReader.Options options) throws IOException {
        Path f = file("bad.csv", content);
        return assertThrows(DataFormatException.class, () -> CsvReader.read(f, options));
    }

    private String message(String content) throws IOException {
        return fails(content, CsvReader.Options.defaults()).getMessage();
    }

    @Test
    void readsTheSharedIrisWithItsHeader() {
        Dataset iris = CsvReader.read(TestData.shared("iris/iris.csv"), CsvReader.Options.defaults());
        assertEquals(150, iris.size());
        assertEquals(4, iris.featureCount());
        assertEquals(3, iris.classCount());
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, iris.labelCounts());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, java.util.Arrays.copyOf(iris.features(), 4));
    }

    @Test
    void readsTheSharedBreastCancerAndDigits() {
        Dataset bc = CsvReader.read(TestData.shared("breast-cancer-wisconsin/breast_cancer.csv"),
                CsvReader.Options.defaults());
        assertEquals(569, bc.size());
        assertEquals(30, bc.featureCount());
        assertEquals(List.of("malignant", "benign"), bc.classNames());
        assertArrayEquals(new int[] {212, 357}, bc.labelCounts());

        Dataset digits = CsvReader.read(TestData.shared("digits-8x8/digits.csv.gz"), CsvReader.Options.defaults());
        assertEquals(1797, digits.size());
        assertEquals(64, digits.featureCount());
        assertEquals(10, digits.classCount());
    }

    @Test
    void bundledDigitsAreScaledToUnitRange() {
        Dataset d = Datasets.digits();
        assertEquals(1797, d.size());
        assertEquals(64, d.featureCount());
        assertEquals(10, d.classCount());
        // first row of the file: 0,0,5,13,9,1,0,0,... label 0
        assertEquals(5 / 16f, d.feature(0, 2));
        assertEquals(13 / 16f, d.feature(0, 3));
        assertEquals(0, d.label(0));
        float max = 0;
        for (float v : d.features()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }

    @Test
    void optionsForDelimiterLabelColumnRegressionAndInputsOnly() throws IOException {
        Path f = file("semi.csv", "y;a;b\n1;0.5;2\n\n0;1.5;-3e-1\n");
        Dataset d = CsvReader.read(f, CsvReader.Options.builder().delimiter(';').labelColumn(0).build());
        assertArrayEquals(new float[] {0.5f, 2, 1.5f, -0.3f}, d.features());
        assertArrayEquals(new float[] {1, 0}, d.targets());
        assertEquals(2, d.classCount());

        Path r = file("reg.csv", "1,2,3,4\n5,6,7,8\n");
        Dataset reg = CsvReader.read(r, CsvReader.Options.builder().regression(2).build());
        assertArrayEquals(new float[] {1, 2, 5, 6}, reg.features());
        assertArrayEquals(new float[] {3, 4, 7, 8}, reg.targets());
        assertEquals(2, reg.targetWidth());

        Dataset in = CsvReader.read(r, CsvReader.Options.builder().inputsOnly().build());
        assertEquals(4, in.featureCount());
        assertEquals(0, in.targetWidth());
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        Path f = dir.resolve("plain-name.csv");
        Files.write(f, TestData.gzip("1,2,0\n3,4,1\n".getBytes(StandardCharsets.UTF_8)));
        Dataset d = CsvReader.read(f, CsvReader.Options.defaults());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    }

    @Test
    void nonNumericCellNamesRowColumnAndCell() throws IOException {
        assertEquals("bad.csv:3:2: error: 'abc' is not a number (expected a decimal value in column 2)",
                message("a,b,label\n1,2,0\n1,abc,1\n"));
        assertEquals("bad.csv:2:1: error: 'NaN' is not a number (expected a decimal value in column 1)",
                message("1,2,0\nNaN,2,1\n"));
        assertEquals("bad.csv:1:2: error: empty cell is not a number (expected a decimal value in column 2)",
                message("1,,0\n"));
    }

    @Test
    void wrongColumnCount() throws IOException {
        assertEquals("bad.csv:3:3: error: row has 2 columns, expected 3 (as on line 1)", message("1,2,0\n3,4,1\n5,6\n"));
        assertEquals("bad.csv:2: error: row has 4 columns but the header on line 1 names 3", message("a,b,c\n1,2,3,0\n"));
        assertEquals("bad.csv:2: error: row has 1 column (expected at least one feature and 1 target column);"
                + " is the delimiter not ','?", message("1;2;0\n3;4;1\n"));
    }

    @Test
    void labelsMustBeIntegersInRange() throws IOException {
        assertEquals("bad.csv:3:5: error: class label 3 is out of range (expected a class index 0 to 2: setosa,"
                + " versicolor, virginica)", message("2,4,setosa,versicolor,virginica\n1,2,3,4,0\n1,2,3,4,3\n"));
        assertEquals("bad.csv:2:3: error: class label '1.5' is not an integer (expected a class index 0 or more)",
                message("1,2,0\n1,2,1.5\n"));
        assertEquals("bad.csv:1:3: error: 'x' is not a class label (expected a class index 0 or more in column 3)",
                message("0.5,2,x\n"));
        assertEquals("bad.csv:1:3: error: class label -1 is out of range (expected 0 to 99999; pass the number of"
                + " classes if there really are more)", message("1,2,-1\n"));
        DataFormatException e = fails("1,2,4\n", CsvReader.Options.builder().classification(3).build());
        assertEquals("bad.csv:1:3: error: class label 4 is out of range (expected a class index 0 to 2)", e.getMessage());
    }

    @Test
    void sklearnHeaderCountsAreChecked() throws IOException {
        assertEquals("bad.csv:1:1: error: the header declares 3 samples but the file has 2 data rows",
                message("3,2,a,b\n1,2,0\n3,4,1\n"));
        assertEquals("bad.csv:1:2: error: the header declares 3 features but line 2 has 2 (3 columns, 1 of them target)",
                message("2,3,a,b\n1,2,0\n3,4,1\n"));
    }

    @Test
    void emptyFilesAndHeaderOnly() throws IOException {
        assertEquals("bad.csv: error: the file is empty (expected rows of numbers separated by ',')", message("\n \n"));
        assertEquals("bad.csv: error: no data rows after the header on line 1", message("a,b,label\n"));
    }

    @Test
    void labelColumnOutsideTheRow() throws IOException {
        DataFormatException e = fails("1,2,0\n", CsvReader.Options.builder().labelColumn(5).build());
        assertEquals("bad.csv:1: error: label column 6 does not exist: rows have 3 columns", e.getMessage());
    }
}
