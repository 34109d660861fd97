package dev.cuifu.ingest.web;

import jakarta.validation.constraints.AssertTrue;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cuifu.web.*}: limits on what a client may send.
 *
 * @param maxRequestSize the largest request body accepted; a larger one is answered 413 before
 *     it is read (by its {@code Content-Length}, or once a chunked body passes it). Default 4MB.
 */
@Validated
@ConfigurationProperties("cuifu.web")
public record WebProperties(DataSize maxRequestSize) {

  public static final DataSize DEFAULT_MAX_REQUEST_SIZE = DataSize.ofMegabytes(4);

  public WebProperties {
    maxRequestSize = maxRequestSize == null ? DEFAULT_MAX_REQUEST_SIZE : maxRequestSize;
  }

  @AssertTrue(message = "maxRequestSize must be between 1KB and 1GB")
  public boolean isMaxRequestSizeSane() {
    return maxRequestSize.toBytes() >= 1024 && maxRequestSize.toBytes() <= DataSize.ofGigabytes(1).toBytes();
  }
}
