package dev.cuifu.ingest.event;

import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderPaid;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Documentation only: the body of {@code POST /api/v1/events/batch} (parsed by {@link EventReader}). */
@Schema(name = "EventBatch", description = "1 to cuifu.ingest.max-batch-size (default 1000) events")
record EventBatchRequest(
    @ArraySchema(
            minItems = 1,
            maxItems = 1000,
            schema =
                @Schema(
                    oneOf = {OrderCreated.class, OrderPaid.class, OrderClosed.class},
                    discriminatorProperty = "type",
                    discriminatorMapping = {
                      @DiscriminatorMapping(value = OrderCreated.TYPE, schema = OrderCreated.class),
                      @DiscriminatorMapping(value = OrderPaid.TYPE, schema = OrderPaid.class),
                      @DiscriminatorMapping(value = OrderClosed.TYPE, schema = OrderClosed.class)
                    }))
        List<Object> events) {}
