package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The heap request bodies being read may hold together, counted at 10 bytes a byte of body, one client's at most
 * half of it (the mechanism, a {@link HeapBudget}, is {@code HeapBudgetTests}').
 */
class BodyBudgetTests {

    @Test
    @DisplayName("bodies are counted at 10 bytes a byte, per client; one that does not fit is busy, with Retry-After; "
            + "closing gives its bytes back")
    void counts() {
        BodyBudget budget = new BodyBudget(1000);
        BodyBudget.Reservation first = budget.open("10.0.0.1");
        first.cover(50);
        assertThat(budget.held()).isEqualTo(500);
        first.cover(40);
        assertThat(budget.held()).as("covering less than counted changes nothing").isEqualTo(500);
        BodyBudget.Reservation same = budget.open("10.0.0.1");
        assertThatThrownBy(() -> same.cover(1)).as("past the client's share").isInstanceOfSatisfying(
                ProblemException.class, busy -> {
                    assertThat(busy.type()).isEqualTo(ProblemType.BUSY);
                    assertThat(busy.headers().getFirst("Retry-After")).isEqualTo("1");
                    assertThat(busy.getMessage()).contains("one client", BodyBudget.PROPERTY);
                });
        BodyBudget.Reservation second = budget.open("10.0.0.2");
        second.cover(40);
        assertThat(budget.held()).isEqualTo(900);
        BodyBudget.Reservation third = budget.open("10.0.0.3");
        assertThatThrownBy(() -> third.cover(11)).as("past the budget").isInstanceOf(ProblemException.class);
        third.cover(10);
        assertThat(budget.held()).isEqualTo(1000);
        first.close();
        first.close();
        assertThat(budget.held()).as("closed twice, given back once").isEqualTo(500);
        second.cover(50);
        assertThat(budget.held()).as("a body counted further as it is read").isEqualTo(600);
        second.close();
        third.close();
        same.close();
        assertThat(budget.held()).isZero();
    }

    @Test
    @DisplayName("a quarter of the heap unless set; never negative; a body at most a client's share at 10 bytes a byte")
    void size() {
        assertThat(new BodyBudget(0).maxBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
        assertThat(new BodyBudget(123).maxBytes()).isEqualTo(123);
        assertThat(new BodyBudget(1_000_000).maxBodyBytes()).isEqualTo(50_000);
        assertThatThrownBy(() -> new BodyBudget(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
