package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A budget of heap on its own: what it admits, what it refuses, what it gives back, per client. */
class HeapBudgetTests {

    private static final String FULL = "The things being done hold the most memory this service gives them "
            + "(descent.test.max-bytes); try again shortly";
    private static final String SHARE = "Your things being done hold the most memory this service gives one client "
            + "(half of descent.test.max-bytes); try again shortly";

    private static HeapBudget budget(long maxBytes, boolean admitsAlone) {
        return new HeapBudget("things being done", "descent.test.max-bytes", maxBytes, admitsAlone);
    }

    private static void assertBusy(Runnable reservation, String detail) {
        assertThatThrownBy(reservation::run).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.type()).isEqualTo(ProblemType.BUSY);
            assertThat(problem.headers().getFirst("Retry-After")).isEqualTo(HeapBudget.RETRY_AFTER_SECONDS);
            assertThat(problem.getMessage()).isEqualTo(detail);
        });
    }

    @Test
    @DisplayName("reservations are admitted while together they fit, refused at once when one would pass the budget, "
            + "and give their bytes back when closed, once")
    void admitsWhatFits() {
        HeapBudget budget = budget(1000, false);
        assertThat(budget.maxBytes()).isEqualTo(1000);
        HeapBudget.Reservation first = budget.reserve("a", 500);
        HeapBudget.Reservation second = budget.reserve("b", 400);
        HeapBudget.Reservation third = budget.reserve("c", 100);
        assertThat(budget.heldBytes()).isEqualTo(1000);
        assertBusy(() -> budget.reserve("d", 1), FULL);
        second.close();
        assertThat(budget.heldBytes()).isEqualTo(600);
        try (HeapBudget.Reservation fourth = budget.reserve("d", 300)) {
            assertThat(fourth.bytes()).isEqualTo(300);
            // Extending past the budget is refused; what the reservation holds stays held until it is closed.
            assertBusy(() -> fourth.extend(200), FULL);
            assertThat(fourth.bytes()).isEqualTo(300);
            fourth.extend(100);
            assertThat(budget.heldBytes()).isEqualTo(1000);
        }
        first.close();
        first.close();
        third.close();
        assertThat(budget.heldBytes()).isZero();
        assertThat(budget.clientBytes("a")).isZero();
    }

    @Test
    @DisplayName("one client's reservations beside each other hold at most half the budget; its only one as much as "
            + "fits; closing gives the client's share back")
    void clientShare() {
        HeapBudget budget = budget(1000, false);
        assertThat(budget.clientShare()).isEqualTo(500);
        HeapBudget.Reservation first = budget.reserve("a", 300);
        HeapBudget.Reservation second = budget.reserve("a", 200);
        assertThat(budget.clientBytes("a")).isEqualTo(500);
        assertBusy(() -> budget.reserve("a", 1), SHARE);
        assertBusy(() -> second.extend(1), SHARE);
        try (HeapBudget.Reservation other = budget.reserve("b", 500)) {
            assertThat(budget.heldBytes()).isEqualTo(1000);
            assertBusy(() -> budget.reserve("c", 1), FULL);
        }
        first.close();
        assertThat(budget.clientBytes("a")).isEqualTo(200);
        budget.reserve("a", 300).close();
        second.close();
        assertThat(budget.clientBytes("a")).isZero();
        try (HeapBudget.Reservation only = budget.reserve("a", 900)) {
            assertThat(budget.clientBytes("a")).as("a client's only reservation, as far as fits").isEqualTo(900);
            assertBusy(() -> budget.reserve("a", 1), SHARE);
            assertThat(budget.heldBytes()).as("a refused reservation holds nothing").isEqualTo(900);
            budget.reserve("b", 100).close();
        }
        try (HeapBudget.Reservation internal = budget.reserve(null, 900)) {
            assertThat(budget.heldBytes()).as("work no client asked for: in the budget, in no share").isEqualTo(900);
            assertBusy(() -> budget.reserve(null, 101), FULL);
        }
    }

    @Test
    @DisplayName("extending to a total takes only what is missing, and nothing when it holds as much already")
    void extendsToTotal() {
        HeapBudget budget = budget(1000, false);
        try (HeapBudget.Reservation first = budget.reserve("a", 0);
             HeapBudget.Reservation second = budget.reserve("b", 0);
             HeapBudget.Reservation third = budget.reserve("c", 0)) {
            first.extendTo(500);
            first.extendTo(400);
            assertThat(first.bytes()).isEqualTo(500);
            second.extendTo(300);
            assertBusy(() -> third.extendTo(201), FULL);
            assertThat(third.bytes()).isZero();
            third.extendTo(200);
            assertThat(budget.heldBytes()).isEqualTo(1000);
            first.close();
            second.extendTo(800);
            assertThat(budget.heldBytes()).as("b's only reservation, as far as fits").isEqualTo(1000);
            try (HeapBudget.Reservation more = budget.reserve("b", 0)) {
                assertBusy(() -> more.extendTo(1), FULL);
                third.close();
                assertBusy(() -> more.extendTo(1), SHARE);
            }
        }
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a budget that admits one alone admits a reservation past the budget while no other holds anything, "
            + "and then the others only within the budget; one that does not, never")
    void alone() {
        HeapBudget budget = budget(1000, true);
        try (HeapBudget.Reservation large = budget.reserve("a", 5000)) {
            large.extend(5000);
            assertThat(budget.heldBytes()).isEqualTo(10_000);
            assertBusy(() -> budget.reserve("b", 1), FULL);
        }
        try (HeapBudget.Reservation large = budget.reserve("a", 600);
             HeapBudget.Reservation small = budget.reserve("b", 400)) {
            assertThat(budget.heldBytes()).as("a's only reservation past its share, b's within the budget")
                    .isEqualTo(1000);
            assertBusy(() -> large.extend(1), FULL);
        }
        HeapBudget strict = budget(1000, false);
        assertBusy(() -> strict.reserve("a", 1001), FULL);
        assertBusy(() -> strict.reserve(null, 1001), FULL);
        assertThat(strict.heldBytes()).isZero();
    }

    @Test
    @DisplayName("a forced reservation is admitted whatever the others hold, and counted against them and its client")
    void forced() {
        HeapBudget budget = budget(1000, false);
        try (HeapBudget.Reservation others = budget.reserve("a", 500);
             HeapBudget.Reservation forced = budget.force("a", 500)) {
            forced.extend(500);
            assertThat(budget.heldBytes()).isEqualTo(1500);
            assertThat(budget.clientBytes("a")).isEqualTo(1500);
            assertBusy(() -> budget.reserve("b", 1), FULL);
            assertThat(others.bytes() + forced.bytes()).isEqualTo(1500);
        }
        assertThat(budget.heldBytes()).isZero();
    }

    @Test
    @DisplayName("Long.MAX_VALUE is refused without overflow; a budget is positive")
    void bounds() {
        HeapBudget budget = budget(1000, true);
        try (HeapBudget.Reservation some = budget.reserve("a", 10)) {
            assertBusy(() -> budget.reserve("b", Long.MAX_VALUE), FULL);
            assertBusy(() -> budget.reserve("a", 0).extendTo(Long.MAX_VALUE), FULL);
            assertThat(budget.heldBytes()).isEqualTo(10);
        }
        assertThatThrownBy(() -> budget(0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("descent.test.max-bytes");
    }
}
