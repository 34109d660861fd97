package dev.cuifu.reminder.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One adapter owns each provider SDK, so swapping or stubbing a provider touches one package and
 * nothing else can call a provider behind the dispatcher's rules.
 */
class ProviderBoundaryTests {

  private static final Path SOURCES = Path.of("src/main/java/dev/cuifu/reminder");

  @Test
  @DisplayName("rule: only channel.sms imports the Twilio SDK")
  void onlyTheSmsAdapterImportsTwilio() {
    assertThat(filesImporting("import com.twilio"))
        .isNotEmpty()
        .allSatisfy(file -> assertThat(file.toString()).contains("channel/sms/"));
  }

  @Test
  @DisplayName("rule: only the dispatcher and recovery reach the channel gateways")
  void onlyDispatchCallsGateways() {
    assertThat(filesImporting("import dev.cuifu.reminder.channel.sms.SmsGateway;"))
        .allSatisfy(file -> assertThat(file.toString()).containsAnyOf("channel/sms/", "dispatch/"));
    assertThat(filesImporting("import dev.cuifu.reminder.channel.chat.ChatGateway;"))
        .allSatisfy(file -> assertThat(file.toString()).containsAnyOf("channel/chat/", "dispatch/"));
  }

  private static List<Path> filesImporting(String importLine) {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).filter(f -> contains(f, importLine)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.readString(file).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
