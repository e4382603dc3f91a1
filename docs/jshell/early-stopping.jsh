// early-stopping.jsh: the run of docs/early-stopping.md (regula explain early-stopping), to replay and vary.
// Run it with `./regula shell early-stopping`, change a variable, re-evaluate: e.g. patience = 20; train()
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import dev.regula.data.*;
import static dev.regula.docs.shell.Show.*;

// 2-32-32-2 (ReLU) on 30 noisy two-moons points, validated on 300, Adam(lr = 0.01), batches of 10.
// The points come from the docs' moons generator (class 0: (cos t, sin t), class 1: (1 − cos t, 0.5 − sin t)).
Matrix[] moons(int n, double noise, long seed) {
    Rng rng = new Rng(seed);
    Matrix x = Matrix.zeros(DType.F64, n, 2), y = Matrix.zeros(DType.F64, n, 2);
    for (int i = 0; i < n; i++) {
        int c = i % 2;
        double t = Math.PI * rng.nextDouble();
        x.set(i, 0, (c == 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.nextGaussian());
        x.set(i, 1, (c == 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.nextGaussian());
        y.set(i, c, 1);
    }
    return new Matrix[] {x, y};
}
Matrix[] train = moons(30, 0.35, 21), val = moons(300, 0.35, 22);
int patience = 5, maxEpochs = 200;
Sequential model;
EarlyStopping stopping;

/** Trains a fresh model (seed 6) with EarlyStopping("val_loss", patience, restore best weights). */
void train() {
    model = new Sequential(DType.F64, 6, new Dense(2, 32), new ReLU(), new Dense(32, 32), new ReLU(), new Dense(32, 2));
    model.compile(new SoftmaxCrossEntropy(), new Adam(0.01));
    stopping = new EarlyStopping("val_loss", patience, true);
    java.util.List<double[]> epochs = new java.util.ArrayList<>();
    Callback recorder = new Callback() {
        @Override
        public void onEpochEnd(int epoch, java.util.Map<String, Double> logs) {
            epochs.add(new double[] {epoch, logs.get("loss"), logs.get("acc"), logs.get("val_loss"), logs.get("val_acc")});
        }
    };
    model.fit(train[0], train[1], val[0], val[1], maxEpochs, 10, java.util.List.of(recorder, stopping));
    // The wait counter, recomputed from the logs: +1 every epoch, back to 0 when val_loss improves.
    System.out.printf(java.util.Locale.ROOT, "%5s %10s %8s %10s %8s %10s %5s  %s%n", "epoch", "loss", "acc", "val_loss",
            "val_acc", "best", "wait", "");
    double best = Double.POSITIVE_INFINITY;
    int wait = 0, stoppedAt = 0;
    for (double[] e : epochs) {
        wait++;
        String note = "";
        if (e[3] < best) {
            best = e[3];
            wait = 0;
            note = "improved: best weights copied";
        }
        if (wait >= patience && stoppedAt == 0) {
            stoppedAt = (int) e[0];
            note = "patience used up: stop";
        }
        System.out.printf(java.util.Locale.ROOT, "%5d %10.4f %8.3f %10.4f %8.3f %10.4f %5d  %s%n", (int) e[0], e[1], e[2],
                e[3], e[4], best, wait, note);
    }
    System.out.printf(java.util.Locale.ROOT, "Engine: EarlyStopping.stoppedEpoch() = %d, bestEpoch() = %d, best() = %.10f%n",
            stopping.stoppedEpoch(), stopping.bestEpoch(), stopping.best());
    show("val_loss of the restored weights", model.evaluate(val[0], val[1], 300).loss());
}
train();
