package dev.lucy.memory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dates and amounts a statement names, parsed so two statements can be compared by value: "$500K" and
 * "$500,000" are one amount, "March 15" and "15 March" one date. Stateless.
 */
final class FactValues {
    private static final String MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
    private static final Pattern MONTH_DAY = Pattern.compile(
            "\\b(" + MONTHS + ")\\.? (\\d{1,2})(?:st|nd|rd|th)?\\b(?:,? (20\\d\\d))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DAY_MONTH = Pattern.compile(
            "\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(" + MONTHS + ")\\b(?:,? (20\\d\\d))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO = Pattern.compile("\\b(20\\d\\d)-(\\d{2})-(\\d{2})\\b");
    private static final Pattern AMOUNT = Pattern.compile(
            "(?i)(?<cur>[$€£])\\s?(?<num>\\d[\\d,]*(?:\\.\\d+)?)\\s?(?<mult>k|m|mm|b|bn|thousand|million|billion)?\\b"
                    + "|\\b(?<num2>\\d[\\d,]*(?:\\.\\d+)?)\\s?(?<mult2>k|m|mm|b|bn|thousand|million|billion)?\\s?"
                    + "(?<cur2>usd|eur|gbp|dollars|euros|pounds)\\b");
    private static final Map<String, String> CURRENCY = Map.of(
            "$", "USD", "€", "EUR", "£", "GBP", "usd", "USD", "eur", "EUR", "gbp", "GBP", "dollars", "USD", "euros",
            "EUR", "pounds", "GBP");

    private FactValues() {}

    /** The first date the text names, as {@code 2026-03-15} or {@code --03-15} when it names no year. */
    static Optional<String> date(String text) {
        Matcher m = ISO.matcher(text);
        if (m.find()) {
            try {
                return Optional.of(LocalDate.of(
                                Integer.parseInt(m.group(1)),
                                Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)))
                        .toString());
            } catch (java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
        m = MONTH_DAY.matcher(text);
        if (m.find()) {
            return date(m.group(1), m.group(2), m.group(3));
        }
        m = DAY_MONTH.matcher(text);
        if (m.find()) {
            return date(m.group(2), m.group(1), m.group(3));
        }
        return Optional.empty();
    }

    private static Optional<String> date(String month, String day, String year) {
        int mo = monthNumber(month);
        try {
            MonthDay md = MonthDay.of(mo, Integer.parseInt(day));
            return Optional.of(
                    year == null
                            ? md.toString()
                            : md.atYear(Integer.parseInt(year)).toString());
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int monthNumber(String month) {
        return switch (month.toLowerCase(Locale.ROOT).substring(0, 3)) {
            case "jan" -> 1;
            case "feb" -> 2;
            case "mar" -> 3;
            case "apr" -> 4;
            case "may" -> 5;
            case "jun" -> 6;
            case "jul" -> 7;
            case "aug" -> 8;
            case "sep" -> 9;
            case "oct" -> 10;
            case "nov" -> 11;
            default -> 12;
        };
    }

    /** The first amount of money the text names, as {@code USD 500000}. */
    static Optional<String> amount(String text) {
        Matcher m = AMOUNT.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        boolean symbol = m.group("cur") != null;
        String cur = CURRENCY.get((symbol ? m.group("cur") : m.group("cur2")).toLowerCase(Locale.ROOT));
        String num = (symbol ? m.group("num") : m.group("num2")).replace(",", "");
        String mult = symbol ? m.group("mult") : m.group("mult2");
        BigDecimal value = new BigDecimal(num).multiply(multiplier(mult));
        return Optional.of(cur + " " + value.stripTrailingZeros().toPlainString());
    }

    private static BigDecimal multiplier(String mult) {
        if (mult == null) {
            return BigDecimal.ONE;
        }
        return switch (mult.toLowerCase(Locale.ROOT)) {
            case "k", "thousand" -> BigDecimal.valueOf(1_000);
            case "m", "mm", "million" -> BigDecimal.valueOf(1_000_000);
            default -> BigDecimal.valueOf(1_000_000_000);
        };
    }

    /** The value a statement sets: its amount if it names one, else its date; how two statements compare. */
    static Optional<String> value(String text) {
        Optional<String> amount = amount(text);
        return amount.isPresent() ? amount : date(text);
    }
}
