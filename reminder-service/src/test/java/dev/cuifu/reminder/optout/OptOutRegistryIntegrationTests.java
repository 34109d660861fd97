package dev.cuifu.reminder.optout;

import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.plan.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link OptOutRegistry} as the dispatcher and the API use it, on the real database. */
class OptOutRegistryIntegrationTests extends ReminderIntegrationTest {

  @Autowired OptOutRegistry registry;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void aBatchLookupNamesExactlyTheOptedOutPhonesOfThatShopAndChannel() {
    String optedOut = uniquePhone();
    String other = uniquePhone();
    String otherChannel = uniquePhone();
    registry.optOut(shopId, Channel.SMS, optedOut, OptOutRegistry.SOURCE_STOP, null);
    registry.optOut(shopId, Channel.CHAT, otherChannel, OptOutRegistry.SOURCE_STOP, null);
    registry.optOut(newShop(), Channel.SMS, other, OptOutRegistry.SOURCE_STOP, null);

    assertThat(registry.optedOut(shopId, Channel.SMS, List.of(optedOut, other, otherChannel, "not a number")))
        .containsExactly(optedOut);
    assertThat(registry.optedOut(shopId, Channel.SMS, List.of())).isEmpty();
  }

  @Test
  void anOptOutStopsOnlyItsOwnShopAndChannelUntilTheBuyerOptsBackIn() {
    String phone = uniquePhone();
    String otherShop = newShop();

    assertThat(registry.optOut(shopId, Channel.PHONE, phone, OptOutRegistry.SOURCE_STOP, "replied STOP")).isTrue();

    assertThat(registry.isOptedOut(shopId, Channel.PHONE, phone)).isTrue();
    assertThat(registry.isOptedOut(shopId, Channel.SMS, phone)).isFalse();
    assertThat(registry.isOptedOut(shopId, Channel.CHAT, phone)).isFalse();
    assertThat(registry.isOptedOut(otherShop, Channel.PHONE, phone)).isFalse();
    assertThat(registry.optIn(otherShop, Channel.PHONE, phone)).as("nothing of the other shop's to remove").isFalse();
    assertThat(registry.isOptedOut(shopId, Channel.PHONE, phone)).isTrue();

    assertThat(registry.optIn(shopId, Channel.PHONE, phone)).isTrue();
    assertThat(registry.isOptedOut(shopId, Channel.PHONE, phone)).isFalse();
    assertThat(registry.optIn(shopId, Channel.PHONE, phone)).as("opting in twice is harmless").isFalse();
  }

  @Test
  void anOptOutRecordsTheInjectedClocksTimeAndItsSource() {
    String phone = uniquePhone();
    CLOCK.advance(Duration.ofSeconds(1));

    registry.optOut(shopId, Channel.SMS, phone, " STOP ", null);

    assertThat(registry.find(shopId, Channel.SMS, phone))
        .hasValueSatisfying(
            o -> {
              assertThat(o.createdAt()).isEqualTo(CLOCK.instant());
              assertThat(o.source()).isEqualTo("STOP");
              assertThat(o.reason()).isNull();
              assertThat(o.shopId()).isEqualTo(shopId);
            });
  }

  @Test
  void anInvalidNumberIsRefusedAndIsNeverOptedOut() {
    assertThatThrownBy(() -> registry.optOut(shopId, Channel.SMS, "13800138000", OptOutRegistry.SOURCE_API, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("13800138000");
    assertThatThrownBy(() -> registry.optOut(shopId, Channel.SMS, uniquePhone(), " ", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.isOptedOut(shopId, Channel.SMS, "not a phone")).isFalse();
    assertThat(registry.isOptedOut(shopId, Channel.SMS, null)).isFalse();
    assertThatThrownBy(() -> registry.list(shopId, null, 0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.list(shopId, null, OptOutRegistry.MAX_LIMIT + 1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pagingOverAllChannelsNeverSplitsOnePhonesOptOuts() {
    // a: SMS, CHAT, PHONE; b: SMS; c: CHAT, SMS; d: PHONE (phones in sorted order)
    List<String> phones = new ArrayList<>(List.of(uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()));
    phones.sort(null);
    String a = phones.get(0), b = phones.get(1), c = phones.get(2), d = phones.get(3);
    for (Channel channel : Channel.values()) {
      registry.optOut(shopId, channel, a, OptOutRegistry.SOURCE_API, null);
    }
    registry.optOut(shopId, Channel.SMS, b, OptOutRegistry.SOURCE_API, null);
    registry.optOut(shopId, Channel.CHAT, c, OptOutRegistry.SOURCE_API, null);
    registry.optOut(shopId, Channel.SMS, c, OptOutRegistry.SOURCE_API, null);
    registry.optOut(shopId, Channel.PHONE, d, OptOutRegistry.SOURCE_API, null);

    for (int limit = 1; limit <= 8; limit++) {
      List<String> seen = new ArrayList<>();
      String after = null;
      int pages = 0;
      do {
        OptOutPage page = registry.page(shopId, null, limit, after);
        assertThat(page.items()).as("limit %d", limit).isNotEmpty();
        assertThat(page.items().size()).as("over the limit only for one phone's rows")
            .isLessThanOrEqualTo(Math.max(limit, Channel.values().length));
        page.items().forEach(o -> seen.add(o.phone() + "/" + o.channel()));
        after = page.next();
        pages++;
      } while (after != null && pages < 20);
      assertThat(seen)
          .as("limit %d: every opt-out once, by phone then channel name", limit)
          .containsExactly(
              a + "/CHAT", a + "/PHONE", a + "/SMS", b + "/SMS", c + "/CHAT", c + "/SMS", d + "/PHONE");
    }

    assertThat(registry.list(shopId, Channel.SMS, 2, null)).extracting(OptOut::phone).containsExactly(a, b);
    assertThat(registry.list(shopId, Channel.SMS, 2, b)).extracting(OptOut::phone).containsExactly(c);
    assertThat(registry.page(shopId, null, 4, null).items()).as("a's three rows, then b; c waits")
        .extracting(OptOut::phone).containsExactly(a, a, a, b);
  }
}
