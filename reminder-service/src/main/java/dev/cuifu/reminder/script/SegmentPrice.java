package dev.cuifu.reminder.script;

import java.math.BigDecimal;

/**
 * The price of one SMS segment: minor units of {@code currency}, possibly fractional (Twilio bills
 * 0.79 US cents a segment to some countries).
 */
public record SegmentPrice(BigDecimal minor, String currency) {}
