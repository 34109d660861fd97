package dev.cuifu.reminder.channel.sms;

import com.twilio.http.TwilioRestClient;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which Twilio account serves a shop: its own ({@code shop_twilio_account}) when it has one, else
 * the deployment's ({@code cuifu.sms.twilio.*}). Keeps one SDK client per account, all on the one
 * {@link TwilioHttpClient} (its pool, timeouts and {@code api-base-url}); a client is rebuilt when
 * the shop changes its token. Also answers which auth tokens sign a webhook naming an account.
 */
final class TwilioAccounts implements TwilioSmsGateway.Routes {

  private record CachedClient(String authToken, TwilioRestClient client) {}

  private final ShopTwilioAccountStore store;
  private final TwilioHttpClient httpClient;
  private final TwilioSmsGateway.Route deploymentRoute;
  private final String deploymentAuthToken;
  private final ConcurrentMap<String, CachedClient> clients = new ConcurrentHashMap<>();

  TwilioAccounts(
      ShopTwilioAccountStore store, TwilioHttpClient httpClient, TwilioProperties properties, URI deploymentCallbackUrl) {
    this.store = Objects.requireNonNull(store, "store");
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    this.deploymentAuthToken = properties.authToken();
    this.deploymentRoute =
        new TwilioSmsGateway.Route(
            properties.accountSid(), client(properties.accountSid(), properties.authToken()), deploymentCallbackUrl);
  }

  String deploymentAccountSid() {
    return deploymentRoute.accountSid();
  }

  /** The shop's own account when it has one (its callback URL, else the deployment's), else the deployment's. */
  @Override
  public TwilioSmsGateway.Route forShop(String shopId) {
    return store.find(shopId)
        .map(
            own ->
                new TwilioSmsGateway.Route(
                    own.accountSid(),
                    client(own.accountSid(), own.authToken()),
                    own.statusCallbackUrl() != null ? own.statusCallbackUrl() : deploymentRoute.statusCallbackUrl()))
        .orElse(deploymentRoute);
  }

  /**
   * The auth tokens a webhook naming this account may be signed with: the deployment's for its own
   * SID (and for a request naming none), else those the shops on that account stored; none for an
   * account nobody here uses.
   */
  List<String> authTokensOf(String accountSid) {
    if (accountSid == null || accountSid.isBlank() || accountSid.strip().equals(deploymentAccountSid())) {
      return List.of(deploymentAuthToken);
    }
    return store.authTokensOf(accountSid.strip());
  }

  private TwilioRestClient client(String accountSid, String authToken) {
    return clients
        .compute(
            accountSid,
            (sid, cached) ->
                cached != null && cached.authToken().equals(authToken)
                    ? cached
                    : new CachedClient(
                        authToken, new TwilioRestClient.Builder(sid, authToken).httpClient(httpClient).build()))
        .client();
  }
}
