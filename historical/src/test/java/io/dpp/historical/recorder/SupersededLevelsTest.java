package io.dpp.historical.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.decimal.Decimal64;
import org.junit.jupiter.api.Test;

/** A level named again later in the same change is not written: only its last state is. */
class SupersededLevelsTest {

    private static BookChange change(int levels, int repeatOf, int at) {
        BookChange b = new BookChange().begin(true, 1);
        for (int i = 0; i < levels; i++) {
            int p = i == at ? repeatOf : i;
            b.addLevel(p % 2 == 0 ? BookSide.BID : BookSide.ASK, Decimal64.parse(Integer.toString(100 + p)), Decimal64.parse(Integer.toString(i + 1)));
        }
        return b;
    }

    @Test
    void noRepeatsNoMarks() {
        assertThat(Recorder.superseded(change(5, -1, -1), 5)).isNull();
        assertThat(Recorder.superseded(change(200, -1, -1), 200)).isNull();
        assertThat(Recorder.superseded(change(1, -1, -1), 1)).isNull();
    }

    @Test
    void theEarlierOfTwoIsMarkedInSmallAndLargeChanges() {
        for (int levels : new int[] {6, 32, 33, 400}) {
            boolean[] marks = Recorder.superseded(change(levels, 2, levels - 1), levels);
            assertThat(marks).as(levels + " levels").isNotNull();
            for (int i = 0; i < levels; i++) {
                assertThat(marks[i]).as(levels + " levels, level " + i).isEqualTo(i == 2);
            }
        }
    }

    @Test
    void theSamePriceOnTheOtherSideIsAnotherLevel() {
        BookChange b = new BookChange().begin(false, 1).addLevel(BookSide.BID, Decimal64.parse("5"), Decimal64.parse("1"))
                .addLevel(BookSide.ASK, Decimal64.parse("5"), Decimal64.parse("2"));
        assertThat(Recorder.superseded(b, 2)).isNull();
    }
}
