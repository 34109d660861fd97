package dev.cuifu.common.event;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** An amount in the currency's minor units (fen, cents) with its ISO 4217 code. */
public record Money(@NotNull @PositiveOrZero @Max(Money.MAX_MINOR) Long minor, @NotNull @IsoCurrency String currency) {

  /**
   * The largest amount an event may carry (10 billion in a two-decimal currency): millions of such
   * orders still sum within a {@code long}, where a shop's totals and an experiment's recovered
   * amounts are kept.
   */
  public static final long MAX_MINOR = 1_000_000_000_000L;

  @Override
  public String toString() {
    return minor + " " + currency;
  }
}
