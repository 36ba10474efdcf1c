package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A budget of heap on its own: what it admits, what it refuses, what it gives back. */
class HeapBudgetTests {

    private static HeapBudget budget(long maxBytes) {
        return new HeapBudget("things being done", "descent.test.max-bytes", maxBytes);
    }

    private static void assertBusy(Runnable reservation) {
        assertThatThrownBy(reservation::run).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.type()).isEqualTo(ProblemType.BUSY);
            assertThat(problem.headers().getFirst("Retry-After")).isEqualTo(HeapBudget.RETRY_AFTER_SECONDS);
            assertThat(problem.getMessage()).isEqualTo("The things being done hold the most memory this service "
                    + "gives them (descent.test.max-bytes); try again shortly");
        });
    }

    @Test
    @DisplayName("reservations are admitted while together they fit, refused at once when one would pass the budget, "
            + "and give their bytes back when closed, once")
    void admitsWhatFits() {
        HeapBudget budget = budget(1000);
        assertThat(budget.maxBytes()).isEqualTo(1000);
        HeapBudget.Reservation first = budget.reserve(600);
        HeapBudget.Reservation second = budget.reserve(400);
        assertThat(budget.heldBytes()).isEqualTo(1000);
        assertBusy(() -> budget.reserve(1));
        second.close();
        assertThat(budget.heldBytes()).isEqualTo(600);
        try (HeapBudget.Reservation third = budget.reserve(300)) {
            assertThat(third.bytes()).isEqualTo(300);
            // Extending past the budget is refused; what the reservation holds stays held until it is closed.
            assertBusy(() -> third.extend(200));
            assertThat(third.bytes()).isEqualTo(300);
            third.extend(100);
            assertThat(budget.heldBytes()).isEqualTo(1000);
        }
        first.close();
        first.close();
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    @DisplayName("extending to a total takes only what is missing, and nothing when it holds as much already")
    void extendsToTotal() {
        HeapBudget budget = budget(1000);
        try (HeapBudget.Reservation first = budget.reserve(0); HeapBudget.Reservation second = budget.reserve(0)) {
            first.extendTo(600);
            first.extendTo(400);
            assertThat(first.bytes()).isEqualTo(600);
            assertBusy(() -> second.extendTo(401));
            assertThat(second.bytes()).isZero();
            second.extendTo(400);
            assertThat(budget.heldBytes()).isEqualTo(1000);
            first.close();
            second.extendTo(1000);
            assertThat(budget.heldBytes()).isEqualTo(1000);
            assertBusy(() -> budget.reserve(1));
        }
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a reservation alone is admitted however large, and refuses the others while it holds; so is one of "
            + "Long.MAX_VALUE, without overflow")
    void aloneAlwaysAdmitted() {
        HeapBudget budget = budget(1000);
        try (HeapBudget.Reservation large = budget.reserve(5000)) {
            large.extend(5000);
            assertThat(budget.heldBytes()).isEqualTo(10_000);
            assertBusy(() -> budget.reserve(1));
        }
        try (HeapBudget.Reservation nothing = budget.reserve(0)) {
            assertThat(nothing.bytes()).isZero();
            try (HeapBudget.Reservation next = budget.reserve(1000)) {
                assertThat(budget.heldBytes()).isEqualTo(1000);
            }
        }
        try (HeapBudget.Reservation some = budget.reserve(10)) {
            assertBusy(() -> budget.reserve(Long.MAX_VALUE));
            assertBusy(() -> budget.reserve(0).extendTo(Long.MAX_VALUE));
            assertThat(budget.heldBytes()).isEqualTo(10);
        }
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a forced reservation is admitted whatever the others hold, and counted against them")
    void forced() {
        HeapBudget budget = budget(1000);
        try (HeapBudget.Reservation others = budget.reserve(900);
             HeapBudget.Reservation forced = budget.force(500)) {
            forced.extend(500);
            assertThat(budget.heldBytes()).isEqualTo(1900);
            assertBusy(() -> budget.reserve(1));
            assertThat(others.bytes() + forced.bytes()).isEqualTo(1900);
        }
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a budget is positive")
    void positive() {
        assertThatThrownBy(() -> budget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("descent.test.max-bytes");
    }
}
