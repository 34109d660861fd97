package dev.cuifu.reminder.channel.sms;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.messaging.v1.Service;
import dev.cuifu.reminder.shop.Shop;
import dev.cuifu.reminder.shop.ShopDirectory;
import dev.cuifu.reminder.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which senders a shop may put in its policy ({@code sms.from}, {@code chat.whatsappFrom}), so that
 * no shop sends from another shop's number or Messaging Service.
 *
 * <ul>
 *   <li>A shop on the deployment's Twilio account shares it with every such shop, so Twilio would
 *       send from any of the account's senders: only the sender the operator assigned to the shop
 *       (its {@code smsFrom}, replicated from order-ingest) or one of {@link SharedSenderProperties
 *       cuifu.sms.shared-senders} is allowed.
 *   <li>A shop with its own account may use that account's phone numbers (Twilio's
 *       IncomingPhoneNumbers, looked up by number) and Messaging Services (fetched by SID), asked of
 *       Twilio with the account's credentials. Twilio would refuse the others at send time, but only
 *       after every reminder had been planned on them.
 * </ul>
 *
 * <p>A WhatsApp sender ({@code whatsapp:+…}) counts as its number. The reason given never says whose
 * a refused sender is.
 */
@Component
public final class SenderOwnership {

  /** Why a sender is refused; the same for every refusal, so it tells nothing about other shops. */
  public static final String NOT_OWNED =
      "is not a sender of this shop: use the sender assigned to it, a shared sender of this deployment, or, with its"
          + " own Twilio account, one of that account's numbers or Messaging Services";

  static final String CREDENTIALS_REFUSED =
      "could not be checked: Twilio refused this shop's own account credentials (update them with PUT"
          + " /api/v1/sms/twilio-account)";

  private static final Logger log = LoggerFactory.getLogger(SenderOwnership.class);

  private final TwilioAccounts accounts;
  private final ShopDirectory shops;
  private final Set<String> shared;

  SenderOwnership(TwilioAccounts accounts, ShopDirectory shops, SharedSenderProperties properties) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.shops = Objects.requireNonNull(shops, "shops");
    this.shared = properties.sharedSenders().stream().map(SenderOwnership::key).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The senders the shop may not use, each named by its field; empty when it may use them all.
   *
   * @param sendersByField field path → sender ({@code +E.164}, {@code whatsapp:+E.164} or {@code
   *     MG…}), already well-formed; a {@code null} sender is skipped
   * @throws SenderCheckUnavailableException when Twilio could not be asked about the shop's own account
   */
  public List<FieldProblem> problems(String shopId, Map<String, String> sendersByField) {
    TwilioSmsGateway.Route route = accounts.forShop(shopId);
    String assigned = route.shopsOwn() ? null : shops.find(shopId).map(Shop::smsFrom).orElse(null);
    List<FieldProblem> problems = new ArrayList<>();
    sendersByField.forEach(
        (field, sender) -> {
          if (sender == null) {
            return;
          }
          String reason = route.shopsOwn() ? ownAccountRefusal(route, sender) : sharedAccountRefusal(assigned, sender);
          if (reason != null) {
            String shown = isMessagingService(sender) ? sender : WhatsAppAddress.mask(sender);
            log.info("shop {}: sender {} refused for {} ({} account)", shopId, shown, field,
                route.shopsOwn() ? "its own" : "the deployment's");
            problems.add(new FieldProblem(field, reason));
          }
        });
    return problems;
  }

  private String sharedAccountRefusal(String assigned, String sender) {
    String key = key(sender);
    return (assigned != null && key.equals(key(assigned))) || shared.contains(key) ? null : NOT_OWNED;
  }

  /** Null when the account holds the sender; the reason otherwise. */
  private static String ownAccountRefusal(TwilioSmsGateway.Route route, String sender) {
    String address = WhatsAppAddress.number(sender);
    try {
      return holds(route, address) ? null : NOT_OWNED;
    } catch (ApiException e) {
      Integer status = e.getStatusCode() != null ? e.getStatusCode() : e.getHttpStatusCode();
      if (status != null && status == 404 && isMessagingService(address)) {
        return NOT_OWNED; // Twilio answers another account's service, or none, with 404
      }
      if (status != null && (status == 401 || status == 403 || status == 404)) {
        return CREDENTIALS_REFUSED;
      }
      throw unavailable(e);
    } catch (TwilioException e) {
      throw unavailable(e);
    }
  }

  private static boolean holds(TwilioSmsGateway.Route route, String address) {
    TwilioRestClient client = route.client();
    if (isMessagingService(address)) {
      Service service = Service.fetcher(address).fetch(client);
      return route.accountSid().equalsIgnoreCase(service.getAccountSid());
    }
    // Twilio's PhoneNumber filter also matches parts of numbers: only an equal one counts
    for (IncomingPhoneNumber number :
        IncomingPhoneNumber.reader(route.accountSid()).setPhoneNumber(address).setPageSize(20L).read(client)) {
      if (number.getPhoneNumber() != null && address.equals(number.getPhoneNumber().toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMessagingService(String address) {
    return address.regionMatches(true, 0, "MG", 0, 2);
  }

  /** A sender as compared: the number without {@code whatsapp:}, a Messaging Service SID in upper case. */
  private static String key(String sender) {
    String address = WhatsAppAddress.number(sender.strip());
    return isMessagingService(address) ? address.toUpperCase(Locale.ROOT) : address;
  }

  private static SenderCheckUnavailableException unavailable(TwilioException e) {
    log.warn("sender check: Twilio could not be asked: {}", TwilioErrors.redact(e.getMessage()));
    return new SenderCheckUnavailableException(
        "Twilio could not be asked whether this shop's own account holds the sender; nothing was stored, try again");
  }
}
