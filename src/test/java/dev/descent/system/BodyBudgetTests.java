package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The heap request bodies being read may hold together, counted at 10 bytes a byte of body. */
class BodyBudgetTests {

    @Test
    @DisplayName("bodies are counted at 10 bytes a byte; one that does not fit beside the others is busy, with "
            + "Retry-After; a body alone always fits; closing gives its bytes back")
    void counts() {
        BodyBudget budget = new BodyBudget(1000);
        BodyBudget.Reservation first = budget.open();
        first.cover(60);
        assertThat(budget.held()).isEqualTo(600);
        first.cover(40);
        assertThat(budget.held()).as("covering less than counted changes nothing").isEqualTo(600);
        BodyBudget.Reservation second = budget.open();
        assertThatThrownBy(() -> second.cover(41)).isInstanceOfSatisfying(ProblemException.class, busy -> {
            assertThat(busy.type()).isEqualTo(ProblemType.BUSY);
            assertThat(busy.headers().getFirst("Retry-After")).isEqualTo("1");
        });
        assertThat(budget.held()).isEqualTo(600);
        second.cover(40);
        assertThat(budget.held()).isEqualTo(1000);
        first.close();
        first.close();
        assertThat(budget.held()).as("closed twice, given back once").isEqualTo(400);
        second.cover(50);
        assertThat(budget.held()).as("a body counted further as it is read").isEqualTo(500);
        second.close();
        BodyBudget.Reservation alone = budget.open();
        alone.cover(5000);
        assertThat(budget.held()).as("a body alone, past the budget").isEqualTo(50_000);
        BodyBudget.Reservation small = budget.open();
        assertThatThrownBy(() -> small.cover(1)).isInstanceOf(ProblemException.class);
        alone.close();
        assertThat(budget.held()).isZero();
    }

    @Test
    @DisplayName("a quarter of the heap unless set; never negative")
    void size() {
        assertThat(new BodyBudget(0).maxBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
        assertThat(new BodyBudget(123).maxBytes()).isEqualTo(123);
        assertThatThrownBy(() -> new BodyBudget(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
