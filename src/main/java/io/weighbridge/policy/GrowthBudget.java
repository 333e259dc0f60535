package io.weighbridge.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How much an image may grow over the one it replaces in the same container ({@code maxGrowth}):
 * a share of the old size ({@code 20%}) or an amount of bytes ({@code 200Mi}). Exactly one of
 * {@code percent} and {@code bytes} is set.
 *
 * @param written the budget as written, for messages
 * @param percent the share in percent of the old size, or {@code null}
 * @param bytes the amount, or {@code null}
 */
public record GrowthBudget(String written, BigDecimal percent, Long bytes) {
    public GrowthBudget {
        if ((percent == null) == (bytes == null)) {
            throw new IllegalArgumentException("a growth budget is a percentage or an amount of bytes");
        }
    }

    public static GrowthBudget percent(String written, BigDecimal percent) {
        return new GrowthBudget(written, percent, null);
    }

    public static GrowthBudget bytes(String written, long bytes) {
        return new GrowthBudget(written, null, bytes);
    }

    /** Whether growing from {@code before} to {@code after} bytes spends more than the budget. */
    public boolean exceededBy(long before, long after) {
        long growth = after - before;
        if (growth <= 0) {
            return false;
        }
        if (bytes != null) {
            return growth > bytes;
        }
        // growth / before > percent / 100, without dividing (an empty "before" grows infinitely)
        return BigDecimal.valueOf(growth)
                        .multiply(BigDecimal.valueOf(100))
                        .compareTo(percent.multiply(BigDecimal.valueOf(before)))
                > 0;
    }

    /** The growth as a share of {@code before}, rounded to a whole percent ({@code +40%}), or {@code null} from nothing. */
    public static String share(long before, long after) {
        if (before <= 0) {
            return null;
        }
        BigDecimal share = BigDecimal.valueOf(after - before)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(before), 0, RoundingMode.HALF_UP);
        return (share.signum() >= 0 ? "+" : "") + share.toPlainString() + "%";
    }
}
