package dev.cuifu.reminder.buyer;

import dev.cuifu.reminder.shop.AuthenticatedShop;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

  private final BuyerHistoryImport history;

  BuyerHistoryController(BuyerHistoryImport history) {
    this.history = history;
  }

  @Operation(summary = "Import earlier paid orders per buyer (replaces earlier imports for those buyers)")
  @PostMapping(path = "/api/v1/buyers/history", consumes = MediaType.APPLICATION_JSON_VALUE)
  ImportResult importHistory(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @Valid @RequestBody ImportRequest request) {
    int imported =
        history.importPaidOrders(
            shop.shopId(),
            request.buyers().stream()
                .map(buyer -> new BuyerHistoryImport.ImportedBuyer(buyer.buyerId(), buyer.paidOrders()))
                .toList());
    return new ImportResult(imported);
  }
}
