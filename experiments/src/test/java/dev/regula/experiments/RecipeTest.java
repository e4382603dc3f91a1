package dev.regula.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regula.regularization.EarlyStopping;
import dev.regula.regularization.LearningRateSchedule;
import org.junit.jupiter.api.Test;

/** The presets' values, the {@code best} recipe, and reading a recipe written before epochs existed. */
class RecipeTest {

    @Test
    void seedConfigsKeepTheirValues() {
        assertEquals(1e-4, Recipe.preset("l2").l2());
        assertEquals(1e-4, Recipe.preset("l1").l1());
        assertEquals(0.25, Recipe.preset("dropout").dropoutRate());
        assertEquals(2, Recipe.preset("early_stop").earlyStoppingPatience());
        assertTrue(Recipe.preset("early_stop").callbacks().get(0) instanceof EarlyStopping);
        for (String name : new String[] {"baseline", "l2", "l1", "dropout", "dropout_aug", "early_stop", "batchnorm"}) {
            assertEquals(10, Recipe.preset(name).epochs(), name);
            assertEquals("none", Recipe.preset(name).lrSchedule(), name);
        }
    }

    @Test
    void bestHasItsOwnEpochsAndACosineSchedule() {
        Recipe best = Recipe.preset("best");
        assertEquals(30, best.epochs());
        assertTrue(best.batchnorm());
        assertEquals(0.1, best.dropoutRate());
        assertTrue(!best.augment().isNone());
        assertTrue(best.callbacks().stream().anyMatch(c -> c instanceof LearningRateSchedule));
        assertTrue(best.summary().contains("cosine"), best.summary());
    }

    @Test
    void anOlderRecipeWithoutEpochsReadsAsTen() throws Exception {
        ObjectMapper json = new ObjectMapper();   // strict, as regula train --resume reads a recipe
        String written = json.writeValueAsString(Recipe.preset("l2"))
                .replace(",\"epochs\":10", "").replace(",\"lrSchedule\":\"none\"", "");
        assertTrue(!written.contains("epochs"), written);
        Recipe r = json.readValue(written, Recipe.class);
        assertEquals(10, r.epochs());
        assertEquals("none", r.lrSchedule());
        assertEquals(Recipe.preset("l2"), r);
    }

    @Test
    void everyPresetReadsBackFromItsJsonWithAStrictReader() throws Exception {
        ObjectMapper json = new ObjectMapper();   // fails on any property that is not a component
        for (String name : Recipe.PRESETS.keySet()) {
            Recipe r = Recipe.preset(name).withL2(3e-4).withAugment(AugmentSpec.CASE_STUDY);
            String written = json.writeValueAsString(r);
            assertTrue(!written.contains("\"none\":"), "a derived property was written: " + written);
            assertEquals(r, json.readValue(written, Recipe.class), name);
        }
    }

    @Test
    void featurewiseSettingsReadBackFromTheirJsonWithAStrictReader() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String kind : FeaturewiseSpec.KINDS) {
            Recipe r = Recipe.preset("dropout_aug").withFeaturewise(new FeaturewiseSpec(kind, 0.05));
            String written = json.writeValueAsString(r);
            assertTrue(written.contains("\"featurewise\":{\"kind\":\"" + kind + "\",\"zcaEpsilon\":0.05}"), written);
            assertTrue(!written.contains("\"none\":"), "a derived property was written: " + written);
            assertEquals(r, json.readValue(written, Recipe.class), kind);
        }
    }

    @Test
    void anOlderRecipeWithoutFeaturewiseReadsAsNone() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String written = json.writeValueAsString(Recipe.preset("dropout_aug"))
                .replace(",\"featurewise\":{\"kind\":\"none\",\"zcaEpsilon\":0.1}", "");
        assertTrue(!written.contains("featurewise"), written);
        Recipe r = json.readValue(written, Recipe.class);
        assertEquals(FeaturewiseSpec.NONE, r.featurewise());
        assertEquals(Recipe.preset("dropout_aug"), r);
    }

    @Test
    void theSummaryNamesTheFeaturewiseStep() {
        assertTrue(!Recipe.preset("baseline").summary().contains("featurewise"));
        assertEquals("ZCA whitening ε=0.05 (fitted on the training split)",
                Recipe.preset("baseline").withFeaturewise(new FeaturewiseSpec("zca", 0.05)).summary());
        String aug = Recipe.preset("dropout_aug").withFeaturewise(FeaturewiseSpec.of("center")).summary();
        assertTrue(aug.endsWith("featurewise centering (fitted on the training split, applied after the augmentation)"), aug);
    }

    @Test
    void rejectsAnUnknownSchedule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.preset("baseline").withLrSchedule("linear"));
        assertTrue(e.getMessage().contains("linear"), e.getMessage());
    }
}
