package io.ferperturb.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelRefTest {

    @Test
    void aliasesAreTheirOwnWords() {
        assertSame(ModelRef.Alias.LATEST, ModelRef.parse("latest"));
        assertSame(ModelRef.Alias.BEST, ModelRef.parse(" best "));
        assertEquals("best", ModelRef.Alias.BEST.toString());
        assertEquals(List.of(ModelRef.Alias.LATEST), ModelRef.parse("latest").members());
        assertFalse(ModelRef.parse("latest").isEnsemble());
        assertSame(ModelRef.Alias.PRODUCTION, ModelRef.parse("production"));
        assertSame(ModelRef.Alias.STAGING, ModelRef.parse("staging"));
    }

    @Test
    void onlyProductionAndStagingAreMovedByHand() {
        assertTrue(ModelRef.Alias.PRODUCTION.isMovable());
        assertTrue(ModelRef.Alias.STAGING.isMovable());
        assertFalse(ModelRef.Alias.LATEST.isMovable());
        assertFalse(ModelRef.Alias.BEST.isMovable());
        assertEquals(java.util.Optional.empty(), ModelRef.Alias.named("prod"));
    }

    @Test
    void nothingMeansTheServedAliasOnlyWhereAParameterMayBeLeftOut() {
        assertSame(ModelRef.Alias.LATEST, ModelRef.parseOr(null, ModelRef.Alias.LATEST));
        assertSame(ModelRef.Alias.PRODUCTION, ModelRef.parseOr("  ", ModelRef.Alias.PRODUCTION));
        assertEquals(ModelRef.Id.newest("cnn-a"), ModelRef.parseOr("cnn-a", ModelRef.Alias.PRODUCTION));
    }

    @Test
    void anIdNamesItsNewestVersionUnlessOneIsGiven() {
        ModelRef.Id newest = (ModelRef.Id) ModelRef.parse("resnet18-fer2013");
        assertEquals("resnet18-fer2013", newest.modelId());
        assertEquals(OptionalInt.empty(), newest.version());
        assertEquals("resnet18-fer2013", newest.toString());
        ModelRef.Id third = (ModelRef.Id) ModelRef.parse("resnet18-fer2013:3");
        assertEquals(OptionalInt.of(3), third.version());
        assertEquals(third, ModelRef.parse("resnet18-fer2013:v3"));
        assertEquals("resnet18-fer2013:3", ModelRef.parse("resnet18-fer2013:v3").toString());
        assertEquals("Byo_model.v2", ModelRef.parse("Byo_model.v2").toString());
    }

    @Test
    void anEnsembleListsSingleModelsAndPrintsThemCanonically() {
        ModelRef ref = ModelRef.parse("ensemble: cnn-a , resnet18-b:v2,best");
        assertTrue(ref.isEnsemble());
        assertEquals(List.of(ModelRef.Id.newest("cnn-a"), ModelRef.Id.of("resnet18-b", 2), ModelRef.Alias.BEST),
                ref.members());
        assertEquals("ensemble:cnn-a,resnet18-b:2,best", ref.toString());
        assertEquals(ref, ModelRef.parse(ref.toString()));
        assertEquals(1, ModelRef.parse("ensemble:cnn-a").members().size());
    }

    @Test
    void parseSingleRefusesEnsemblesAndSaysWhy() {
        assertEquals(ModelRef.Id.of("cnn-a", 1), ModelRef.parseSingle("cnn-a:1"));
        InvalidModelRefException e = assertThrows(InvalidModelRefException.class,
                () -> ModelRef.parseSingle("ensemble:a,b"));
        assertTrue(e.getMessage().contains("one model"), e.getMessage());
    }

    @Test
    void badReferencesAreRefusedNamingTheAcceptedForms() {
        for (String bad : new String[] {"", "   ", "id:", "id:vx", "id:two", "id:v", "id:-1", "id:0", ":3", "a:b:3",
                "ensemble:", "ensemble: ", "ensemble:a,,b", "ensemble:a,", "ensemble:ensemble:a,b", "ensemble:a,ensemble:b",
                "cnn a", "cnn/a", "../a", "-cnn", "é", "a\"b", "{x}", "ensemble:a,b c"}) {
            InvalidModelRefException e = assertThrows(InvalidModelRefException.class, () -> ModelRef.parse(bad),
                    "'" + bad + "' is refused");
            assertFalse(e.getMessage().isBlank(), bad);
        }
        assertTrue(assertThrows(InvalidModelRefException.class, () -> ModelRef.parse("id:vx")).getMessage()
                .contains("id:3 or id:v3"));
        assertTrue(assertThrows(InvalidModelRefException.class, () -> ModelRef.parse("ensemble:a,,b")).getMessage()
                .contains("empty member"));
        assertTrue(assertThrows(InvalidModelRefException.class, () -> ModelRef.parse("ensemble:a,ensemble:b"))
                .getMessage().contains("nests"));
        assertThrows(InvalidModelRefException.class, () -> ModelRef.parse(null));
    }

    @Test
    void overlongReferencesAreRefusedWithoutEchoingThemWhole() {
        String longId = "a".repeat(129);
        InvalidModelRefException e = assertThrows(InvalidModelRefException.class, () -> ModelRef.parse(longId));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
        assertEquals(128, ModelRef.parse("a".repeat(128)).toString().length());
        assertThrows(InvalidModelRefException.class, () -> ModelRef.parse("x".repeat(ModelRef.MAX_LENGTH + 1)));
        String seventeen = "ensemble:" + String.join(",", java.util.Collections.nCopies(17, "cnn-a"));
        assertTrue(assertThrows(InvalidModelRefException.class, () -> ModelRef.parse(seventeen)).getMessage()
                .contains("1 to 16"));
    }
}
