package dev.lucy.memory.spi;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Words as a search reads them: letters and digits in lower case ({@link MemoryStore#searchWords}). */
final class SearchWords {
    /** What separates words: anything but letters and digits. */
    static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchWords() {}

    static List<String> of(Set<String> terms, int max) {
        return terms.stream()
                .map(t -> NOT_A_WORD.matcher(t.toLowerCase(Locale.ROOT)).replaceAll(""))
                .filter(t -> !t.isEmpty())
                .distinct()
                .limit(max)
                .toList();
    }
}
