package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups units (text parts or blocks) into messages within a message's limits, preferring to start a new
 * message at a heading or divider, and never ending a message on a heading whose content went to the next.
 */
record Packer(int maxWeight, int maxUnits, int separator) {
    /** One indivisible unit: a part of a piece's text, or one block. */
    record Unit(Piece.Kind kind, String text, String blockJson, int weight, boolean table) {
        boolean sectionStart() {
            return kind == Piece.Kind.HEADING || kind == Piece.Kind.DIVIDER;
        }
    }

    List<List<Unit>> pack(List<Unit> units) {
        List<List<Unit>> messages = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int weight = 0;
        boolean table = false;
        for (Unit unit : units) {
            int added = unit.weight() + (current.isEmpty() ? 0 : separator);
            boolean fits = weight + added <= maxWeight && current.size() < maxUnits && !(table && unit.table());
            if (!fits && !current.isEmpty()) {
                List<Unit> carry = carryOver(current);
                messages.add(trimDividers(current));
                current = new ArrayList<>(carry);
                weight = weightOf(current);
                table = current.stream().anyMatch(Unit::table);
                if (!current.isEmpty()
                        && (weight + unit.weight() + separator > maxWeight
                                || current.size() >= maxUnits
                                || table && unit.table())) {
                    messages.add(trimDividers(current));
                    current = new ArrayList<>();
                    weight = 0;
                    table = false;
                }
            }
            if (current.isEmpty() && unit.kind() == Piece.Kind.DIVIDER && !messages.isEmpty()) {
                continue; // a new message is already a break; a leading divider adds nothing
            }
            weight += unit.weight() + (current.isEmpty() ? 0 : separator);
            table |= unit.table();
            current.add(unit);
        }
        if (!current.isEmpty()) {
            List<Unit> last = trimDividers(current);
            if (!last.isEmpty()) {
                messages.add(last);
            }
        }
        messages.removeIf(List::isEmpty);
        return messages;
    }

    /** The tail that should open the next message: from the last heading or divider in the second half. */
    private List<Unit> carryOver(List<Unit> current) {
        int before = 0;
        int cut = -1;
        for (int i = 0; i < current.size(); i++) {
            if (i > 0 && current.get(i).sectionStart() && before >= maxWeight / 2) {
                cut = i;
            }
            before += current.get(i).weight() + (i == 0 ? 0 : separator);
        }
        int last = current.size() - 1;
        if (cut < 0 && last > 0 && current.get(last).kind() == Piece.Kind.HEADING) {
            cut = last; // never leave a heading at the end of a message, away from its section
        }
        if (cut < 0) {
            return List.of();
        }
        List<Unit> tail = new ArrayList<>(current.subList(cut, current.size()));
        current.subList(cut, current.size()).clear();
        return tail;
    }

    private int weightOf(List<Unit> units) {
        int w = 0;
        for (int i = 0; i < units.size(); i++) {
            w += units.get(i).weight() + (i == 0 ? 0 : separator);
        }
        return w;
    }

    private static List<Unit> trimDividers(List<Unit> units) {
        List<Unit> result = new ArrayList<>(units);
        while (!result.isEmpty() && result.get(result.size() - 1).kind() == Piece.Kind.DIVIDER) {
            result.remove(result.size() - 1);
        }
        while (!result.isEmpty() && result.get(0).kind() == Piece.Kind.DIVIDER) {
            result.remove(0);
        }
        return result;
    }
}
