package dev.cuifu.reminder.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which shop-chosen URLs may be called. A URL may be called when it is absolute https with a host
 * (no user info), and every address its host resolves to is public; or when its host is one the
 * operator allow-listed ({@link OutboundProperties#allowedHosts()}), then over http too and at any
 * address. Refused: loopback, private (RFC 1918, IPv6 ULA), link-local (with the cloud metadata
 * address 169.254.169.254), CGNAT, multicast, unspecified, reserved and documentation ranges, and
 * IPv6 forms that embed such an IPv4 address (mapped, NAT64, 6to4).
 */
public class OutboundGuard {

  private final Set<String> allowedHosts;

  public OutboundGuard(OutboundProperties properties) {
    this.allowedHosts = Set.copyOf(properties.allowedHosts());
  }

  /** A URL that passed the checks that need no DNS, and where it goes. */
  record Target(URI url, String host, int port, boolean secure, boolean allowListed) {}

  /**
   * The checks that need no DNS: scheme, host, and a host given as an IP literal. Used when a shop
   * sets the URL, and before every call.
   *
   * @throws OutboundRefusedException when the URL may not be called
   */
  public void checkUrl(URI url) {
    target(url);
  }

  Target target(URI url) {
    if (url == null || !url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null) {
      throw new OutboundRefusedException();
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    String host = normalizeHost(url.getHost());
    boolean allowListed = allowedHosts.contains(host);
    boolean secure = scheme.equals("https");
    if (!(secure || (allowListed && scheme.equals("http")))) {
      throw new OutboundRefusedException();
    }
    int port = url.getPort() == -1 ? (secure ? 443 : 80) : url.getPort();
    if (!allowListed && isIpLiteral(host)) {
      try {
        checkAddress(InetAddress.getByName(host)); // a literal: parsed, not looked up
      } catch (UnknownHostException e) {
        throw new OutboundRefusedException();
      }
    }
    return new Target(url, host, port, secure, allowListed);
  }

  /**
   * Every address of the target's host, each checked; the caller connects only to these, so a
   * second DNS answer (rebinding) is never used.
   *
   * @throws OutboundRefusedException when any address is not public
   * @throws UnknownHostException when the host has no address
   */
  List<InetAddress> resolve(Target target) throws UnknownHostException {
    List<InetAddress> addresses = List.of(InetAddress.getAllByName(target.host()));
    if (!target.allowListed()) {
      addresses.forEach(OutboundGuard::checkAddress);
    }
    return addresses;
  }

  private static void checkAddress(InetAddress address) {
    if (!isPublic(address)) {
      throw new OutboundRefusedException();
    }
  }

  /** True when the address is a public unicast one the service may connect to for a shop. */
  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isPublicIpv4(b);
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
        return false;
      }
      if (first == 0xff || (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8)) {
        return false; // multicast, 2001:db8::/32 documentation
      }
      if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        return isPublicIpv4(slice(b, 12)); // ::ffff:a.b.c.d mapped
      }
      if (allZero(b, 0, 12)) {
        return false; // ::a.b.c.d compatible (deprecated), ::, ::1
      }
      if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        return isPublicIpv4(slice(b, 12)); // 64:ff9b::/96 NAT64
      }
      if (first == 0x20 && (b[1] & 0xff) == 0x02) {
        return isPublicIpv4(slice(b, 2)); // 2002::/16 6to4
      }
      return true;
    }
    return false;
  }

  private static boolean isPublicIpv4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return !(a0 == 0 // this network, 0.0.0.0
        || a0 == 10
        || a0 == 127
        || (a0 == 100 && (a1 & 0xc0) == 64) // 100.64.0.0/10 CGNAT
        || (a0 == 169 && a1 == 254) // link-local, cloud metadata
        || (a0 == 172 && (a1 & 0xf0) == 16)
        || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol assignments, TEST-NET-1
        || (a0 == 192 && a1 == 168)
        || (a0 == 198 && (a1 & 0xfe) == 18) // benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100)
        || (a0 == 203 && a1 == 0 && a2 == 113)
        || a0 >= 224); // multicast, reserved, broadcast
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+") || host.matches("(?i)0x[0-9a-f.x]+");
  }

  /** Lower case, without IPv6 brackets or a trailing dot: how hosts are compared. */
  static String normalizeHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
