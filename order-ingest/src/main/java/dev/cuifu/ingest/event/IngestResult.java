package dev.cuifu.ingest.event;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to an accepted request (202).
 *
 * @param accepted events published now
 * @param duplicates events whose id this shop had sent before (or that repeat an id within the
 *     batch): acknowledged, not published again
 */
@Schema(description = "Accepted: every event is on Kafka (now or from an earlier request)")
public record IngestResult(
    @Schema(example = "1") int accepted, @Schema(example = "0") int duplicates) {}
