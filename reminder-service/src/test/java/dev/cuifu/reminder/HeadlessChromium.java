package dev.cuifu.reminder;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Headless Chromium for the pages' browser tests (Debian's {@code chromium} and {@code
 * chromium-driver}), one per test class: {@code @RegisterExtension static final HeadlessChromium
 * CHROMIUM = new HeadlessChromium();}. Without them the class is skipped, unless {@code
 * CUIFU_REQUIRE_BROWSER=true} (CI), where that is a failure. Screenshots go to {@code
 * target/screenshots/}.
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private WebDriver browser;
  private Path profile;

  /** The class's browser (started before its first test). */
  public WebDriver browser() {
    return browser;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    profile = Files.createTempDirectory("chromium-profile");
    browser = start(profile);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /** Starts a browser with its profile in {@code profile}, or skips (or fails) the test class. */
  private static WebDriver start(Path profile) {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CUIFU_REQUIRE_BROWSER"))) {
      fail("CUIFU_REQUIRE_BROWSER=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
    }
    assumeTrue(installed, "no " + CHROMIUM + " / " + CHROMEDRIVER + ": the browser test is skipped");
    // the driver is given explicitly, so Selenium Manager never looks for (or downloads) one
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1100",
        "--user-data-dir=" + profile.toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  /**
   * Makes the browser's pages run in {@code zoneId} (an IANA id) whatever the machine's zone, so
   * a test can tell a page that follows the browser's zone from one that does not.
   */
  public void emulateTimeZone(String zoneId) {
    ((ChromeDriver) browser).executeCdpCommand("Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", zoneId));
  }

  /** Keeps what the browser shows as {@code target/screenshots/<name>}. */
  public void screenshot(String name) throws IOException {
    File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.createDirectories(SCREENSHOTS);
    Files.copy(png.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Keeps the whole page, not only what the window shows, as {@code target/screenshots/<name>}: the
   * window is made as tall as the page for the shot, then given back its size.
   */
  public void fullPageScreenshot(String name) throws IOException {
    Dimension before = browser.manage().window().getSize();
    Number height = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
    try {
      // the window's height includes the browser's own chrome, the page's does not
      browser.manage().window().setSize(new Dimension(before.getWidth(), height.intValue() + (before.getHeight() - viewportHeight())));
      screenshot(name);
    } finally {
      browser.manage().window().setSize(before);
    }
  }

  private int viewportHeight() {
    return ((Number) ((JavascriptExecutor) browser).executeScript("return window.innerHeight")).intValue();
  }
}
