package dev.cuifu.reminder.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which shop-chosen URLs the service may call. */
class OutboundGuardTests {

  private final OutboundGuard guard = new OutboundGuard(OutboundProperties.defaults());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://shop.example/hook", // plain http to a host nobody allow-listed
        "ftp://shop.example/hook",
        "https://user:pw@shop.example/hook",
        "https://127.0.0.1/hook",
        "https://127.1.2.3/hook",
        "https://2130706433/hook", // 127.0.0.1 as one number
        "https://0.0.0.0/hook",
        "https://10.0.0.1/hook",
        "https://172.31.255.255/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/hook",
        "https://224.0.0.1/hook",
        "https://255.255.255.255/hook",
        "https://[::1]/hook",
        "https://[::]/hook",
        "https://[fe80::1]/hook",
        "https://[fc00::1]/hook",
        "https://[fd00:ec2::254]/hook",
        "https://[ff02::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[64:ff9b::a00:1]/hook",
        "https://[2002:a00:1::]/hook"
      })
  void internalTargetsAndPlainHttpAreRefusedWithOneReason(String url) {
    OutboundRefusedException e = catchThrowableOfType(OutboundRefusedException.class, () -> guard.checkUrl(URI.create(url)));

    assertThat(e).as(url).isNotNull();
    assertThat(e.getMessage()).isEqualTo("the URL is not allowed");
  }

  @Test
  void httpsToPublicHostsIsAllowed() {
    for (String url : List.of("https://shop.example/hook", "https://93.184.216.34/hook", "https://[2606:4700::1111]/x")) {
      assertThatCode(() -> guard.checkUrl(URI.create(url))).as(url).doesNotThrowAnyException();
    }
  }

  @Test
  void aNameResolvingToLoopbackIsRefusedAfterResolution() {
    OutboundGuard.Target target = guard.target(URI.create("https://localhost/hook")); // a name: no DNS yet

    assertThat(catchThrowableOfType(OutboundRefusedException.class, () -> guard.resolve(target))).isNotNull();
  }

  @Test
  void allowListedHostsMayUseHttpAndInternalAddresses() throws UnknownHostException {
    OutboundGuard allowing = new OutboundGuard(new OutboundProperties(List.of("127.0.0.1", "LocalHost", "[::1]")));

    assertThat(allowing.resolve(allowing.target(URI.create("http://localhost:8080/hook")))).isNotEmpty();
    assertThatCode(() -> allowing.checkUrl(URI.create("http://127.0.0.1:9/x"))).doesNotThrowAnyException();
    assertThatCode(() -> allowing.checkUrl(URI.create("http://[::1]:9/x"))).doesNotThrowAnyException();
    assertThat(catchThrowableOfType(OutboundRefusedException.class, () -> allowing.checkUrl(URI.create("http://10.0.0.1/x"))))
        .isNotNull();
  }

  @Test
  void publicAddressesArePublic() throws UnknownHostException {
    assertThat(OutboundGuard.isPublic(InetAddress.getByName("8.8.8.8"))).isTrue();
    assertThat(OutboundGuard.isPublic(InetAddress.getByName("172.32.0.1"))).isTrue();
    assertThat(OutboundGuard.isPublic(InetAddress.getByName("100.128.0.1"))).isTrue();
    assertThat(OutboundGuard.isPublic(InetAddress.getByName("2001:4860:4860::8888"))).isTrue();
  }

  @Test
  void anAllowListEntryWithASchemeOrPortIsInvalid() {
    assertThat(new OutboundProperties(List.of("localhost", "::1")).isAllowedHostsBare()).isTrue();
    assertThat(new OutboundProperties(List.of("http://localhost")).isAllowedHostsBare()).isFalse();
    assertThat(new OutboundProperties(List.of("localhost:8080")).isAllowedHostsBare()).isFalse();
  }
}
