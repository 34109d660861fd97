package dev.cuifu.reminder.channel.sms;

import com.twilio.base.Page;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SmsGateway} on Twilio's Programmable Messaging API through the official SDK. Each shop's
 * messages go through its {@link Route}: the shop's own Twilio account when it has one, else the
 * deployment's ({@link TwilioAccounts}). How failures are classified: {@link TwilioErrors}. Logs
 * one line per send and per lookup with the number masked.
 */
public final class TwilioSmsGateway implements SmsGateway {

  /**
   * The Twilio account a shop's messages go through.
   *
   * @param accountSid the account's SID (logged; the token stays inside the client)
   * @param client the SDK client authenticated as that account
   * @param statusCallbackUrl sent as each message's {@code StatusCallback}, or {@code null}
   * @param shopsOwn whether the account is the shop's own (else the deployment's, shared by the
   *     shops without one)
   */
  public record Route(String accountSid, TwilioRestClient client, URI statusCallbackUrl, boolean shopsOwn) {
    public Route {
      Objects.requireNonNull(accountSid, "accountSid");
      Objects.requireNonNull(client, "client");
    }
  }

  /** Picks a shop's {@link Route}. */
  @FunctionalInterface
  public interface Routes {
    Route forShop(String shopId);
  }

  private static final Logger log = LoggerFactory.getLogger(TwilioSmsGateway.class);

  /** Messages per list page in a lookup (Twilio allows up to 1000). */
  static final long LOOKUP_PAGE_SIZE = 100;
  /** Pages one list read of a lookup goes through before it gives up (RETRYABLE, not "not found"). */
  static final int LOOKUP_MAX_PAGES = 10;

  private final Routes routes;
  private final long lookupPageSize;
  private final int lookupMaxPages;

  /** Every shop through this one client (tests). */
  public TwilioSmsGateway(TwilioRestClient client, URI statusCallbackUrl) {
    this(oneAccount(client, statusCallbackUrl), LOOKUP_PAGE_SIZE, LOOKUP_MAX_PAGES);
  }

  /** Each shop through its own route. */
  public TwilioSmsGateway(Routes routes) {
    this(routes, LOOKUP_PAGE_SIZE, LOOKUP_MAX_PAGES);
  }

  /** Every shop through this one client, with other lookup paging bounds (tests). */
  TwilioSmsGateway(TwilioRestClient client, URI statusCallbackUrl, long lookupPageSize, int lookupMaxPages) {
    this(oneAccount(client, statusCallbackUrl), lookupPageSize, lookupMaxPages);
  }

  private TwilioSmsGateway(Routes routes, long lookupPageSize, int lookupMaxPages) {
    if (lookupPageSize < 1 || lookupPageSize > 1000 || lookupMaxPages < 1) {
      throw new IllegalArgumentException("lookupPageSize must be 1..1000 and lookupMaxPages positive");
    }
    this.routes = Objects.requireNonNull(routes, "routes");
    this.lookupPageSize = lookupPageSize;
    this.lookupMaxPages = lookupMaxPages;
  }

  /** Remembers each shop's route for the batch (the account row is read once per shop). */
  @Override
  public SmsGateway forBatch() {
    Map<String, Route> remembered = new ConcurrentHashMap<>();
    return new TwilioSmsGateway(shopId -> remembered.computeIfAbsent(shopId, routes::forShop), lookupPageSize, lookupMaxPages);
  }

  private static Routes oneAccount(TwilioRestClient client, URI statusCallbackUrl) {
    Route route = new Route(client.getAccountSid(), client, statusCallbackUrl, false);
    return shopId -> route;
  }

  @Override
  public Optional<String> ownAccountOf(String shopId) {
    Route route = routes.forShop(shopId);
    return route.shopsOwn() ? Optional.of(route.accountSid()) : Optional.empty();
  }

  /**
   * Sends through the Messaging Service when {@code from} is a Messaging Service SID ({@code MG…}),
   * else from that sender number; over WhatsApp when the addresses are {@code whatsapp:}-prefixed
   * ({@link WhatsAppAddress}).
   */
  @Override
  public SmsReceipt send(SmsMessage message) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(message.shopId(), "shopId");
    Objects.requireNonNull(message.to(), "to");
    Objects.requireNonNull(message.from(), "from");
    Objects.requireNonNull(message.body(), "body");
    String maskedTo = WhatsAppAddress.mask(message.to());
    long started = System.nanoTime();
    Route route = routes.forShop(message.shopId());
    try {
      MessageCreator creator =
          isMessagingService(message.from())
              ? Message.creator(new PhoneNumber(message.to()), message.from(), message.body())
              : Message.creator(new PhoneNumber(message.to()), new PhoneNumber(message.from()), message.body());
      if (route.statusCallbackUrl() != null) {
        creator.setStatusCallback(route.statusCallbackUrl());
      }
      Message sent = creator.create(route.client());
      SmsReceipt receipt = new SmsReceipt(sent.getSid(), statusWord(sent));
      log.info(
          "sms to {} accepted: account={} sid={} status={} segments={} in {}ms",
          maskedTo,
          route.accountSid(),
          receipt.providerMessageId(),
          receipt.status(),
          sent.getNumSegments(),
          millisSince(started));
      return receipt;
    } catch (TwilioException e) {
      SmsSendException failure = TwilioErrors.forSend(e);
      log.warn(
          "sms to {} failed: account={} kind={} code={} in {}ms: {}",
          maskedTo,
          route.accountSid(),
          failure.kind(),
          failure.providerErrorCode(),
          millisSince(started),
          failure.getMessage());
      throw failure;
    }
  }

  @Override
  public SmsReceipt fetch(String shopId, String providerMessageId) {
    Objects.requireNonNull(shopId, "shopId");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    try {
      Message message = Message.fetcher(providerMessageId).fetch(routes.forShop(shopId).client());
      return new SmsReceipt(message.getSid(), statusWord(message));
    } catch (TwilioException e) {
      throw TwilioErrors.forFetch(e);
    }
  }

  /**
   * Two list reads of the messages to {@code to}, newest first, each matched in our code on the
   * exact body and on {@code date_created} at or after {@code notBefore} (whole seconds: Twilio's
   * dates have no fraction):
   *
   * <ol>
   *   <li>{@code DateSent>} the UTC day of {@code notBefore}: what has gone out since. Twilio's date
   *       filters take only the day (a time is ignored), hence the exact check here.
   *   <li>only when that found nothing, without a date filter: what has not gone out yet (accepted,
   *       queued, scheduled — no {@code date_sent}, so no {@code DateSent} filter lists it; a send
   *       whose answer was lost is typically still queued). Twilio lists those first; the read stops
   *       at the first message sent before {@code notBefore}, everything after it is older.
   * </ol>
   *
   * Each read goes through at most {@link #LOOKUP_MAX_PAGES} pages of {@link #LOOKUP_PAGE_SIZE}; a
   * read cut short there is an incomplete answer and fails RETRYABLE rather than report "not found".
   * A not-found costs two list requests, a found one or two.
   */
  @Override
  public Optional<SmsReceipt> findSent(String shopId, String to, String body, Instant notBefore) {
    Objects.requireNonNull(shopId, "shopId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(notBefore, "notBefore");
    String maskedTo = WhatsAppAddress.mask(to);
    Instant since = notBefore.truncatedTo(ChronoUnit.SECONDS);
    ZonedDateTime sinceDay = since.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
    long started = System.nanoTime();
    Lookup lookup = new Lookup(routes.forShop(shopId).client(), to, body, since);
    try {
      lookup.read(Message.reader().setTo(to).setDateSentAfter(sinceDay).setPageSize(lookupPageSize), false);
      if (lookup.found == null) {
        lookup.read(Message.reader().setTo(to).setPageSize(lookupPageSize), true);
      }
    } catch (TwilioException e) {
      SmsSendException failure = TwilioErrors.forLookup(e);
      log.warn(
          "sms lookup to {} since {} failed: kind={} code={} after {} listed in {}ms: {}",
          maskedTo,
          since,
          failure.kind(),
          failure.providerErrorCode(),
          lookup.listed,
          millisSince(started),
          failure.getMessage());
      throw failure;
    } catch (SmsSendException failure) {
      log.warn(
          "sms lookup to {} since {} failed: kind={} after {} listed in {}ms: {}",
          maskedTo,
          since,
          failure.kind(),
          lookup.listed,
          millisSince(started),
          failure.getMessage());
      throw failure;
    }
    if (lookup.found == null) {
      log.info(
          "sms lookup to {} since {}: not found among {} listed ({} pages) in {}ms",
          maskedTo,
          since,
          lookup.listed,
          lookup.pages,
          millisSince(started));
      return Optional.empty();
    }
    SmsReceipt receipt = new SmsReceipt(lookup.found.getSid(), statusWord(lookup.found));
    log.info(
        "sms lookup to {} since {}: found sid={} status={} among {} listed ({} pages) in {}ms",
        maskedTo,
        since,
        receipt.providerMessageId(),
        receipt.status(),
        lookup.listed,
        lookup.pages,
        millisSince(started));
    return Optional.of(receipt);
  }

  /** One lookup's state across its list reads. */
  private final class Lookup {
    final TwilioRestClient client;
    final String to;
    final String body;
    final Instant since;
    Message found;
    int listed;
    int pages;

    Lookup(TwilioRestClient client, String to, String body, Instant since) {
      this.client = client;
      this.to = to;
      this.body = body;
      this.since = since;
    }

    /**
     * @param stopAtOlder stop at the first message sent before {@link #since} (the list is newest
     *     first, so the rest is older)
     */
    void read(MessageReader reader, boolean stopAtOlder) {
      Page<Message> page = reader.firstPage(client);
      for (int n = 1; ; n++) {
        pages++;
        for (Message m : page.getRecords()) {
          listed++;
          if (matches(m)) {
            found = m;
            return;
          }
          if (stopAtOlder && m.getDateSent() != null && m.getDateSent().toInstant().isBefore(since)) {
            return;
          }
        }
        if (!page.hasNextPage()) {
          return;
        }
        if (n >= lookupMaxPages) {
          throw SmsSendException.retryable(
              null,
              "more than " + n * lookupPageSize + " messages to " + WhatsAppAddress.mask(to)
                  + " to look through; cannot tell whether one was sent since " + since,
              null);
        }
        page = reader.nextPage(page, client);
      }
    }

    private boolean matches(Message m) {
      // the number is Twilio's own To filter; only body and time are ours to check
      return body.equals(m.getBody())
          && m.getDateCreated() != null
          && !m.getDateCreated().toInstant().isBefore(since);
    }
  }

  static boolean isMessagingService(String from) {
    return from.startsWith("MG");
  }

  private static String statusWord(Message message) {
    return message.getStatus() == null ? "unknown" : message.getStatus().toString();
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
