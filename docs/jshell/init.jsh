// init.jsh: the worked example of docs/init.md (regula explain init), one step at a time.
// Run it with `./regula shell init`, change a variable, re-evaluate:
//   depth(Initializer.LECUN_NORMAL, 10)      E[A²] layer by layer for another initializer
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import dev.regula.data.*;
import static dev.regula.docs.shell.Show.*;

// The variance each initializer targets (Keras's VarianceScaling):
for (Initializer k : Initializer.values()) {
    System.out.printf(java.util.Locale.ROOT, "%-16s var(784→500): %.6f%n", k.name().toLowerCase(java.util.Locale.ROOT),
            k.variance(784, 500));
}

// The tiny network's W1 (3×3): glorot-uniform, from the stream ("dense", 0) of seed 6, as Sequential does it.
Matrix W1 = Matrix.zeros(DType.F64, 3, 3);
Initializer.GLOROT_UNIFORM.fill(W1, 3, 3, Rng.stream(6, "dense", 0));
show("W1 ~ U(−1, 1)      (limit = sqrt(6/(3 + 3)) = 1)", W1);

// Why it matters: E[A²] after each of n layers Dense(256→256) + ReLU, from 128 examples of N(0, 1) inputs.
Matrix input = Matrix.zeros(DType.F64, 128, 256);
Rng dataRng = new Rng(11);
for (int i = 0; i < input.size(); i++) input.set(i, dataRng.nextGaussian());

/** E[A²] after layers 1..n with kernels from {@code init} (weights from new Rng(12), as the chapter). */
double[] depth(Initializer init, int n) {
    Rng rng = new Rng(12);
    Matrix a = input;
    double[] meanSquare = new double[n];
    for (int layer = 1; layer <= n; layer++) {
        Dense d = new Dense(256, 256, init);
        d.build("dense_" + layer, DType.F64, rng.fork());
        ReLU r = new ReLU();
        r.build("relu_" + layer, DType.F64, null);
        a = r.forward(d.forward(a, Mode.INFERENCE), Mode.INFERENCE).copy();
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.get(i) * a.get(i);
        meanSquare[layer - 1] = s / a.size();
        System.out.printf(java.util.Locale.ROOT, "layer %2d: E[A²] %11.3e%n", layer, meanSquare[layer - 1]);
    }
    if (n >= 10) {   // the chapter's row: layers 1, 2, 4, 6, 8, 10
        StringBuilder row = new StringBuilder(String.format(java.util.Locale.ROOT, "%-16s",
                init.name().toLowerCase(java.util.Locale.ROOT)));
        for (int l : new int[] {1, 2, 4, 6, 8, 10}) row.append(String.format(java.util.Locale.ROOT, " %11.3e", meanSquare[l - 1]));
        System.out.println(row);
    }
    return meanSquare;
}
depth(Initializer.HE_NORMAL, 10);
depth(Initializer.GLOROT_UNIFORM, 10);
