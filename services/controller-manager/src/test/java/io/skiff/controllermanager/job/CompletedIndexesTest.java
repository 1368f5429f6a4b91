package io.skiff.controllermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletedIndexesTest {

    @ParameterizedTest(name = "{0} plus [{1}] is {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                "'';'';''",
                "'';1 3 4 5;1,3-5",
                "1;2;1,2",
                "0-2;5;0-2,5",
                "0,2;1;0-2",
                "1,3-5;0 2;0-5",
                "0-3,x,7;'';0-3,7",
                "5-20;'';5-9"
            })
    void parsesMergesAndWritesIndexesAsKubernetesDoes(String text, String added, String expected) {
        List<Integer> indexes = added.isBlank()
                ? List.of()
                : java.util.Arrays.stream(added.split(" "))
                        .map(Integer::valueOf)
                        .toList();

        CompletedIndexes merged = CompletedIndexes.parse(text, 10).with(indexes);

        assertThat(merged.toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "completed {0}, busy {1}: first {2} pending of 6 are {3}")
    @CsvSource(
            delimiter = ';',
            value = {"'';'';3;0 1 2", "0-1;2;2;3 4", "1,3-5;0;5;2", "0-5;'';1;''"})
    void firstPendingSkipsCompletedAndBusyIndexes(String completed, String busy, int count, String expected) {
        Set<Integer> busyIndexes = busy.isBlank()
                ? Set.of()
                : java.util.Arrays.stream(busy.split(" "))
                        .map(Integer::valueOf)
                        .collect(java.util.stream.Collectors.toSet());
        List<Integer> pending = CompletedIndexes.parse(completed, 6).firstPending(busyIndexes, count, 6);

        assertThat(pending.stream().map(String::valueOf).toList())
                .isEqualTo(expected.isBlank() ? List.of() : List.of(expected.split(" ")));
    }
}
