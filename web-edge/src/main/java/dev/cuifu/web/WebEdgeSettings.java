package dev.cuifu.web;

import org.springframework.util.unit.DataSize;

/**
 * What {@link WebEdgeConfiguration} takes from the app importing it: each app provides one, from
 * its own properties records (where the defaults live).
 *
 * @param maxRequestSize the largest request body accepted; a larger one is answered 413
 * @param managementToken the bearer token the actuator endpoints other than health require; null
 *     or empty: nobody passes
 * @param supportedTypes the body types the app takes, named in the 415 to a wildcard Content-Type
 */
public record WebEdgeSettings(DataSize maxRequestSize, String managementToken, String supportedTypes) {

  /** Leaves the token out, so that logging the settings does not log it. */
  @Override
  public String toString() {
    return "WebEdgeSettings[maxRequestSize=" + maxRequestSize + ", supportedTypes=" + supportedTypes + "]";
  }
}
