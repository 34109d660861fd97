package dev.cuifu.reminder.buyer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Seeds buyers' earlier paid orders from the shop's own records, all of a request or none. */
@Service
class BuyerHistoryImport {

  /** What the shop says one buyer paid before Cuifu saw them. */
  record ImportedBuyer(String buyerId, int paidOrders) {}

  private final BuyerHistory history;
  private final TransactionTemplate transaction;
  private final Clock clock;

  BuyerHistoryImport(BuyerHistory history, TransactionTemplate transaction, Clock clock) {
    this.history = history;
    this.transaction = transaction;
    this.clock = clock;
  }

  /** Replaces earlier imports for these buyers; a buyer named twice keeps the last count. */
  int importPaidOrders(String shopId, List<ImportedBuyer> buyers) {
    Instant now = clock.instant();
    transaction.executeWithoutResult(
        status -> buyers.forEach(buyer -> history.replaceImported(shopId, buyer.buyerId(), buyer.paidOrders(), now)));
    return buyers.size();
  }
}
