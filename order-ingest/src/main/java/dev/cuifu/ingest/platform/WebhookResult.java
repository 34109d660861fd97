package dev.cuifu.ingest.platform;

import dev.cuifu.ingest.web.FieldProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer to a verified webhook (200): what became of it. A platform retries a delivery that is
 * not answered 2xx and in the end disables the webhook, so an order Cuifu cannot use (no buyer
 * phone, say) is acknowledged and listed under {@code skipped} instead of refused.
 *
 * @param accepted Cuifu events published now
 * @param duplicates events that were published before (a redelivery, or a step of the order already
 *     told by another topic)
 * @param skipped why an event this delivery would have made was not made, by field
 */
@Schema(description = "The webhook was verified and handled")
public record WebhookResult(
    @Schema(example = "1") int accepted,
    @Schema(example = "0") int duplicates,
    @Schema(description = "Fields that kept an event from being made; empty when none") List<FieldProblem> skipped) {

  public static WebhookResult nothing() {
    return new WebhookResult(0, 0, List.of());
  }
}
