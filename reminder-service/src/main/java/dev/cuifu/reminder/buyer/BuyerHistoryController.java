package dev.cuifu.reminder.buyer;

import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.shop.ShopAuthenticator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seeds "returning buyer" history from the shop's own records: how many orders each buyer paid
 * before Cuifu saw them. Paid events Cuifu consumes are counted on top.
 */
@RestController
class BuyerHistoryController {

  record BuyerPaidOrders(@NotBlank @Size(max = 128) String buyerId, @NotNull @PositiveOrZero @Max(1_000_000) Integer paidOrders) {}

  record ImportRequest(@NotNull @Size(min = 1, max = 10_000) List<@Valid @NotNull BuyerPaidOrders> buyers) {}

  record ImportResult(int imported) {}

  private final JdbcClient jdbc;
  private final ShopAuthenticator shops;
  private final TransactionTemplate transaction;
  private final Clock clock;

  BuyerHistoryController(JdbcClient jdbc, ShopAuthenticator shops, TransactionTemplate transaction, Clock clock) {
    this.jdbc = jdbc;
    this.shops = shops;
    this.transaction = transaction;
    this.clock = clock;
  }

  @Operation(summary = "Import earlier paid orders per buyer (replaces earlier imports for those buyers)")
  @PostMapping(path = "/api/v1/buyers/history", consumes = MediaType.APPLICATION_JSON_VALUE)
  ImportResult importHistory(
      @Parameter(in = ParameterIn.HEADER, name = ApiKeyDigest.HEADER, required = true)
          @RequestHeader(name = ApiKeyDigest.HEADER, required = false)
          String apiKey,
      @Valid @RequestBody ImportRequest request) {
    String shopId = shops.authenticate(apiKey);
    var now = Timestamps.toDb(clock.instant());
    transaction.executeWithoutResult(
        status ->
            request.buyers().forEach(
                buyer ->
                    jdbc.sql(
                            """
                            insert into buyer_history (shop_id, buyer_id, imported_paid_orders, updated_at)
                            values (?, ?, ?, ?)
                            on conflict (shop_id, buyer_id) do update set
                                imported_paid_orders = excluded.imported_paid_orders, updated_at = excluded.updated_at
                            """)
                        .params(shopId, buyer.buyerId(), buyer.paidOrders(), now)
                        .update()));
    return new ImportResult(request.buyers().size());
  }
}
