package dev.cuifu.common.event;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** An amount in the currency's minor units (fen, cents) with its ISO 4217 code. */
public record Money(@NotNull @PositiveOrZero Long minor, @NotNull @IsoCurrency String currency) {

  @Override
  public String toString() {
    return minor + " " + currency;
  }
}
