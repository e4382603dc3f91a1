// augmentation.jsh: the worked example of docs/augmentation.md (regula explain augmentation), one step at a time.
// Run it with `./regula shell augmentation`, change a variable, re-evaluate:
//   seed = 6; augment()                 another draw of the same augmentation
//   degrees = 45; augment()             a wider rotation range
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import dev.regula.data.*;
import dev.regula.data.augment.*;
import static dev.regula.docs.shell.Show.*;

// A 7×7 "7", one row of the image per row of the matrix, values in [0, 1]. A batch holds it as one row of 49.
Matrix seven = Matrix.fromRows(DType.F64, new double[][] {
        {0, 0, 0, 0, 0, 0, 0},
        {0, 1, 1, 1, 1, 1, 0},
        {0, 0, 0, 0, 1, 0, 0},
        {0, 0, 0, 1, 0, 0, 0},
        {0, 0, 0, 1, 0, 0, 0},
        {0, 0, 1, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0}});
show("the image", seven, 2);

// A horizontal flip with probability 1: out[r, c] = in[r, 6 − c].
double[] flipped = seven.toDoubleArray();
Augmentation.builder().imageSize(7, 7).horizontalFlip(1.0).threads(1).build().applyToImage(flipped, 7, 7, 1);
show("flipped (Augmentation.applyToImage)", Matrix.of(DType.F64, 7, 7, flipped), 2);

// A random rotation (±degrees) and shift (±1 pixel), fill CONSTANT 0, for the image whose seed is `seed`.
double degrees = 20;
long seed = 5;
Matrix augment() {
    Augmentation aug = Augmentation.builder().imageSize(7, 7).rotation(degrees).shift(Shift.pixels(1, 1))
            .fill(FillMode.CONSTANT, 0).threads(1).build();
    double[] out = seven.toDoubleArray();
    aug.applyToImage(out, 7, 7, seed);
    return show("the augmented image (Augmentation.applyToImage, seed " + seed + ")", Matrix.of(DType.F64, 7, 7, out), 2);
}
augment();
