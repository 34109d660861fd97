package dev.cuifu.common.orderfile;

import java.util.List;

/**
 * What reading an order file came to.
 *
 * @param rows rows read and handed on
 * @param failed lines that could not be read (all of them, even beyond {@code errors})
 * @param errors the first {@link OrderFileReader#MAX_ERRORS} of those, in file order
 */
public record OrderFileSummary(long rows, long failed, List<LineError> errors) {}
