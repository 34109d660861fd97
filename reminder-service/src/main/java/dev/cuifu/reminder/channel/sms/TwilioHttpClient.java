package dev.cuifu.reminder.channel.sms;

import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The SDK's HTTP transport: the SDK's own {@link NetworkHttpClient} with our timeouts, optionally
 * rebased onto another base URL (the Twilio stub). Nothing above this class knows it may be a stub.
 *
 * <ul>
 *   <li>Timeouts: {@code NetworkHttpClient} puts its 30.5s default connect timeout on every request,
 *       so a request interceptor puts our request config (connect timeout from the connection
 *       config, response timeout = read timeout) back before the connection is made.
 *   <li>No retries inside the SDK or Apache: the SDK re-sends any request answered with a 5xx (3
 *       attempts) and Apache re-sends idempotent requests; for a POST that creates a message a
 *       hidden re-send could double-send. Retries belong to the caller, who knows what is safe.
 * </ul>
 */
final class TwilioHttpClient extends HttpClient implements AutoCloseable {

  private static final int[] NO_RETRY_CODES = new int[0];

  private final URI apiBaseUrl;
  private final PoolingHttpClientConnectionManager connectionManager;
  private final NetworkHttpClient delegate;

  /**
   * @param apiBaseUrl where to send requests instead of Twilio's hosts, or {@code null}
   */
  TwilioHttpClient(URI apiBaseUrl, Duration connectTimeout, Duration readTimeout) {
    this.apiBaseUrl = apiBaseUrl;
    this.connectionManager =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(connectTimeout))
                    .setSocketTimeout(Timeout.of(readTimeout))
                    .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .build())
            .setMaxConnPerRoute(20)
            .setMaxConnTotal(100)
            .build();
    RequestConfig requestConfig =
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.of(connectTimeout))
            .setResponseTimeout(Timeout.of(readTimeout))
            .build();
    HttpClientBuilder builder =
        HttpClientBuilder.create()
            .useSystemProperties()
            .setConnectionManager(connectionManager)
            .setDefaultRequestConfig(requestConfig)
            .disableAutomaticRetries()
            .addRequestInterceptorFirst(
                (request, entity, context) ->
                    HttpClientContext.castOrCreate(context).setRequestConfig(requestConfig));
    this.delegate = new NetworkHttpClient(builder);
  }

  @Override
  public Response makeRequest(Request request) {
    return delegate.makeRequest(apiBaseUrl == null ? request : new RebasedRequest(request, apiBaseUrl));
  }

  /** Exactly one attempt (see the class comment). */
  @Override
  public Response reliableRequest(Request request) {
    return reliableRequest(request, NO_RETRY_CODES, 1, 0L);
  }

  @Override
  public void close() {
    connectionManager.close();
  }

  /** A copy of an SDK request whose URL keeps path and query but takes another scheme/host/port. */
  static final class RebasedRequest extends Request {

    private final URL rebasedUrl;

    RebasedRequest(Request original, URI base) {
      super(original.getMethod(), original.getUrl());
      copy(original.getQueryParams(), queryParams);
      copy(original.getPostParams(), postParams);
      copy(original.getHeaderParams(), headerParams);
      if (original.getFormParameters() != null) {
        setFormParameters(new ArrayList<>(original.getFormParameters()));
      }
      setContentType(original.getContentType());
      setBody(original.getBody());
      setUserAgentExtensions(original.getUserAgentExtensions());
      if (original.getAuthStrategy() != null) {
        setAuth(original.getAuthStrategy());
      } else if (original.getUsername() != null) {
        setAuth(original.getUsername(), original.getPassword());
      }
      this.rebasedUrl = rebase(original.constructURL(), base);
    }

    static URL rebase(URL twilioUrl, URI base) {
      String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
      try {
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + twilioUrl.getFile())
            .toURL();
      } catch (MalformedURLException | IllegalArgumentException e) {
        throw new ApiException("Bad URL: " + e.getMessage(), e);
      }
    }

    private static void copy(Map<String, List<String>> from, Map<String, List<String>> to) {
      if (from != null) {
        from.forEach((k, v) -> to.put(k, new ArrayList<>(v)));
      }
    }

    @Override
    public URL constructURL() {
      return rebasedUrl;
    }

    @Override
    protected String buildURL() {
      return rebasedUrl.toString();
    }
  }
}
