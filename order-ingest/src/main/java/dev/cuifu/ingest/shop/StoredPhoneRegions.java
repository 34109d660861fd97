package dev.cuifu.ingest.shop;

import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Reads the region from the {@code shop} table each time, not from a cache: a change made through
 * the admin API applies to the very next event, on every order-ingest instance.
 */
@Component
class StoredPhoneRegions implements PhoneRegions {

  private final ShopRepository shops;

  StoredPhoneRegions(ShopRepository shops) {
    this.shops = shops;
  }

  @Override
  public Optional<String> of(String shopId) {
    try {
      return shops.phoneRegion(shopId);
    } catch (DataAccessException e) {
      throw new ShopsUnavailableException("The service cannot read the shop's phone region right now; retry later.", e);
    }
  }
}
