package dev.cuifu.ingest.shop;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;

/**
 * @param overlap how long the shop's other keys keep working beside the new one; absent: the
 *     configured {@code cuifu.ingest.api-keys.overlap}
 */
record RotateKeyRequest(@Schema(example = "PT24H") Duration overlap) {}
